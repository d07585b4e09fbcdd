export * from './root.js';
export * from './discover.js';
export { isDiscoveryFile, type HeadSource, type ListedFile } from './tree-listing.js';
export { readWorktreeStatus, type WorktreeStatus } from './worktree-status.js';
export { blobId, ParseCache } from './parse-cache.js';
export { prefetchSnapshot } from './snapshot.js';
export { detectWorkspaces, type LayoutKind, type WorkspaceLayout, type WorkspacePackage, type Workspaces } from './workspaces.js';
