/**
 * The checks on values world hands to git as arguments. Branch names are held against git's
 * own verdict (`git check-ref-format --branch`), so world neither lets through a name git
 * would refuse or misread, nor refuses one git takes (`@` alone is the one deliberate extra).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { branchNameProblem, checkBranchName, checkCloneUrl, checkRevision } from '@world/core';
import { errorOf } from '../helpers/errors.js';

// Outside any repository, so that git has no previous branch to expand `@{-1}` to.
const outside = mkdtempSync(join(tmpdir(), 'world-refs-'));
afterAll(() => rmSync(outside, { recursive: true, force: true }));

const gitAccepts = (name: string): boolean =>
  spawnSync('git', ['check-ref-format', '--branch', name], { cwd: outside, env: { ...process.env, GIT_CEILING_DIRECTORIES: tmpdir() } }).status === 0;

describe('branch names', () => {
  const candidates = [
    'main', 'feature/login', 'release-1.2', 'a-', 'a./b', 'x/HEAD', 'a@b', 'fëature', '日本', 'refs/heads/x', 'v1.0_rc',
    '-D', '-M', '--orphan', '-', 'HEAD', 'a..b', 'x.lock', 'a.lock/b', '.x', 'a/.x', '.', 'a/.', 'a.', 'a/', '/a', 'a//b',
    'a b', 'a\tb', 'a\nb', 'a\u007fb', 'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[', 'a\\b', 'a@{1}', '@{-1}', '',
  ];

  test.each(candidates)('%j: world agrees with git check-ref-format --branch', (name) => {
    expect(branchNameProblem(name) === undefined).toBe(gitAccepts(name));
  });

  test('"@" alone is refused although git takes it: git reads it as HEAD', () => {
    expect(gitAccepts('@')).toBe(true);
    expect(branchNameProblem('@')).toMatch(/current commit/);
  });

  test('a refused name is an INVALID_REF usage error naming the flag and the reason', () => {
    const e = errorOf(() => checkBranchName('-D', '--branch'));
    expect(e.code).toBe('INVALID_REF');
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe('--branch "-D" is not a valid branch name: it starts with "-", so git would read it as an option');
    expect(e.hint).toContain('check-ref-format');
    expect(checkBranchName('feature/login', '--branch')).toBe('feature/login');
  });
});

describe('revisions', () => {
  test('anything git can resolve passes; what it could read as an option, or a line break, does not', () => {
    for (const rev of ['HEAD', 'HEAD~2', 'main^{commit}', 'origin/main', 'v1.0', 'deadbeef', 'HEAD^{/fix bug}', 'main@{1}']) expect(checkRevision(rev, '--from')).toBe(rev);
    for (const rev of ['', '-D', '--orphan', '--output=/tmp/x', 'main\n--all', 'a\u0000b']) {
      const e = errorOf(() => checkRevision(rev, '--from'));
      expect(e.code, JSON.stringify(rev)).toBe('INVALID_REF');
      expect(e.message).toContain('--from');
    }
  });
});

describe('clone URLs', () => {
  test('URLs and paths of repositories pass', () => {
    for (const url of ['https://host/org/world.git', 'ssh://git@host/org/world.git', 'git@host:org/world.git', 'file:///srv/world.git', '../world', '/srv/world', 'host:path/-x', 'https::https://host/world.git']) {
      expect(checkCloneUrl(url)).toBe(url);
    }
  });

  test.each([
    ['--upload-pack=touch /tmp/pwned', 'starts with "-"'],
    ['-u', 'starts with "-"'],
    ['ext::sh -c touch% /tmp/pwned', 'ext:: transport'],
    ['EXT::sh -c id', 'EXT:: transport'],
    ['fd::3', 'fd:: transport'],
    ['ssh://-oProxyCommand=touch%20/tmp/pwned/x', 'ssh host or user'],
    ['ssh://git@-oProxyCommand=x/y', 'ssh host or user'],
    ['-oProxyCommand=x:path', 'starts with "-"'],
    ['git@-oProxyCommand=x:path', 'ssh host or user'],
    ['https://host/world.git\n--upload-pack=x', 'control character'],
    ['', 'empty'],
  ])('%j is refused (%s)', (url, reason) => {
    const e = errorOf(() => checkCloneUrl(url));
    expect(e.code).toBe('INVALID_URL');
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(reason);
    expect(e.hint).toBeTruthy();
  });
});
