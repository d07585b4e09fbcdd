/**
 * Which two states of the world are compared. The base is always the merge-base of the
 * requested base and the head (three-dot semantics), so work that landed on the base branch
 * after this branch forked is not counted as this branch's change. A base that cannot be
 * resolved is an error that says how to fix it — never a silent "everything changed".
 */
import { WorldError, didYouMean, git, gitText, refNames } from '@world/core';
import type { WorldRoot } from '@world/discovery';
import { commitOf, remotesOf } from './repo-state.js';
import { remoteTrackingAlternative } from './remote-revisions.js';
import { missingBaseError, missingMergeBaseError } from './missing-history.js';

export type HeadRevision =
  /** The working tree; `commit` is HEAD, and uncommitted/untracked files count when `uncommitted`. */
  | { kind: 'worktree'; commit: string; uncommitted: boolean }
  | { kind: 'commit'; ref: string; commit: string };

export interface Revisions {
  /** The ref the user asked for (or the default branch). */
  baseRef: string;
  /** merge-base(baseRef, head): what the head is compared against. */
  mergeBase: string;
  head: HeadRevision;
}

export interface RevisionRequest {
  base?: string | undefined;
  /** undefined: the working tree. */
  head?: string | undefined;
  /** Count uncommitted and untracked changes when the head is the working tree. */
  uncommitted: boolean;
  defaultBranch: string | null;
  /** The caller treats a missing base as "everything affected": skip asking the remote for a hint. */
  allIfBaseMissing?: boolean;
}

/** origin/HEAD's branch, else origin/main, origin/master, main, master. */
export const findDefaultBranch = async (root: string): Promise<string> => {
  const candidates = ['refs/remotes/origin/HEAD', 'refs/remotes/origin/main', 'refs/remotes/origin/master', 'refs/heads/main', 'refs/heads/master'];
  const out = await gitText(root, ['for-each-ref', '--format=%(refname)%00%(symref)', ...candidates]);
  const found = new Map(out.split('\n').filter(Boolean).map((l) => l.split('\0') as [string, string]));
  for (const c of candidates) {
    if (!found.has(c)) continue;
    const target = found.get(c) || c;
    return target.replace(/^refs\/(heads|remotes)\//, '');
  }
  throw new WorldError('NO_DEFAULT_BRANCH', 'cannot tell what to compare against: no origin/HEAD, main or master branch', {
    hint: 'pass --base <ref>, or set `defaultBranch:` in world.yaml',
  });
};

export const resolveRevisions = async (root: WorldRoot, req: RevisionRequest): Promise<Revisions> => {
  const dir = root.root;
  const baseRef = req.base ?? req.defaultBranch ?? (await findDefaultBranch(dir));
  const headRef = req.head ?? 'HEAD';
  const [headOid, mb] = await Promise.all([
    commitOf(dir, headRef),
    git(dir, ['merge-base', '--end-of-options', baseRef, headRef], { allowExitCodes: [1, 128] }),
  ]);
  if (headOid === undefined) {
    throw req.head === undefined
      ? new WorldError('HEAD_UNRESOLVED', 'this repository has no commits yet', { hint: 'commit something first' })
      : new WorldError('HEAD_UNRESOLVED', `head ${JSON.stringify(req.head)} is not a commit of this repository${didYouMean(req.head, await refNames(dir))}`, {
          hint: 'check the name, or fetch it',
        });
  }
  if (mb.exitCode !== 0) {
    if ((await commitOf(dir, baseRef)) === undefined) {
      // A CI clone has `origin/main` but no local `main`: take the remote-tracking branch, as `git checkout main` would.
      const alternative = await remoteTrackingAlternative(dir, baseRef, await remotesOf(dir));
      if (alternative !== undefined) return resolveRevisions(root, { ...req, base: alternative });
      throw await missingBaseError(dir, baseRef, { askRemote: req.allIfBaseMissing !== true });
    }
    throw await missingMergeBaseError(dir, baseRef, headRef);
  }
  const mergeBase = mb.stdout.toString().trim();
  return {
    baseRef,
    mergeBase,
    head: req.head === undefined
      ? { kind: 'worktree', commit: headOid, uncommitted: req.uncommitted }
      : { kind: 'commit', ref: req.head, commit: headOid },
  };
};

/** True when the base could not be resolved in a way `--all-if-base-missing` may override. */
export const isMissingBase = (e: unknown): boolean =>
  e instanceof WorldError && ['SHALLOW_HISTORY', 'BASE_UNRESOLVED', 'UNRELATED_HISTORIES', 'NO_DEFAULT_BRANCH'].includes(e.code);
