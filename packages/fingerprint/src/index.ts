export * from './source-files.js';
export * from './fingerprints.js';
export * from './host-digest.js';
export * from './fingerprint-memo.js';
