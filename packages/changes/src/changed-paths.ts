/**
 * The paths that differ between the merge-base and the head. Renames are listed as a
 * deletion and an addition (`--no-renames`), so both sides of a move count; mode changes and
 * submodule bumps are listed by git like any change; ignored files never appear.
 */
import { git, splitNul } from '@world/core';
import type { Revisions } from './revisions.js';

export interface ChangedPaths {
  /** Repository-relative paths, sorted, without duplicates. */
  paths: string[];
  /** Untracked files among them (when the head is the working tree). */
  untracked: string[];
}

/** Tracked paths that differ between the merge-base and the head (the working tree's, when it is the head). */
export const listDiffPaths = async (root: string, revs: Revisions): Promise<string[]> => {
  const { head } = revs;
  const range =
    head.kind === 'commit' ? [revs.mergeBase, head.commit] : head.uncommitted ? [revs.mergeBase] : [revs.mergeBase, head.commit];
  return splitNul((await git(root, ['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', ...range, '--'])).stdout);
};

/** The diff plus, when uncommitted changes count, the untracked files. */
export const combineChanges = (revs: Revisions, diff: readonly string[], untracked: readonly string[]): ChangedPaths => {
  const counted = revs.head.kind === 'worktree' && revs.head.uncommitted ? untracked : [];
  return { paths: [...new Set([...diff, ...counted])].sort(), untracked: [...counted] };
};
