/**
 * Lists the files discovery cares about (world.yaml, project.yaml, project.nix, the modules
 * directory) with their blob ids, from git rather than from the disk: a sparse checkout or a
 * blob-less partial clone still sees every project. For the working tree, files that are
 * present and modified, or untracked, overlay what the index says.
 */
import { lstatSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { git, splitNul } from '@world/core';
import { blobId, type ParseCache } from './parse-cache.js';
import type { WorktreeStatus } from './worktree-status.js';

export type HeadSource =
  /** The working tree: the index plus the files `status` names as dirty or untracked, read from disk. */
  | { kind: 'worktree'; status: WorktreeStatus }
  /** A commit's tree, read from git objects only. */
  | { kind: 'commit'; oid: string };

export interface ListedFile {
  path: string;
  oid: string;
  /** Set when the content came from the disk (dirty or untracked), so no git read is needed. */
  content?: Buffer;
  /** A symbolic link (git mode 120000): its blob is the link's target, not content to parse. */
  symlink?: true;
}

/** Which files discovery reads: the modules directory's, and package.json when the world infers dependencies from it. */
export interface DiscoveryScope {
  modulesDir: string;
  manifests: boolean;
}

export const isDiscoveryFile = (path: string, { modulesDir, manifests }: DiscoveryScope): boolean =>
  path === 'world.yaml' ||
  path.endsWith('/project.yaml') || path === 'project.yaml' ||
  path.endsWith('/project.nix') || path === 'project.nix' ||
  (manifests && (path.endsWith('/package.json') || path === 'package.json')) ||
  (path.startsWith(modulesDir + '/') && path.endsWith('.nix'));

const pathspecs = ({ modulesDir, manifests }: DiscoveryScope): string[] => [
  'world.yaml',
  'project.yaml',
  'project.nix',
  ':(glob)**/project.yaml',
  ':(glob)**/project.nix',
  `:(glob)${modulesDir}/**/*.nix`,
  ...(manifests ? ['package.json', ':(glob)**/package.json'] : []),
];

/**
 * A file as the disk has it. A link is listed as one (by its target, as git hashes it), never
 * followed; what git cannot hold (a directory, a FIFO, which would block the read) is not a file.
 */
const readDisk = (root: string, path: string): ListedFile | undefined => {
  try {
    const full = join(root, path);
    const stat = lstatSync(full);
    if (stat.isSymbolicLink()) return { path, oid: blobId(Buffer.from(readlinkSync(full))), symlink: true };
    if (!stat.isFile()) return undefined;
    const content = readFileSync(full);
    return { path, oid: blobId(content), content };
  } catch {
    return undefined; // deleted in the working tree
  }
};

/** Identifies one state of the index file; git rewrites the file (new inode or times) on every change. */
export const indexStamp = (gitDir: string): string | undefined => {
  try {
    const s = statSync(join(gitDir, 'index'), { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch {
    return undefined;
  }
};

/** The index's discovery files, reused while the index file is unchanged. */
const indexEntries = async (root: string, gitDir: string, scope: DiscoveryScope, cache: ParseCache): Promise<string[]> => {
  const stamp = indexStamp(gitDir);
  const key = `${stamp}:${scope.modulesDir}:${scope.manifests}`;
  const hit = cache.listing;
  if (stamp && hit?.key === key) return hit.records;
  const records = splitNul((await git(root, ['ls-files', '-s', '-z', '--', ...pathspecs(scope)])).stdout);
  if (stamp) cache.listing = { key, records };
  return records;
};

/**
 * Discovery files whose disk content may differ from the index: modified, deleted (null),
 * untracked or conflicted. Together with the index file's stamp they determine the listing.
 */
export type WorktreeOverlay = Map<string, ListedFile | null>;

export const worktreeOverlay = (root: string, scope: DiscoveryScope, { status }: Extract<HeadSource, { kind: 'worktree' }>): WorktreeOverlay => {
  const overlay: WorktreeOverlay = new Map();
  for (const path of [...status.unstaged, ...status.untracked]) {
    if (!isDiscoveryFile(path, scope)) continue;
    overlay.set(path, readDisk(root, path) ?? null);
  }
  return overlay;
};

const listWorktree = async (root: string, gitDir: string, scope: DiscoveryScope, overlay: WorktreeOverlay, cache: ParseCache): Promise<ListedFile[]> => {
  const files = new Map<string, ListedFile>();
  for (const rec of await indexEntries(root, gitDir, scope, cache)) {
    // "<mode> <oid> <stage>\t<path>"; a conflicted file has stages 1-3 and is read from disk.
    const tab = rec.indexOf('\t');
    const path = rec.slice(tab + 1);
    if (rec.startsWith('160000')) continue; // a submodule, not a file
    if (rec[48] !== '0') {
      const disk = readDisk(root, path);
      if (disk) files.set(path, disk);
      continue;
    }
    files.set(path, { path, oid: rec.slice(7, 7 + 40), ...(rec.startsWith('120000') ? { symlink: true as const } : {}) });
  }
  for (const [path, f] of overlay) {
    if (f) files.set(path, f);
    else files.delete(path);
  }
  return [...files.values()];
};

const listCommit = async (root: string, scope: DiscoveryScope, oid: string): Promise<ListedFile[]> => {
  const { stdout } = await git(root, ['ls-tree', '-r', '-z', '--full-tree', oid]);
  const files: ListedFile[] = [];
  for (const rec of splitNul(stdout)) {
    // "<mode> blob <oid>\t<path>"
    const tab = rec.indexOf('\t');
    const path = rec.slice(tab + 1);
    if (!rec.includes(' blob ') || !isDiscoveryFile(path, scope)) continue;
    files.push({ path, oid: rec.slice(tab - 40, tab), ...(rec.startsWith('120000') ? { symlink: true as const } : {}) });
  }
  return files;
};

export const listDiscoveryFiles = async (root: string, gitDir: string, scope: DiscoveryScope, source: HeadSource, cache: ParseCache, overlay?: WorktreeOverlay): Promise<ListedFile[]> =>
  source.kind === 'worktree'
    ? listWorktree(root, gitDir, scope, overlay ?? worktreeOverlay(root, scope, source), cache)
    : listCommit(root, scope, source.oid);
