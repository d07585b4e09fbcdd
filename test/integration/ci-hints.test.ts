/**
 * Every `hint:` command works. For each situation that stops `world affected` (or `world ci`)
 * for want of a base, the test runs each command the hint quotes, through a shell as a user
 * pasting it would, in that same clone — and then the original command succeeds. Where no
 * command can make it succeed (a branch nobody has), the hint's commands still run cleanly
 * and list what can be used instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TestRepo, cleanupTempDirs, cloneRepo, makeRepo, nonce, parseError, sh, tempDir, type AffectedJson, type RunResult } from '../helpers/world-fixture.js';
import { ciRun, hasStackTrace, queueWorld } from '../helpers/ci-run.js';

const REPOSITORY = 3;

interface Stop {
  code: string;
  message: string;
  hint: string;
  /** The hint's commands (its backquoted parts), as run. */
  commands: string[];
  outputs: RunResult[];
}

/** The error a run stopped with; then each command of its hint, run through `sh -c` in `repo`, must succeed. */
const followHint = (repo: TestRepo, r: RunResult): Stop => {
  expect(r.code, r.stderr).toBe(REPOSITORY);
  expect(hasStackTrace(r)).toBe(false);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('world: error[') || l.startsWith('  hint: '));
  const error = parseError(lines.join('\n'));
  expect(error, r.stderr).toBeDefined();
  const commands = [...error!.hint.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
  const outputs = commands.map((c) => {
    const out = sh(repo.dir, 'sh', ['-c', c], { GIT_TERMINAL_PROMPT: '0' });
    expect(out.code, `hint command \`${c}\` failed:\n${out.stderr}`).toBe(0);
    return out;
  });
  return { ...error!, commands, outputs };
};

const affected = (repo: TestRepo, ...args: string[]) => repo.world('affected', ...args);

const affectedNames = (repo: TestRepo, ...args: string[]): string[] => {
  const r = repo.worldJson<AffectedJson>('affected', ...args);
  expect(r.code, r.stderr).toBe(0);
  return r.json.affected.map((p) => p.name).sort();
};

