/**
 * `world ci` after GitHub's own checkouts. The remote is a bare repository over file:// laid
 * out as GitHub lays one out: `refs/pull/7/head` (the pull request), `refs/pull/7/merge` (a
 * real merge of it into main) and a merge queue branch `gh-readonly-queue/main/pr-7-<sha>`.
 * Each runner is made the way actions/checkout makes it — `git init`, one `git fetch
 * --depth=1` of the event's commit, a forced checkout — and the event payloads have the
 * fields of GitHub's webhook payloads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestRepo, cleanupTempDirs, makeRepo, nonce, sh, tempDir } from '../helpers/world-fixture.js';
import { ciRun, idsOf, queueWorld } from '../helpers/ci-run.js';

const LIB_AND_APP = ['app:build', 'app:test', 'lib:build', 'lib:test'];

/** A runner's workspace as actions/checkout leaves it: `refspec` fetched at depth 1, `target` checked out. */
const checkoutLikeActions = (url: string, refspec: string, checkout: string[]): TestRepo => {
  const runner = new TestRepo(tempDir('world-runner-'));
  runner.git('init', '-q');
  runner.git('remote', 'add', 'origin', url);
  runner.git('config', '--local', 'gc.auto', '0');
  runner.git('-c', 'protocol.version=2', 'fetch', '--no-tags', '--prune', '--no-recurse-submodules', '--depth=1', 'origin', refspec);
  runner.git('checkout', '-q', '--force', ...checkout);
  expect(runner.git('rev-parse', '--is-shallow-repository')).toBe('true');
  return runner;
};

const repoJson = { id: 1, name: 'queue', full_name: 'acme/queue', default_branch: 'main' };

/** A pull_request webhook payload (the fields GitHub sends that matter here, and some that do not). */
const pullRequestPayload = (o: { number: number; baseSha: string; headSha: string; mergeSha: string }) => ({
  action: 'synchronize',
  number: o.number,
  pull_request: {
    id: 1001,
    number: o.number,
    state: 'open',
    title: 'lib: more data',
    merge_commit_sha: o.mergeSha,
    head: { label: 'acme:feature', ref: 'feature', sha: o.headSha, repo: repoJson },
    base: { label: 'acme:main', ref: 'main', sha: o.baseSha, repo: repoJson },
  },
  repository: repoJson,
  sender: { login: 'octocat' },
});

const mergeGroupPayload = (o: { baseSha: string; headSha: string; headRef: string }) => ({
  action: 'checks_requested',
  merge_group: {
    head_sha: o.headSha,
    head_ref: `refs/heads/${o.headRef}`,
    base_sha: o.baseSha,
    base_ref: 'refs/heads/main',
    head_commit: { id: o.headSha, message: 'Merge pull request #7', author: { name: 'World Test' } },
  },
  repository: repoJson,
  sender: { login: 'github-merge-queue[bot]' },
});

const eventFile = (payload: unknown): string => {
  const file = join(tempDir('world-event-'), 'event.json');
  writeFileSync(file, JSON.stringify(payload, null, 2));
  return file;
};

