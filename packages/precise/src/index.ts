export * from './sides.js';
export * from './affected.js';
export * from './derivation.js';
export * from './compare.js';
export * from './explain.js';
export * from './render.js';