describe('hints that work', () => {
  let origin: TestRepo;
  let bare: string;
  let url: string;
  let forkPoint: string;

  beforeAll(() => {
    // main: initial, then two more commits; feature forks at initial and changes lib.
    origin = makeRepo(queueWorld(nonce()));
    forkPoint = origin.git('rev-parse', 'HEAD');
    origin.git('checkout', '-q', '-b', 'feature');
    origin.commit('lib: more', { 'lib/data.txt': `lib ${nonce()} more\n` });
    origin.git('checkout', '-q', 'main');
    origin.commit('other: one', { 'other/notes.txt': '1\n' });
    origin.commit('other: two', { 'other/notes.txt': '2\n' });
    bare = tempDir('world-hints-');
    sh(bare, 'git', ['init', '-q', '--bare']);
    origin.git('push', '-q', bare, 'main', 'feature');
    url = `file://${bare}`;
  });
  afterAll(cleanupTempDirs);

  const shallowFeatureClone = () => cloneRepo(url, '--depth', '1', '--branch', 'feature');

  for (const base of ['main', 'origin/main']) {
    it(`--depth 1 -b feature clone, --base ${base}: SHALLOW_HISTORY; the hint fetches the remote's branch main`, () => {
      const clone = shallowFeatureClone();
      const stop = followHint(clone, affected(clone, '--base', base));
      expect(stop.code).toBe('SHALLOW_HISTORY');
      expect(stop.commands).toEqual(['git fetch --unshallow origin +refs/heads/main:refs/remotes/origin/main']);
      expect(stop.hint).toContain('--all-if-base-missing');
      expect(affectedNames(clone, '--base', base)).toEqual(['app', 'lib']);
    });
  }

  it('--depth 1 clone, --base HEAD~1: the hint completes the history', () => {
    const clone = shallowFeatureClone();
    const stop = followHint(clone, affected(clone, '--base', 'HEAD~1'));
    expect(stop.code).toBe('SHALLOW_HISTORY');
    expect(stop.commands).toEqual(['git fetch --unshallow origin']);
    expect(affectedNames(clone, '--base', 'HEAD~1')).toEqual(['app', 'lib']);
  });

  it('--depth 1 clone, --base <full commit id> of main: the hint fetches that commit with its history', () => {
    const clone = shallowFeatureClone();
    const mainTip = origin.git('rev-parse', 'main');
    const stop = followHint(clone, affected(clone, '--base', mainTip));
    expect(stop.code).toBe('SHALLOW_HISTORY');
    expect(stop.commands).toEqual([`git fetch --unshallow origin ${mainTip}`]);
    expect(affectedNames(clone, '--base', mainTip)).toEqual(['app', 'lib']);
  });

  it('--depth 1 --no-single-branch clone: the merge-base is missing; the hint completes the history', () => {
    const clone = cloneRepo(url, '--depth', '1', '--no-single-branch', '--branch', 'feature');
    const stop = followHint(clone, affected(clone, '--base', 'origin/main'));
    expect(stop.code).toBe('SHALLOW_HISTORY');
    expect(stop.message).toContain('merge-base');
    expect(stop.commands).toEqual(['git fetch --unshallow origin']);
    expect(affectedNames(clone, '--base', 'origin/main')).toEqual(['app', 'lib']);
  });

  it('a linked worktree of a shallow clone is shallow too', () => {
    const clone = shallowFeatureClone();
    const wt = join(tempDir('world-wt-'), 'wt');
    clone.git('worktree', 'add', '-q', '--detach', wt);
    const linked = new TestRepo(wt);
    const stop = followHint(linked, affected(linked, '--base', 'main'));
    expect(stop.code).toBe('SHALLOW_HISTORY');
    expect(affectedNames(linked, '--base', 'main')).toEqual(['app', 'lib']);
  });

  describe('a complete clone missing what the remote gained since', () => {
    let clone: TestRepo;
    let laterCommit: string;
    beforeAll(() => {
      clone = cloneRepo(url, '--branch', 'feature');
      origin.git('branch', 'release', forkPoint);
      // A tag on a commit no branch has, so that fetching a branch cannot bring it along.
      origin.git('checkout', '-q', '--detach', forkPoint);
      origin.commit('tagged only', { 'README.md': 'tagged\n' });
      origin.git('tag', 'v2');
      origin.git('checkout', '-q', '-b', 'later', forkPoint);
      laterCommit = origin.commit('other: later', { 'other/notes.txt': 'later\n' });
      origin.git('checkout', '-q', 'main');
      origin.git('push', '-q', bare, 'release', 'v2', 'later');
    });

    for (const base of ['release', 'origin/release']) {
      it(`--base ${base}: BASE_UNRESOLVED; the hint fetches origin's branch release`, () => {
        const stop = followHint(clone, affected(clone, '--base', base));
        expect(stop.code).toBe('BASE_UNRESOLVED');
        expect(stop.commands).toEqual(['git fetch origin +refs/heads/release:refs/remotes/origin/release']);
        expect(affectedNames(clone, '--base', base)).toEqual(['app', 'lib']);
        clone.git('update-ref', '-d', 'refs/remotes/origin/release');
      });
    }

    it('--base v2 (a tag): the hint fetches the tag', () => {
      const stop = followHint(clone, affected(clone, '--base', 'v2'));
      expect(stop.commands).toEqual(['git fetch origin +refs/tags/v2:refs/tags/v2']);
      expect(affectedNames(clone, '--base', 'v2')).toEqual(['app', 'lib']);
    });

    it('--base <full commit id> the remote has: the hint fetches it by id', () => {
      const stop = followHint(clone, affected(clone, '--base', laterCommit));
      expect(stop.code).toBe('BASE_UNRESOLVED');
      expect(stop.commands).toEqual([`git fetch origin ${laterCommit}`]);
      expect(affectedNames(clone, '--base', laterCommit)).toEqual(['app', 'lib']);
    });

    for (const base of ['nosuchbranch', 'origin/nosuchbranch']) {
      it(`--base ${base}: nobody has it; the hint lists the remote's branches instead of a fetch that fails`, () => {
        const stop = followHint(clone, affected(clone, '--base', base));
        expect(stop.code).toBe('BASE_UNRESOLVED');
        expect(stop.message).toContain(JSON.stringify(base));
        expect(stop.commands).toEqual(['git ls-remote --heads origin']);
        // What it lists is usable.
        expect(stop.outputs[0]!.stdout).toContain('refs/heads/main');
        expect(affectedNames(clone, '--base', 'origin/main')).toEqual(['app', 'lib']);
      });
    }

    it('a branch whose name a shell would run: the hint quotes it, running it runs nothing else', () => {
      const evil = 'x$(touch${IFS}PWNED);y';
      origin.git('branch', evil, forkPoint);
      origin.git('push', '-q', bare, evil);
      const stop = followHint(clone, affected(clone, '--base', evil));
      expect(stop.commands).toEqual([`git fetch origin '+refs/heads/${evil}:refs/remotes/origin/${evil}'`]);
      expect(existsSync(join(clone.dir, 'PWNED'))).toBe(false);
      expect(affectedNames(clone, '--base', evil)).toEqual(['app', 'lib']);
    });

    it('world ci: a base the remote lacks cannot be fetched; the error carries the same working hint', () => {
      const r = ciRun(clone, ['--base', 'nosuchbranch']);
      const stop = followHint(clone, r);
      expect(stop.code).toBe('BASE_UNRESOLVED');
      expect(stop.commands).toEqual(['git ls-remote --heads origin']);
    });
  });

  it('an unreachable remote: the hint lists what this clone has, without a fetch', () => {
    const clone = cloneRepo(url, '--branch', 'feature');
    clone.git('remote', 'set-url', 'origin', `file://${join(tempDir(), 'gone')}`);
    const stop = followHint(clone, affected(clone, '--base', 'release-x'));
    expect(stop.code).toBe('BASE_UNRESOLVED');
    expect(stop.hint).toContain('could not ask origin');
    expect(stop.commands).toEqual(['git branch -a']);
    expect(stop.outputs[0]!.stdout).toContain('remotes/origin/main');
  });

  describe('a repository without a remote', () => {
    it('--base HEAD~1 on a single commit: no fetch can help; the hint lists the commits there are', () => {
      const repo = makeRepo(queueWorld(nonce()));
      const stop = followHint(repo, affected(repo, '--base', 'HEAD~1'));
      expect(stop.code).toBe('BASE_UNRESOLVED');
      expect(stop.commands).toEqual(['git log --oneline HEAD']);
      expect(stop.outputs[0]!.stdout.trim().split('\n')).toHaveLength(1);
    });

    it('a sibling directory named `shallow` does not make a missing base look like a shallow clone', () => {
      const parent = tempDir('world-sibling-');
      mkdirSync(join(parent, 'shallow'));
      mkdirSync(join(parent, 'repo'));
      const repo = makeRepo(queueWorld(nonce()), join(parent, 'repo'));
      const stop = followHint(repo, affected(repo, '--base', 'nosuchbranch'));
      expect(stop.code).toBe('BASE_UNRESOLVED');
      expect(stop.commands).toEqual(['git branch -a']);
    });

    it('a shallow clone whose remote was removed: no fetch is suggested', () => {
      const clone = cloneRepo(url, '--depth', '1', '--no-single-branch', '--branch', 'feature');
      clone.git('branch', 'mainline', 'origin/main');
      clone.git('remote', 'remove', 'origin');
      const stop = followHint(clone, affected(clone, '--base', 'HEAD~1'));
      expect(stop.code).toBe('BASE_UNRESOLVED');
      expect(stop.commands).toEqual(['git log --oneline HEAD']);
      const merge = followHint(clone, affected(clone, '--base', 'mainline'));
      expect(merge.code).toBe('SHALLOW_HISTORY');
      expect(merge.commands).toEqual([]);
      expect(merge.hint).toContain('clone again without --depth');
    });
  });
});
