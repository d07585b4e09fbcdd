/**
 * CI clones are often shallow (`fetch-depth: 1`): the base, or the merge-base, is not there.
 * When the repository has a remote, fetch what is missing — the base itself, then deeper
 * history in growing steps — instead of guessing. Without a remote the caller reports the
 * original, actionable error.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { git, gitText } from '@world/core';
import type { WorldRoot } from '@world/discovery';

const hasCommit = async (dir: string, ref: string): Promise<boolean> =>
  (await git(dir, ['rev-parse', '--verify', '-q', '--end-of-options', `${ref}^{commit}`], { allowExitCodes: [1, 128] })).exitCode === 0;

const hasMergeBase = async (dir: string, a: string, b: string): Promise<boolean> =>
  (await git(dir, ['merge-base', '--end-of-options', a, b], { allowExitCodes: [1, 128] })).exitCode === 0;

export interface FetchedHistory {
  /** The git commands run, for the log. */
  commands: string[];
  /** The base to use now: `main` becomes `origin/main` when only the remote branch could be fetched. */
  base: string;
}

/** Fetches what is missing; undefined when there is no remote to fetch from. */
export const fetchMissingHistory = async (root: WorldRoot, requestedBase: string, headRef: string): Promise<FetchedHistory | undefined> => {
  const dir = root.root;
  const remotes = (await gitText(dir, ['remote'])).split('\n').filter(Boolean);
  const remote = remotes.includes('origin') ? 'origin' : remotes[0];
  if (!remote) return undefined;
  const done: string[] = [];
  const fetch = async (args: string[]) => {
    done.push(`git fetch ${args.join(' ')}`);
    await git(dir, ['fetch', '--no-tags', '--quiet', ...args], { allowExitCodes: [1, 128] });
  };
  let baseRef = requestedBase;
  if (!(await hasCommit(dir, baseRef))) {
    // `origin/main` or `main` → fetch main into origin/main; a sha is fetched as is.
    const branch = baseRef.startsWith(`${remote}/`) ? baseRef.slice(remote.length + 1) : baseRef;
    if (/^[0-9a-f]{7,40}$/.test(branch)) await fetch([remote, branch]);
    else {
      await fetch([remote, `+refs/heads/${branch}:refs/remotes/${remote}/${branch}`]);
      baseRef = `${remote}/${branch}`;
    }
  }
  const shallow = () => existsSync(join(root.gitDir, 'shallow')) || existsSync(join(root.sharedStateDir, '..', 'shallow'));
  for (let depth = 50; !(await hasMergeBase(dir, baseRef, headRef)) && shallow() && depth <= 6400; depth *= 4) {
    await fetch(['--deepen', String(depth), remote]);
  }
  if (!(await hasMergeBase(dir, baseRef, headRef)) && shallow()) await fetch(['--unshallow', remote]);
  return { commands: done, base: baseRef };
};
