/**
 * The paths that differ between the merge-base and the head. Renames are listed as a
 * deletion and an addition (`--no-renames`), so both sides of a move count; mode changes and
 * submodule bumps are listed by git like any change; ignored files never appear.
 *
 * When the head is the working tree, the change is assembled from two cheap answers instead
 * of a diff of the working tree against the merge-base (which stats every file a second
 * time): the commits' tree-to-tree diff, and the working tree's status, which discovery
 * reads anyway.
 */
import { git, splitNul } from '@world/core';
import type { WorktreeStatus } from '@world/discovery';
import type { Revisions } from './revisions.js';

export interface ChangedPaths {
  /** Repository-relative paths, sorted, without duplicates. */
  paths: string[];
  /** Untracked files among them (when the head is the working tree). */
  untracked: string[];
}

const diffNames = async (root: string, args: readonly string[], paths: readonly string[] = []): Promise<string[]> =>
  splitNul(
    (await git(root, ['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', ...args, '--', ...paths], { env: { GIT_LITERAL_PATHSPECS: '1' } })).stdout,
  );

/** Tracked paths that differ between the merge-base and the head's commit (tree to tree). */
export const listCommittedPaths = (root: string, revs: Revisions): Promise<string[]> => diffNames(root, [revs.mergeBase, revs.head.commit]);

/**
 * The committed paths plus, when uncommitted changes count, the working tree's. A path
 * differs from the merge-base when it changed in the commits only, or in the working tree
 * only; one that changed in both, or was staged and then edited again, may have come back to
 * the merge-base's content, so those few are asked of git directly.
 */
export const combineChanges = async (root: string, revs: Revisions, committed: readonly string[], status: WorktreeStatus | undefined): Promise<ChangedPaths> => {
  if (revs.head.kind !== 'worktree' || !revs.head.uncommitted || !status) return { paths: [...new Set(committed)].sort(), untracked: [] };
  const inCommits = new Set(committed);
  const staged = new Set(status.staged);
  const unstaged = new Set(status.unstaged);
  const uncommitted = new Set([...staged, ...unstaged]);
  const unsure = new Set([...uncommitted].filter((p) => inCommits.has(p) || (staged.has(p) && unstaged.has(p))));
  const stillDiffer = new Set(unsure.size > 0 ? await diffNames(root, [revs.mergeBase], [...unsure]) : []);
  const paths = new Set(committed.filter((p) => !uncommitted.has(p)));
  for (const p of uncommitted) if (!unsure.has(p) || stillDiffer.has(p)) paths.add(p);
  for (const p of status.untracked) paths.add(p);
  return { paths: [...paths].sort(), untracked: [...status.untracked] };
};
