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

export const listChangedPaths = async (root: string, revs: Revisions, untracked: readonly string[]): Promise<ChangedPaths> => {
  const { head } = revs;
  const range =
    head.kind === 'commit' ? [revs.mergeBase, head.commit] : head.uncommitted ? [revs.mergeBase] : [revs.mergeBase, head.commit];
  const diff = await git(root, ['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', ...range, '--']);
  const counted = head.kind === 'worktree' && head.uncommitted ? untracked : [];
  const paths = [...new Set([...splitNul(diff.stdout), ...counted])].sort();
  return { paths, untracked: [...counted] };
};
