/**
 * Uncommitted work and the sparse checkout, on real git: every kind of dirty file a developer
 * leaves in a project (modified, staged, staged then edited, deleted staged and unstaged,
 * renamed staged and by hand, untracked, nested untracked, unicode names) goes through
 * `world checkout set`, `remove`, `sync` and `add`, with and without --force. Without
 * --force a narrowing that would take the work out is refused (DIRTY_PATHS, listing it);
 * either way `git status`, the index and every file's content are what they were before.
 */
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ApplyResult } from '@world/checkout';
import { TestRepo, cleanupTempDirs, parseError, sh, tempDir, type Files } from '../helpers/world-fixture.js';
import { remoteWorld, worldAt, worldJsonAt } from '../helpers/sparse-world.js';

afterAll(cleanupTempDirs);

const F = 'libs/format';

const files: Files = {
  'world.yaml': 'name: dirty\nprojects: [apps/**, libs/**]\n',
  'modules/base.nix': '{ ... }: { }\n',
  '.gitignore': '*.log\n',
  'apps/web/project.yaml': 'name: web\ndeps: [format]\n',
  'apps/web/src/app.js': 'app\n',
  'apps/top/project.yaml': 'name: top\n',
  'apps/top/top.js': 'top\n',
  'apps/other/project.yaml': 'name: other\n',
  'apps/other/other.js': 'other\n',
  [`${F}/project.yaml`]: 'name: format\n',
  [`${F}/README.md`]: 'format readme\n',
  [`${F}/données/café.txt`]: 'café\n',
  ...Object.fromEntries(['index', 'staged', 'both', 'gone', 'removed', 'old-name', 'moved', 'kept'].map((n) => [`${F}/src/${n}.js`, `${n} v1\n`])),
};

/** What the developer did, as `git status --porcelain` shows it (sorted). */
const expectedStatus = [
  ` D ${F}/src/gone.js`,
  ` D ${F}/src/moved.js`,
  ` M ${F}/données/café.txt`,
  ` M ${F}/src/index.js`,
  `?? "${F}/données/naïve 文件.txt"`, // git quotes a path with a space
  `?? ${F}/deep/er/still.txt`,
  `?? ${F}/notes.txt`,
  `?? ${F}/src/moved-here.js`,
  `A  ${F}/src/added.js`,
  `D  ${F}/src/removed.js`,
  `M  ${F}/src/staged.js`,
  `MM ${F}/src/both.js`,
  `R  ${F}/README.md -> apps/top/FORMAT.md`,
  `R  ${F}/src/old-name.js -> ${F}/src/new-name.js`,
];

/** Every path the work touched, with what must be on disk there (null: nothing). */
const expectedFiles: Record<string, string | null> = {
  [`${F}/src/index.js`]: 'my edit\n',
  [`${F}/src/staged.js`]: 'staged\n',
  [`${F}/src/both.js`]: 'staged, then edited\n',
  [`${F}/src/gone.js`]: null,
  [`${F}/src/removed.js`]: null,
  [`${F}/src/old-name.js`]: null,
  [`${F}/src/new-name.js`]: 'old-name v1\n',
  [`${F}/src/moved.js`]: null,
  [`${F}/src/moved-here.js`]: 'moved v1\n',
  [`${F}/src/added.js`]: 'a new file\n',
  [`${F}/README.md`]: null,
  ['apps/top/FORMAT.md']: 'format readme\n',
  [`${F}/notes.txt`]: 'my notes\n',
  [`${F}/deep/er/still.txt`]: 'nested\n',
  [`${F}/données/café.txt`]: 'café édité\n',
  [`${F}/données/naïve 文件.txt`]: 'unicode\n',
};

/** The dirty files of libs/format as world lists them (renames as a deletion and an addition). */
const leavingFormat = Object.keys(expectedFiles).filter((p) => p.startsWith(`${F}/`)).sort();

