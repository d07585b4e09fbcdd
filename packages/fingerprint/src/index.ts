export * from './source-files.js';
export * from './fingerprints.js';
