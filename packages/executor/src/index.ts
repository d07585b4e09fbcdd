export * from './events.js';
export * from './executor.js';
export * from './lookup.js';
export * from './shard.js';
