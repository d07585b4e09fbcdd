/**
 * The files of the head, with their git object ids: the index overlaid with the working
 * tree's modified, deleted and untracked files, or a commit's tree. Committed content is
 * never re-hashed — git already named it; only dirty files are read and hashed.
 */
import { readFileSync, lstatSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { git, splitNul } from '@world/core';
import { blobId, type HeadSource } from '@world/discovery';

export interface SourceFile {
  path: string;
  /** git mode: 100644, 100755 or 120000 (symlink). */
  mode: string;
  oid: string;
  /**
   * Set for working-tree files only: the file's bytes (a symlink's target) as they were hashed. The store gets these
   * very bytes, not whatever the file holds by the time sources are staged: an edit during a
   * build can never put new content under the old key.
   */
  content?: Buffer;
}

/** path → file, for every tracked (and, in the working tree, untracked) file of the head. */
export type SourceTree = Map<string, SourceFile>;

const diskFile = (root: string, path: string): SourceFile | undefined => {
  try {
    const st = lstatSync(join(root, path));
    if (st.isSymbolicLink()) {
      const content = Buffer.from(readlinkSync(join(root, path)));
      return { path, mode: '120000', oid: blobId(content), content };
    }
    if (!st.isFile()) return undefined;
    const content = readFileSync(join(root, path));
    return { path, mode: st.mode & 0o111 ? '100755' : '100644', oid: blobId(content), content };
  } catch {
    return undefined; // deleted in the working tree
  }
};

/**
 * The working tree's files that may differ from the index (modified, deleted, untracked,
 * conflicted: what `git status` names), read and hashed once; a deleted one maps to undefined.
 * With the index they make the head's tree, and they are part of the fingerprint memo's key.
 */
export type DirtyFiles = Map<string, SourceFile | undefined>;

export const readDirtyFiles = (root: string, source: Extract<HeadSource, { kind: 'worktree' }>): DirtyFiles =>
  new Map([...source.status.unstaged, ...source.status.untracked].map((path) => [path, diskFile(root, path)]));

/** `dirty`: the working tree's dirty files when they were read already (the same bytes are hashed and staged). */
export const readSourceTree = async (root: string, source: HeadSource, dirty?: DirtyFiles): Promise<SourceTree> => {
  const tree: SourceTree = new Map();
  if (source.kind === 'commit') {
    for (const rec of splitNul((await git(root, ['ls-tree', '-r', '-z', '--full-tree', source.oid])).stdout)) {
      // "<mode> <type> <oid>\t<path>"; submodules (type commit) are not sources.
      const tab = rec.indexOf('\t');
      const [mode, type, oid] = rec.slice(0, tab).split(' ') as [string, string, string];
      if (type === 'blob') tree.set(rec.slice(tab + 1), { path: rec.slice(tab + 1), mode, oid });
    }
    return tree;
  }
  const index = await git(root, ['ls-files', '-s', '-z']);
  for (const rec of splitNul(index.stdout)) {
    const tab = rec.indexOf('\t');
    const path = rec.slice(tab + 1);
    const mode = rec.slice(0, 6);
    if (mode === '160000') continue;
    // Conflicted entries (stage > 0) are taken from the disk below.
    if (rec[48] !== '0') {
      const f = diskFile(root, path);
      if (f) tree.set(path, f);
      continue;
    }
    tree.set(path, { path, mode, oid: rec.slice(7, 47) });
  }
  for (const [path, f] of dirty ?? readDirtyFiles(root, source)) {
    if (f) tree.set(path, f);
    else tree.delete(path);
  }
  return tree;
};
