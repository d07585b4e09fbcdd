export * from './root.js';
export * from './discover.js';
export { listUntracked, isDiscoveryFile, type HeadSource, type ListedFile } from './tree-listing.js';
export { blobId, ParseCache } from './parse-cache.js';
