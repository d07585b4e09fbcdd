export * from './cache-index.js';
export * from './gc-roots.js';
export * from './source-index.js';
export * from './sharded-store.js';
