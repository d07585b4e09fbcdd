/**
 * CI clones are often shallow (`fetch-depth: 1`): the base, or the merge-base, is not there.
 * When the repository has a remote, fetch what is missing instead of guessing, as little as
 * does the job: when the base is a parent the head records (a pull request's merge commit,
 * a merge group built on its base) one `--deepen=1` of the head brings it; a base further
 * back is looked for by deepening the head, then fetched itself; then history is deepened
 * in growing steps, then completed.
 * History already here is only ever extended: `--depth` is used for revisions not yet
 * present and `--deepen` (relative to the current boundary) for the rest, so no fetch ever
 * hides history a clone had. Without a remote, or when the remote lacks a revision, the
 * caller's next step reports the actionable error.
 */
import { git } from '@world/core';
import { commitOf, hasMergeBase, isFullObjectName, isShallowRepository, preferredRemote, recordedParents, remotesOf } from './repo-state.js';
import { fetchTargetFor, remoteTrackingAlternative } from './remote-revisions.js';

export interface FetchedHistory {
  /** The git commands run, for the log (empty when nothing was missing). */
  commands: string[];
  /** The base to use now: `main` becomes `origin/main` when that is what could be fetched. */
  base: string;
  /** The head to use now (a name fetched into a remote-tracking branch may have changed). */
  head: string;
}

const DEPTHS = [50, 1000] as const;

/** Fetches what `base...head` needs; nothing when it is all here. */
export const fetchMissingHistory = async (dir: string, requestedBase: string, requestedHead: string): Promise<FetchedHistory> => {
  let base = requestedBase;
  let head = requestedHead;
  const commands: string[] = [];
  const done = () => ({ commands, base, head });
  if (await hasMergeBase(dir, base, head)) return done();
  const remotes = await remotesOf(dir);
  const remote = preferredRemote(remotes);
  base = (await commitOf(dir, base)) === undefined ? ((await remoteTrackingAlternative(dir, base, remotes)) ?? base) : base;
  head = (await commitOf(dir, head)) === undefined ? ((await remoteTrackingAlternative(dir, head, remotes)) ?? head) : head;
  if (remote === undefined || (await hasMergeBase(dir, base, head))) return done();

  const shallow = await isShallowRepository(dir);
  const fetch = async (args: string[]): Promise<boolean> => {
    commands.push(`git fetch ${args.join(' ')}`);
    return (await git(dir, ['fetch', '--no-tags', '--quiet', ...args], { allowExitCodes: [1, 128] })).exitCode === 0;
  };
  /** Brings a revision this clone lacks; the name that resolves to it afterwards. */
  const bring = async (rev: string): Promise<string | undefined> => {
    const answer = await fetchTargetFor(dir, rev, remotes);
    if (answer.kind !== 'target') return undefined;
    const { remote: from, what, resolvesAs } = answer.target;
    return (await fetch([...(shallow ? [`--depth=${DEPTHS[0]}`] : []), from, what])) ? resolvesAs : undefined;
  };

  let headCommit = await commitOf(dir, head);
  if (headCommit === undefined) {
    head = (await bring(head)) ?? head;
    headCommit = await commitOf(dir, head);
    if (headCommit === undefined) return done();
  }
  if ((await commitOf(dir, base)) === undefined) {
    // The base is usually behind the head (a merge group's base always is): deepening the
    // head brings it along — by one commit when the head records it as a parent.
    if (shallow) {
      const parentOfHead = isFullObjectName(base) && (await recordedParents(dir, headCommit)).includes(base);
      await fetch([`--deepen=${parentOfHead ? 1 : DEPTHS[0]}`, remote, headCommit]);
    }
    if ((await commitOf(dir, base)) === undefined) base = (await bring(base)) ?? base;
  }
  const baseCommit = await commitOf(dir, base);
  if (baseCommit === undefined || !shallow) return done();
  for (const depth of DEPTHS) {
    if (await hasMergeBase(dir, baseCommit, headCommit)) return done();
    if (!(await fetch([`--deepen=${depth}`, remote, headCommit, baseCommit]))) break;
  }
  if (!(await hasMergeBase(dir, baseCommit, headCommit)) && (await isShallowRepository(dir))) await fetch(['--unshallow', remote]);
  return done();
};
