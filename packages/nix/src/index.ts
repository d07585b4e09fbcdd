export * from './nix-process.js';
export * from './sources.js';
export * from './plan-file.js';
export * from './evaluate.js';
export * from './realise.js';
export * from './push.js';
export * from './build-log.js';
