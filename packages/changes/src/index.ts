export * from './revisions.js';
export * from './changed-paths.js';
export * from './classify.js';
export * from './fetch-history.js';
export * from './github-event.js';
