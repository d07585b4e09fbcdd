export * from './cone.js';
export * from './record.js';
export { readSparseState, type SparseState } from './sparse.js';
export { listDirty, type DirtyFile, type DirtyKind } from './dirty.js';
export * from './checkout.js';
export * from './clone.js';
export * from './trees.js';
export * from './doctor.js';
export { diskUsage, formatBytes, type DiskUsage } from './summary.js';
