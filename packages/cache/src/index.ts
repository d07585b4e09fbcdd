export * from './cache-index.js';
export * from './gc-roots.js';
export * from './timings.js';
