/**
 * Uncommitted work in the working tree, as `git status` sees it: modified, staged, deleted
 * and untracked (not ignored) files. Before any change that takes paths out of the checkout,
 * world lists the ones in those paths and refuses.
 */
import { git, parseStatus } from '@world/core';

export type DirtyKind = 'modified' | 'staged' | 'deleted' | 'untracked' | 'conflicted';

export interface DirtyFile {
  path: string;
  /** git's two status letters (`porcelain=v1`): index, then working tree. */
  status: string;
  kind: DirtyKind;
}

const kindOf = (xy: string): DirtyKind => {
  if (xy === '??') return 'untracked';
  if (xy.includes('U') || xy === 'AA' || xy === 'DD') return 'conflicted';
  if (xy[1] === 'D') return 'deleted';
  if (xy[1] !== ' ') return 'modified';
  return 'staged';
};

/** Every file with uncommitted work, optionally limited to paths inside `pathspecs` directories. */
export const listDirty = async (root: string, pathspecs: readonly string[] = []): Promise<DirtyFile[]> => {
  const specs = pathspecs.map((p) => `:(top,literal)${p}`);
  const { stdout } = await git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--', ...specs]);
  return parseStatus(stdout).map(({ xy, path }) => ({ path, status: xy, kind: kindOf(xy) }));
};

/**
 * Whether the file has a resolved entry in the index, whose skip-worktree bit a narrowing can
 * set: not untracked, not deleted from the index, not in conflict (git leaves unmerged entries alone).
 */
export const hasIndexEntry = (f: DirtyFile): boolean => f.kind !== 'untracked' && f.kind !== 'conflicted' && f.status[0] !== 'D';

export const describeDirty = (files: readonly DirtyFile[], max = 12): string =>
  files
    .slice(0, max)
    .map((f) => `  ${f.status} ${f.path}`)
    .join('\n') + (files.length > max ? `\n  … and ${files.length - max} more` : '');
