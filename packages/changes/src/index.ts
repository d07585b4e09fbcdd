export * from './revisions.js';
export * from './changed-paths.js';
export * from './classify.js';