describe('world ci after actions/checkout', () => {
  let origin: TestRepo;
  let url: string;
  let forkPoint: string;
  let mainTip: string;
  let prHead: string;
  let mergeCommit: string;

  beforeAll(() => {
    origin = makeRepo(queueWorld(nonce()));
    forkPoint = origin.git('rev-parse', 'HEAD');
    origin.git('checkout', '-q', '-b', 'feature');
    prHead = origin.commit('lib: more data', { 'lib/data.txt': `lib ${nonce()} more\n` });
    // main moves on after the pull request forked: its change must not count as the pull request's.
    origin.git('checkout', '-q', 'main');
    mainTip = origin.commit('other: unrelated', { 'other/data.txt': `ok ${nonce()}\n` });
    // What GitHub computes for refs/pull/7/merge: the pull request merged into main's tip.
    origin.git('checkout', '-q', '--detach', 'main');
    origin.git('merge', '-q', '--no-ff', '--no-edit', 'feature');
    mergeCommit = origin.git('rev-parse', 'HEAD');
    origin.git('checkout', '-q', 'main');
    const bare = tempDir('world-github-');
    sh(bare, 'git', ['init', '-q', '--bare']);
    origin.git('push', '-q', bare, 'main', 'feature', `feature:refs/pull/7/head`, `${mergeCommit}:refs/pull/7/merge`);
    url = `file://${bare}`;
  });
  afterAll(cleanupTempDirs);

  it('pull_request, default checkout (refs/pull/7/merge at depth 1): tests the merge commit against its first parent, fetching once', () => {
    const runner = checkoutLikeActions(url, '+refs/pull/7/merge:refs/remotes/pull/7/merge', ['refs/remotes/pull/7/merge']);
    expect(runner.git('rev-parse', 'HEAD')).toBe(mergeCommit);
    // The payload's base.sha may lag behind what GitHub merged into: here it is the fork point.
    const event = eventFile(pullRequestPayload({ number: 7, baseSha: forkPoint, headSha: prHead, mergeSha: mergeCommit }));
    const env = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, GITHUB_SHA: mergeCommit, GITHUB_REF: 'refs/pull/7/merge' };

    const r = ciRun(runner, [], env);
    expect(r.code, r.stderr).toBe(0);
    const report = r.report();
    expect(report.head.commit).toBe(mergeCommit);
    expect(report.base.mergeBase).toBe(mainTip);
    // Only the pull request's change: main's own change to `other` is in the base already.
    expect(idsOf(report)).toEqual(LIB_AND_APP);
    expect(report.summary.failed).toBe(0);
    const fetches = /fetched missing history: (.*)/.exec(r.stderr)?.[1]?.split('; ') ?? [];
    expect(fetches).toEqual([`git fetch --deepen=1 origin ${mergeCommit}`]);
    expect(r.stderr).not.toContain('warning');

    // A persistent runner's second run has the history: nothing is fetched, the answer is the same.
    const again = ciRun(runner, [], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('fetched missing history');
    expect(idsOf(again.report())).toEqual(LIB_AND_APP);
  });

  it('pull_request with the pull request head checked out: compared with pull_request.base.sha', () => {
    const runner = checkoutLikeActions(url, '+refs/pull/7/head:refs/remotes/pull/7/head', ['refs/remotes/pull/7/head']);
    const event = eventFile(pullRequestPayload({ number: 7, baseSha: mainTip, headSha: prHead, mergeSha: mergeCommit }));
    const r = ciRun(runner, [], { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event });
    expect(r.code, r.stderr).toBe(0);
    const report = r.report();
    expect(report.head.commit).toBe(prHead);
    expect(report.base.mergeBase).toBe(forkPoint);
    expect(idsOf(report)).toEqual(LIB_AND_APP);
    expect(r.stderr).toContain('fetched missing history');
  });

  it('pull_request with something else checked out: HEAD is tested, with a warning that says so', () => {
    const runner = checkoutLikeActions(url, '+refs/heads/main:refs/remotes/origin/main', ['-B', 'main', 'refs/remotes/origin/main']);
    const event = eventFile(pullRequestPayload({ number: 7, baseSha: mainTip, headSha: prHead, mergeSha: mergeCommit }));
    const r = ciRun(runner, [], { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: HEAD \([0-9a-f]{12}\) is neither pull request #7's head/);
    expect(r.report().head.commit).toBe(mainTip);
    expect(r.report().targets).toEqual([]);
  });

  describe('merge_group', () => {
    /** Pushes a queue branch whose commit builds `prs` (branches) on top of main, as the queue does; returns its sha. */
    const queueBranch = (name: string, prs: string[]): string => {
      origin.git('checkout', '-q', '--detach', 'main');
      for (const pr of prs) origin.git('merge', '-q', '--no-ff', '--no-edit', pr);
      const sha = origin.git('rev-parse', 'HEAD');
      origin.git('checkout', '-q', 'main');
      origin.git('push', '-q', url.slice('file://'.length), `${sha}:refs/heads/${name}`);
      return sha;
    };

    const runGroup = (name: string, headSha: string) => {
      // actions/checkout for a branch: the event's commit into the remote-tracking branch, then `checkout -B`.
      const runner = checkoutLikeActions(url, `+${headSha}:refs/remotes/origin/${name}`, ['-B', name, `refs/remotes/origin/${name}`]);
      const event = eventFile(mergeGroupPayload({ baseSha: mainTip, headSha, headRef: name }));
      return ciRun(runner, [], { GITHUB_EVENT_NAME: 'merge_group', GITHUB_EVENT_PATH: event, GITHUB_SHA: headSha, GITHUB_REF: `refs/heads/${name}` });
    };

    it('one pull request in the group: head_sha against base_sha, fetching once', () => {
      const name = `gh-readonly-queue/main/pr-7-${mainTip}`;
      const groupHead = queueBranch(name, ['feature']);
      const r = runGroup(name, groupHead);
      expect(r.code, r.stderr).toBe(0);
      const report = r.report();
      expect(report.head.commit).toBe(groupHead);
      expect(report.base.mergeBase).toBe(mainTip);
      expect(idsOf(report)).toEqual(LIB_AND_APP);
      expect(/fetched missing history: (.*)/.exec(r.stderr)?.[1]).toBe(`git fetch --deepen=1 origin ${groupHead}`);
    });

    it('two pull requests in the group: the base is further back and is still found', () => {
      origin.git('checkout', '-q', '-b', 'second', forkPoint);
      origin.commit('other: a second pull request', { 'other/notes.txt': `second ${nonce()}\n` });
      origin.git('checkout', '-q', 'main');
      const name = `gh-readonly-queue/main/pr-8-${mainTip}`;
      const groupHead = queueBranch(name, ['feature', 'second']);
      const r = runGroup(name, groupHead);
      expect(r.code, r.stderr).toBe(0);
      const report = r.report();
      expect(report.head.commit).toBe(groupHead);
      expect(report.base.mergeBase).toBe(mainTip);
      expect(idsOf(report)).toEqual([...LIB_AND_APP, 'other:build', 'other:test'].sort());
      // base_sha is an ancestor of head_sha: deepening the head finds it, in one fetch.
      expect(/fetched missing history: (.*)/.exec(r.stderr)?.[1]).toBe(`git fetch --deepen=50 origin ${groupHead}`);
    });
  });
});
