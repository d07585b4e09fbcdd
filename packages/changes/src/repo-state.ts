/**
 * Facts about the local repository that deciding how to compare two revisions needs: which
 * commits are here, whether history is cut short (a shallow clone), and which remote to
 * fetch from. All are asked of git, never guessed from files in `.git`.
 */
import { git, gitText } from '@world/core';

export { commitOf } from '@world/core';

export const hasMergeBase = async (dir: string, a: string, b: string): Promise<boolean> =>
  (await git(dir, ['merge-base', '--end-of-options', a, b], { allowExitCodes: [1, 128] })).exitCode === 0;

/** git's own answer: a sibling directory or a linked worktree cannot fool it. */
export const isShallowRepository = async (dir: string): Promise<boolean> =>
  (await gitText(dir, ['rev-parse', '--is-shallow-repository'])).trim() === 'true';

export const remotesOf = async (dir: string): Promise<string[]> => (await gitText(dir, ['remote'])).split('\n').filter(Boolean);

/** `origin` when there is one, else the first remote; undefined without remotes. */
export const preferredRemote = (remotes: readonly string[]): string | undefined => (remotes.includes('origin') ? 'origin' : remotes[0]);

/**
 * The parents a commit records, read from the commit object itself: in a shallow clone the
 * boundary commits look parentless to `rev-parse`, but their objects still name the parents.
 */
export const recordedParents = async (dir: string, commit: string): Promise<string[]> => {
  const r = await git(dir, ['cat-file', 'commit', commit], { allowExitCodes: [128] });
  if (r.exitCode !== 0) return [];
  const header = r.stdout.toString('utf8').split('\n\n', 1)[0]!;
  return header.split('\n').filter((l) => l.startsWith('parent ')).map((l) => l.slice('parent '.length));
};

/** A full object name (SHA-1 or SHA-256): something a remote can be asked for by id. */
export const isFullObjectName = (s: string): boolean => /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(s);