const makeDirty = (repo: TestRepo): void => {
  const src = join(repo.dir, F, 'src');
  repo.write({ [`${F}/src/index.js`]: 'my edit\n', [`${F}/src/staged.js`]: 'staged\n', [`${F}/src/both.js`]: 'staged\n', [`${F}/src/added.js`]: 'a new file\n' });
  repo.git('add', `${F}/src/staged.js`, `${F}/src/both.js`, `${F}/src/added.js`);
  repo.write({ [`${F}/src/both.js`]: 'staged, then edited\n' });
  repo.remove(`${F}/src/gone.js`);
  repo.git('rm', '-q', `${F}/src/removed.js`);
  repo.git('mv', `${F}/src/old-name.js`, `${F}/src/new-name.js`);
  repo.git('mv', `${F}/README.md`, 'apps/top/FORMAT.md');
  repo.write({ [`${F}/src/moved-here.js`]: readFileSync(join(src, 'moved.js'), 'utf8') }).remove(`${F}/src/moved.js`);
  repo.write({
    [`${F}/notes.txt`]: 'my notes\n',
    [`${F}/deep/er/still.txt`]: 'nested\n',
    [`${F}/données/café.txt`]: 'café édité\n',
    [`${F}/données/naïve 文件.txt`]: 'unicode\n',
  });
};

interface Snapshot {
  status: string[];
  index: string;
  files: Record<string, string | null>;
}

const contentAt = (repo: TestRepo, path: string): string | null =>
  lstatSync(join(repo.dir, path), { throwIfNoEntry: false }) ? readFileSync(join(repo.dir, path), 'utf8') : null;

/** `git status --porcelain` as a user sees it (non-ASCII unquoted), one entry a line, sorted. */
const status = (repo: TestRepo): string[] =>
  sh(repo.dir, 'git', ['-c', 'core.quotepath=off', 'status', '--porcelain=v1', '--untracked-files=all']).stdout.split('\n').filter(Boolean).sort();

const snapshot = (repo: TestRepo): Snapshot => ({
  status: status(repo),
  index: repo.git('ls-files', '--stage'),
  files: Object.fromEntries(Object.keys(expectedFiles).map((p) => [p, contentAt(repo, p)])),
});

const patterns = (repo: TestRepo) => repo.git('sparse-checkout', 'list').split('\n').filter(Boolean).sort();

let url: string;
beforeAll(() => {
  ({ url } = remoteWorld(files));
});

/** A sparse clone of web and top holding the dirty work, checked to be exactly what the matrix describes. */
const dirtyClone = (before: (repo: TestRepo) => void = () => {}): { repo: TestRepo; base: Snapshot } => {
  const parent = tempDir('world-dirty-');
  const r = worldAt(parent, ['clone', url, 'c', '--project', 'web', '--project', 'top']);
  expect(r.code, r.stderr).toBe(0);
  const repo = new TestRepo(join(parent, 'c'));
  before(repo);
  makeDirty(repo);
  const base = snapshot(repo);
  expect(base.status).toEqual(expectedStatus);
  expect(base.files).toEqual(expectedFiles);
  return { repo, base };
};

/** The dirty clone of a describe block, made before its tests run (they go on from one another's state). */
const dirtyScenario = (before?: (repo: TestRepo) => void): { repo: TestRepo; base: Snapshot } => {
  const s = { repo: undefined as unknown as TestRepo, base: undefined as unknown as Snapshot };
  beforeAll(() => Object.assign(s, dirtyClone(before)));
  return s;
};

const run = (repo: TestRepo, ...args: string[]) => worldJsonAt<ApplyResult & { error?: { code: string; details: { files: { path: string }[] } } }>(repo.dir, ['checkout', ...args]);

/** A narrowing without --force: refused, listing every dirty file that would leave; nothing moves; a re-run says the same. */
const expectRefused = (repo: TestRepo, base: Snapshot, args: string[]) => {
  const cone = patterns(repo);
  const r = run(repo, ...args);
  expect(r.code).toBe(3);
  expect(r.json.error?.code).toBe('DIRTY_PATHS');
  expect(r.json.error!.details.files.map((f) => f.path).sort()).toEqual(leavingFormat);
  const again = worldAt(repo.dir, ['checkout', ...args]);
  expect(again.code).toBe(3);
  const err = parseError(again.stderr)!;
  expect(err.code).toBe('DIRTY_PATHS');
  expect(err.message).toContain(` D ${F}/src/gone.js`);
  expect(err.hint).toContain('--force');
  expect(snapshot(repo)).toEqual(base);
  expect(patterns(repo)).toEqual(cone);
};

