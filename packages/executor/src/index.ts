export * from './events.js';
export * from './plan.js';
export * from './evaluation.js';
export * from './build.js';
export * from './run-tracker.js';
export * from './lookup.js';
export * from './shard.js';
