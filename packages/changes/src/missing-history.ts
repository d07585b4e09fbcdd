/**
 * The errors for a base that cannot be compared against, each with a hint whose command
 * works in the situation that produced it: it fetches a ref the remote has (asked with
 * `git ls-remote`), maps `origin/main` to the remote's branch `main`, completes a shallow
 * clone with `--unshallow` (which always reaches the merge-base, where `--deepen=n` may
 * not), and names no remote when there is none. After running it, the same world command
 * succeeds.
 */
import { WorldError, didYouMean, refNames } from '@world/core';
import { commitOf, isShallowRepository, preferredRemote, remotesOf } from './repo-state.js';
import { fetchTargetFor, parseRevision } from './remote-revisions.js';

const ALL = 'or pass --all-if-base-missing to treat every project as affected';

/** A word as a POSIX shell reads it: names come from flags and world.yaml, and hints are pasted into shells. */
export const shellWord = (s: string): string => (/^[A-Za-z0-9._\/:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

const command = (...words: string[]): string => `\`${words.map(shellWord).join(' ')}\``;

export interface ExplainOptions {
  /** Ask the remote which refs it has (a round trip); off when the error is about to be swallowed. */
  askRemote: boolean;
}

/** `ref` does not resolve here: SHALLOW_HISTORY when fetching history would help, else BASE_UNRESOLVED. */
export const missingBaseError = async (dir: string, ref: string, opts: ExplainOptions): Promise<WorldError> => {
  const quoted = JSON.stringify(ref);
  // The names a mistyped ref is compared with; not looked up for an error about to be swallowed.
  const [remotes, shallow, refs] = await Promise.all([remotesOf(dir), isShallowRepository(dir), opts.askRemote ? refNames(dir) : []]);
  const remote = preferredRemote(remotes);
  const parsed = parseRevision(ref, remotes);
  const unresolved = (hint: string) =>
    new WorldError('BASE_UNRESOLVED', `base ${quoted} is not a commit, branch or tag of this repository${didYouMean(ref, refs)}`, { hint: `${hint}; ${ALL}` });
  const notInShallow = (hint: string, message = `base ${quoted} is not in this shallow clone`) => new WorldError('SHALLOW_HISTORY', message, { hint: `${hint}; ${ALL}` });
  const unshallow = (...what: string[]) => command('git', 'fetch', '--unshallow', ...what);

  // `HEAD~5`, `main~2`: the name is here, the commit it counts back to is not.
  if (parsed.kind === 'name' && parsed.suffix !== '' && (await commitOf(dir, parsed.anchor)) !== undefined) {
    if (shallow && remote) return notInShallow(`fetch the rest of the history: ${unshallow(remote)}`, `base ${quoted} reaches back past the history of this shallow clone`);
    return unresolved(`${command('git', 'log', '--oneline', parsed.anchor)} lists the commits ${parsed.anchor} has`);
  }
  if (!opts.askRemote) return shallow ? notInShallow('fetch it') : unresolved('fetch it');
  const answer = await fetchTargetFor(dir, ref, remotes);
  switch (answer.kind) {
    case 'target': {
      const { remote: r, what } = answer.target;
      if (shallow) return notInShallow(`fetch it with the history that leads to it: ${unshallow(r, what)}`);
      const mayLack = parsed.kind === 'object' ? ` (if ${r} has that commit)` : '';
      return unresolved(`fetch it: ${command('git', 'fetch', r, what)}${mayLack}`);
    }
    case 'absent':
      return unresolved(`${answer.remote} has no branch or tag ${JSON.stringify(answer.name)} either: ${command('git', 'ls-remote', '--heads', answer.remote)} lists its branches`);
    case 'unreachable':
      return unresolved(`could not ask ${answer.remote} for it (${answer.why}); ${command('git', 'branch', '-a')} lists the branches this clone has`);
    case 'none':
      if (shallow && remote) return notInShallow(`fetch the rest of the history, which may hold it: ${unshallow(remote)}`);
      return unresolved(`check the name: ${command('git', 'branch', '-a')} lists the branches of this repository`);
  }
};

/** Both revisions resolve but no common ancestor is here: a cut-off history, or unrelated ones. */
export const missingMergeBaseError = async (dir: string, baseRef: string, headRef: string): Promise<WorldError> => {
  const [remotes, shallow] = await Promise.all([remotesOf(dir), isShallowRepository(dir)]);
  const remote = preferredRemote(remotes);
  if (shallow) {
    return new WorldError('SHALLOW_HISTORY', `the merge-base of ${baseRef} and ${headRef} is not in this shallow clone`, {
      hint: remote
        ? `fetch the rest of the history: ${command('git', 'fetch', '--unshallow', remote)}; ${ALL}`
        : `this shallow clone has no remote to fetch history from: clone again without --depth; ${ALL}`,
    });
  }
  return new WorldError('UNRELATED_HISTORIES', `${baseRef} and ${headRef} have no common history`, {
    hint: `pick a base on the same history as the head; ${ALL}`,
  });
};
