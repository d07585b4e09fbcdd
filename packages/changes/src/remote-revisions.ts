/**
 * Where a revision a user named lives when this clone does not have it: `origin/main` is
 * branch `main` of remote `origin`, `main` may be a branch or a tag of the preferred remote,
 * a full commit id can be asked for by id, and `main~3` is about `main`. Both the automatic
 * fetch of `world ci` and the hints of the errors build their `git fetch` from these answers,
 * so a hint never names a ref the remote does not have.
 */
import { git, gitText } from '@world/core';
import { commitOf, isFullObjectName, preferredRemote } from './repo-state.js';

export type RevisionName =
  | { kind: 'object'; oid: string }
  /**
   * `anchor` is the leading name (`origin/main` of `origin/main~2`), `suffix` the rest;
   * `remote` is set when the anchor starts with a configured remote's name.
   */
  | { kind: 'name'; anchor: string; remote: string | undefined; name: string; suffix: string }
  | { kind: 'other' };

/** Splits `rev` into its leading ref name and a suffix (`~n`, `^`, `^{…}`, `@{…}`, `:path`). */
export const parseRevision = (rev: string, remotes: readonly string[]): RevisionName => {
  if (isFullObjectName(rev)) return { kind: 'object', oid: rev };
  const at = /[~^:]|@\{/.exec(rev);
  const anchor = at ? rev.slice(0, at.index) : rev;
  const suffix = rev.slice(anchor.length);
  if (anchor === '' || anchor === '@') return { kind: 'other' };
  // A full local ref name says where it must be; this clone not having it is not about a remote.
  if (/^refs\/(?:heads|tags)\//.test(anchor)) return { kind: 'other' };
  const short = anchor.replace(/^refs\/remotes\//, '');
  const remote = [...remotes].sort((a, b) => b.length - a.length).find((r) => short.startsWith(`${r}/`));
  return remote
    ? { kind: 'name', anchor, remote, name: short.slice(remote.length + 1), suffix }
    : { kind: 'name', anchor, remote: undefined, name: anchor, suffix };
};

/** Whether git accepts `name` as a branch name (and so as part of a refspec). */
export const isBranchName = async (dir: string, name: string): Promise<boolean> =>
  !name.startsWith('-') && (await git(dir, ['check-ref-format', `refs/heads/${name}`], { allowExitCodes: [1] })).exitCode === 0;

/**
 * `main` when only `origin/main` exists (a CI clone has no local branches but the one it
 * checked out): the remote-tracking name to use instead, as `git checkout main` would.
 * `origin` wins when several remotes have the branch; otherwise it must be unambiguous.
 */
export const remoteTrackingAlternative = async (dir: string, rev: string, remotes: readonly string[]): Promise<string | undefined> => {
  const parsed = parseRevision(rev, remotes);
  if (parsed.kind !== 'name' || parsed.remote !== undefined || parsed.anchor !== parsed.name) return undefined;
  const found: string[] = [];
  for (const r of remotes) if ((await commitOf(dir, `refs/remotes/${r}/${parsed.name}`)) !== undefined) found.push(r);
  const remote = found.includes('origin') ? 'origin' : found.length === 1 ? found[0] : undefined;
  return remote === undefined ? undefined : `${remote}/${parsed.name}${parsed.suffix}`;
};

export type RemoteLookup =
  | { found: 'branch' | 'tag' }
  | { found: 'none' }
  | { found: 'unreachable'; why: string };

/** Asks the remote whether it has a branch or tag `name` (one round trip, bounded in time). */
export const lookUpOnRemote = async (dir: string, remote: string, name: string): Promise<RemoteLookup> => {
  try {
    const out = await gitText(dir, ['ls-remote', '--refs', remote, `refs/heads/${name}`, `refs/tags/${name}`], { timeoutMs: 20_000 });
    const refs = new Set(out.split('\n').map((l) => l.split('\t')[1]));
    if (refs.has(`refs/heads/${name}`)) return { found: 'branch' };
    if (refs.has(`refs/tags/${name}`)) return { found: 'tag' };
    return { found: 'none' };
  } catch (e) {
    return { found: 'unreachable', why: ((e as Error).message.split('\n').find((l) => /fatal|error/i.test(l)) ?? (e as Error).message).trim() };
  }
};

/** A fetch that brings a missing revision, and the name that resolves to it afterwards. */
export interface FetchTarget {
  remote: string;
  /** The refspec or object id to put after `git fetch <remote>`. */
  what: string;
  resolvesAs: string;
}

export type FetchTargetAnswer =
  | { kind: 'target'; target: FetchTarget }
  /** The remote was asked and has no such branch or tag. */
  | { kind: 'absent'; remote: string; name: string }
  | { kind: 'unreachable'; remote: string; name: string; why: string }
  /** Nothing to fetch by name: no remote, or a name that is not a ref (an abbreviated id, `HEAD~1`). */
  | { kind: 'none' };

/** How to fetch `rev` from a remote, asking the remote when `rev` is a branch or tag name. */
export const fetchTargetFor = async (dir: string, rev: string, remotes: readonly string[]): Promise<FetchTargetAnswer> => {
  const parsed = parseRevision(rev, remotes);
  const fallback = preferredRemote(remotes);
  if (parsed.kind === 'object') return fallback ? { kind: 'target', target: { remote: fallback, what: parsed.oid, resolvesAs: parsed.oid } } : { kind: 'none' };
  if (parsed.kind !== 'name') return { kind: 'none' };
  const remote = parsed.remote ?? fallback;
  if (remote === undefined || !(await isBranchName(dir, parsed.name))) return { kind: 'none' };
  const answer = await lookUpOnRemote(dir, remote, parsed.name);
  // `origin/v1` names a remote-tracking branch: a tag v1 would not make that name resolve.
  if (answer.found === 'none' || (answer.found === 'tag' && parsed.remote !== undefined)) return { kind: 'absent', remote, name: parsed.name };
  if (answer.found === 'unreachable') return { kind: 'unreachable', remote, name: parsed.name, why: answer.why };
  const { name, suffix } = parsed;
  return {
    kind: 'target',
    target: answer.found === 'branch'
      ? { remote, what: `+refs/heads/${name}:refs/remotes/${remote}/${name}`, resolvesAs: `${remote}/${name}${suffix}` }
      : { remote, what: `+refs/tags/${name}:refs/tags/${name}`, resolvesAs: `${name}${suffix}` },
  };
};
