export * from './root.js';
export * from './discover.js';
export { listUntracked, listDirtyConfigFiles, isDiscoveryFile, type HeadSource, type ListedFile } from './tree-listing.js';
export { blobId, ParseCache } from './parse-cache.js';
