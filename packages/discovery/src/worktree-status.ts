/**
 * The working tree against the index and HEAD, from one `git status`: git reads the index,
 * checks every tracked file's stat data (in parallel threads) and walks the directories for
 * untracked files in a single process — cheaper than a diff plus a separate untracked walk.
 *
 * Untracked directories are listed collapsed (`--untracked-files=normal`, which is also the
 * mode git's untracked cache serves); the few collapsed ones are then expanded by a walk
 * restricted to them, so callers always get files.
 */
import { git, parseStatus, splitNul } from '@world/core';

export interface WorktreeStatus {
  /** Untracked, not ignored files. */
  untracked: string[];
  /** Tracked paths whose disk content or mode differs from the index, deleted and conflicted ones included. */
  unstaged: string[];
  /** Paths whose index entry differs from HEAD's. */
  staged: string[];
}

export const readWorktreeStatus = async (root: string): Promise<WorktreeStatus> => {
  const { stdout } = await git(root, ['status', '--porcelain=v1', '-z', '--no-renames', '--untracked-files=normal']);
  const status: WorktreeStatus = { untracked: [], unstaged: [], staged: [] };
  const collapsed: string[] = [];
  for (const { xy, path } of parseStatus(stdout)) {
    if (xy === '??') (path.endsWith('/') ? collapsed : status.untracked).push(path);
    else {
      if (xy[0] !== ' ') status.staged.push(path);
      if (xy[1] !== ' ') status.unstaged.push(path);
    }
  }
  if (collapsed.length > 0) {
    const inside = await git(root, ['ls-files', '-o', '--exclude-standard', '-z', '--', ...collapsed], { env: { GIT_LITERAL_PATHSPECS: '1' } });
    status.untracked.push(...splitNul(inside.stdout));
  }
  return status;
};