/** A command that succeeds and leaves every dirty file as it was; returns its result. */
const expectKept = (repo: TestRepo, base: Snapshot, args: string[], outside: boolean): ApplyResult => {
  const r = run(repo, ...args);
  expect(r.code, JSON.stringify(r.json)).toBe(0);
  expect(snapshot(repo)).toEqual(base);
  // Work outside the cone is reported, deletions included; files with no work are off the disk.
  expect(r.json.keptOutside.map((f) => f.path).sort()).toEqual(outside ? leavingFormat : []);
  expect(repo.exists(`${F}/src/kept.js`)).toBe(!outside);
  expect(repo.exists(`${F}/project.yaml`)).toBe(!outside);
  return r.json;
};

describe('checkout set', () => {
  const s = dirtyScenario();

  test('without --force: refused, every dirty file listed (the unstaged deletion too), nothing changed', () => {
    expectRefused(s.repo, s.base, ['set', 'top']);
  });

  test('--force narrows and leaves every dirty file as it was: a deletion stays a deletion', () => {
    const r = expectKept(s.repo, s.base, ['set', 'top', '--force'], true);
    expect(r.roots).toEqual(['top']);
    expect(patterns(s.repo)).toEqual(['apps/top', 'modules']);
    // git took the staged files off the disk; world wrote them back from the index.
    expect(r.restored.sort()).toEqual([`${F}/src/added.js`, `${F}/src/new-name.js`, `${F}/src/staged.js`]);
  });

  test('add of another project (the work stays outside) leaves it as it was', () => {
    expectKept(s.repo, s.base, ['add', 'other'], true);
  });

  test('add of the project back brings its clean files back, not the deleted ones', () => {
    expectKept(s.repo, s.base, ['add', 'web'], false);
    expect(s.repo.exists(`${F}/src/gone.js`)).toBe(false);
  });

  test('set --force again and set --all: still as it was', () => {
    expectKept(s.repo, s.base, ['set', 'top', '--force'], true);
    const r = run(s.repo, 'set', '--all');
    expect(r.code).toBe(0);
    expect(snapshot(s.repo)).toEqual(s.base);
    expect(s.repo.exists(`${F}/src/kept.js`)).toBe(true);
  });
});

describe('checkout remove', () => {
  const s = dirtyScenario();

  test('without --force: refused, nothing changed', () => {
    expectRefused(s.repo, s.base, ['remove', 'web']);
  });

  test('--force narrows and leaves every dirty file as it was', () => {
    expect(expectKept(s.repo, s.base, ['remove', 'web', '--force'], true).roots).toEqual(['top']);
  });

  test('add --force, outside and then back: still as it was', () => {
    expectKept(s.repo, s.base, ['add', 'other', '--force'], true);
    expectKept(s.repo, s.base, ['add', 'web', '--force'], false);
  });
});

describe('checkout sync', () => {
  // web stops depending on format (committed), so sync narrows format out of the cone.
  const s = dirtyScenario((repo) => repo.commit('web without format', { 'apps/web/project.yaml': 'name: web\ndeps: []\n' }));

  test('without --force: refused, nothing changed', () => {
    expectRefused(s.repo, s.base, ['sync']);
  });

  test('--force narrows and leaves every dirty file as it was', () => {
    expect(expectKept(s.repo, s.base, ['sync', '--force'], true).dependencies).toEqual([]);
  });

  test('add of the dependency left behind brings it back as it was', () => {
    expectKept(s.repo, s.base, ['add', 'format'], false);
  });
});

describe('checkout add over files written where the checkout hides tracked ones', () => {
  test('the files written by hand are kept, neither overwritten nor reported lost', () => {
    const parent = tempDir('world-dirty-');
    expect(worldAt(parent, ['clone', url, 'c', '--project', 'top']).code).toBe(0);
    const repo = new TestRepo(join(parent, 'c'));
    expect(repo.exists(F)).toBe(false);
    repo.write({ [`${F}/src/index.js`]: 'written by hand\n', [`${F}/new.txt`]: 'new\n' });
    const before = status(repo);
    expect(before).toEqual([` M ${F}/src/index.js`, `?? ${F}/new.txt`]);
    const r = worldJsonAt<ApplyResult>(repo.dir, ['checkout', 'add', 'web']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(repo.dir, F, 'src/index.js'), 'utf8')).toBe('written by hand\n');
    expect(readFileSync(join(repo.dir, F, 'new.txt'), 'utf8')).toBe('new\n');
    expect(readFileSync(join(repo.dir, F, 'src/kept.js'), 'utf8')).toBe('kept v1\n');
    expect(status(repo)).toEqual(before);
  });
});
