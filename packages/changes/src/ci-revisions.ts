/**
 * What `world ci` compares: the revisions from its flags, or from the GitHub event that
 * started the run, with the history they need fetched when the clone is too shallow.
 *
 * For a pull request, what the workflow checked out is what is tested. GitHub's default
 * checkout is the merge commit `refs/pull/N/merge` (the pull request merged into its base,
 * fetched at depth 1); its first parent is exactly the base it was merged into, so that is
 * the base — not `pull_request.base.sha`, which may be older or newer than the commit GitHub
 * merged into. A checkout of the pull request's own head is compared with
 * `pull_request.base.sha`. For a merge group, the queue asks for `merge_group.head_sha` to be
 * tested against `merge_group.base_sha`, the commit the group is built on.
 */
import { fetchMissingHistory } from './fetch-history.js';
import { readGithubEvent, type GithubEvent } from './github-event.js';
import { commitOf, recordedParents } from './repo-state.js';

export interface CiRevisionRequest {
  base?: string | undefined;
  head?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

export interface CiRevisions {
  /** undefined: compare with the default branch. */
  base: string | undefined;
  head: string;
  /** The git fetches run to complete a shallow clone. */
  fetched: string[];
  /** Things the user should know about the choice made (printed as warnings). */
  warnings: string[];
}

const short = (sha: string) => sha.slice(0, 12);

/** Base and head of a pull request event, from what is checked out. */
const pullRequestRevisions = async (dir: string, event: Extract<GithubEvent, { event: 'pull_request' | 'pull_request_target' }>) => {
  const checkedOut = await commitOf(dir, 'HEAD');
  const parents = checkedOut === undefined ? [] : await recordedParents(dir, checkedOut);
  if (parents.length >= 2 && parents.slice(1).includes(event.headSha)) return { base: parents[0]!, warnings: [] };
  const which = event.number === null ? 'the pull request' : `pull request #${event.number}`;
  const warnings =
    checkedOut === undefined || checkedOut === event.headSha
      ? []
      : [`HEAD (${short(checkedOut)}) is neither ${which}'s head (${short(event.headSha)}) nor a merge of it: testing HEAD against pull_request.base.sha`];
  return { base: event.baseSha, warnings };
};

export const resolveCiRevisions = async (dir: string, req: CiRevisionRequest): Promise<CiRevisions> => {
  const event = req.base !== undefined || req.head !== undefined ? undefined : readGithubEvent(req.env ?? process.env);
  let base = req.base;
  let head = req.head ?? 'HEAD';
  let warnings: string[] = [];
  if (event?.event === 'merge_group') {
    base = event.baseSha;
    head = event.headSha;
  } else if (event) {
    ({ base, warnings } = await pullRequestRevisions(dir, event));
  }
  if (base === undefined) return { base, head, fetched: [], warnings };
  const fetched = await fetchMissingHistory(dir, base, head);
  return { base: fetched.base, head: fetched.head, fetched: fetched.commands, warnings };
};
