/**
 * Hostile and odd input to `world tree`, `world clone` and `world checkout`, on real git: values
 * shaped like git options (`--branch=-D` once deleted a branch through `git worktree add -b`),
 * command-running URLs, paths that are files, inside .git or inside a worktree, names with
 * `/`, `..` or unicode. Each refusal is checked for its exit code and error code, for having
 * no stack trace, for leaving every file around the world, every ref and every worktree as
 * they were, and for saying the same when run again.
 */
import { lstatSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TestRepo, cleanupTempDirs, parseError, sh, tempDir, type Files } from '../helpers/world-fixture.js';
import { dirsOnDisk, remoteWorld, worldAt, worldJsonAt } from '../helpers/sparse-world.js';

afterAll(cleanupTempDirs);

const files: Files = {
  'world.yaml': 'name: hostile\nprojects: [apps/**, libs/**]\n',
  'modules/base.nix': '{ ... }: { }\n',
  'apps/web/project.yaml': 'name: web\ndeps: [format]\n',
  'apps/web/app.js': 'app\n',
  'apps/top/project.yaml': 'name: top\n',
  'libs/format/project.yaml': 'name: format\n',
  'libs/format/index.js': 'format\n',
  'libs/ünï/project.yaml': 'name: uni\n',
  'libs/ünï/ü.txt': 'unicode\n',
  'libs/"q/project.yaml': 'name: quoted\n',
  'libs/"q/q.txt': 'quoted\n',
};

/** The folder holding everything: the sparse clone `c`, a full clone `full`, and bystanders. */
let P: string;
let url: string;
let c: TestRepo;
let full: TestRepo;
let pwned: string;

beforeAll(() => {
  const remote = remoteWorld(files);
  remote.origin.git('checkout', '-q', '-b', 'feature');
  remote.origin.commit('feature work', { 'apps/top/feature.txt': 'feature\n' });
  remote.origin.git('push', '-q', 'origin', 'feature');
  remote.origin.git('checkout', '-q', 'main');
  url = remote.url;
  P = tempDir('world-hostile-');
  const r = worldAt(P, ['clone', url, 'c', '--project', 'web']);
  expect(r.code, r.stderr).toBe(0);
  c = new TestRepo(join(P, 'c'));
  c.git('branch', '-q', 'feature', 'origin/feature');
  full = new TestRepo(join(P, 'full'));
  sh(P, 'git', ['clone', '-q', url, 'full']);
  // Bystanders: a file a payload would like to create, a non-empty directory, a file named like a tree.
  mkdirSync(join(P, 'sentinel'));
  writeFileSync(join(P, 'sentinel', 'keep.txt'), 'keep\n');
  mkdirSync(join(P, 't1'));
  writeFileSync(join(P, 't1', 'keep.txt'), 'mine\n');
  writeFileSync(join(P, 't3'), 'a file\n');
  pwned = join(P, 'sentinel', 'pwned');
});

/** Every file and directory under P with its content, leaving out the git directories (git's and world's own state). */
const filesUnder = (dir: string, rel = ''): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.name === '.git') continue;
    if (e.isDirectory()) Object.assign(out, { [`${path}/`]: 'dir' }, filesUnder(dir, path));
    else out[path] = lstatSync(join(dir, path)).isSymbolicLink() ? 'link' : readFileSync(join(dir, path), 'utf8');
  }
  return out;
};

/** What a command must leave alone: every file around the world, and the refs, worktrees, status and patterns of the repository it ran in. */
const state = (where: Case['where']) => {
  const repo = where === 'c' ? c : where === 'full' ? full : undefined;
  return {
    files: filesUnder(P),
    repo: repo && ['for-each-ref --format=%(refname) %(objectname)', 'worktree list --porcelain', 'status --porcelain --untracked-files=all', 'sparse-checkout list'].map((cmd) =>
      sh(repo.dir, 'git', cmd.split(' ')).stdout,
    ),
  };
};

interface Case {
  what: string;
  where: 'c' | 'full' | 'P';
  args: string[];
  exit: number;
  code: string;
  says: string;
  env?: NodeJS.ProcessEnv;
}

const cwdOf = (where: Case['where']) => (where === 'c' ? c.dir : where === 'full' ? full.dir : P);

/** Runs a command twice: the same refusal each time, no stack trace, and nothing around it changed. */
const expectRefusal = ({ where, args, exit, code, says, env }: Omit<Case, 'what'>): void => {
  const before = state(where);
  for (let attempt = 0; attempt < 2; attempt++) {
    const r = worldAt(cwdOf(where), args, env);
    expect(r.code, r.stderr).toBe(exit);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/^\s+at /m);
    const err = parseError(r.stderr);
    expect(err?.code, r.stderr).toBe(code);
    expect(err!.message).toContain(says);
    expect(err!.hint).not.toBe('');
  }
  expect(state(where)).toEqual(before);
};

// The cases name P and the remote, known only once beforeAll has run: the tables are built again in each test.
const byName = (cases: () => Case[]) => cases().map((x) => x.what);
const caseOf = (cases: () => Case[], what: string): Case => cases().find((x) => x.what === what)!;

const treeCases = (): Case[] => [
  { what: '--branch=-D cannot delete the --from branch', where: 'c', args: ['tree', 'add', 't1', '--branch=-D', '--from', 'feature'], exit: 2, code: 'INVALID_REF', says: '--branch "-D"' },
  { what: '--branch=-M cannot rename main', where: 'c', args: ['tree', 'add', 't1', '--branch=-M'], exit: 2, code: 'INVALID_REF', says: '--branch "-M"' },
  { what: '--from=--output=<file>', where: 'c', args: ['tree', 'add', 't1', `--from=--output=${pwned}`], exit: 2, code: 'INVALID_REF', says: '--from' },
  { what: '--from that is no commit', where: 'c', args: ['tree', 'add', 't1', '--from', 'nope'], exit: 2, code: 'INVALID_REF', says: 'is not a commit' },
  { what: '--from with a branch that exists', where: 'c', args: ['tree', 'add', 't1', '--branch', 'feature', '--from', 'main'], exit: 2, code: 'USAGE', says: '--from applies to a new branch' },
  { what: '--branch with ".."', where: 'c', args: ['tree', 'add', 't1', '--branch', 'x..y'], exit: 2, code: 'INVALID_REF', says: '".."' },
  { what: '--branch HEAD', where: 'c', args: ['tree', 'add', 't1', '--branch', 'HEAD'], exit: 2, code: 'INVALID_REF', says: 'HEAD' },
  { what: 'a tree name with "/"', where: 'c', args: ['tree', 'add', 'a/b'], exit: 2, code: 'INVALID_NAME', says: 'tree name "a/b"' },
  { what: 'the tree name ".."', where: 'c', args: ['tree', 'add', '..'], exit: 2, code: 'INVALID_NAME', says: 'tree name ".."' },
  { what: 'a tree name with ".."', where: 'c', args: ['tree', 'add', 'a..b'], exit: 2, code: 'INVALID_NAME', says: 'holds ".."' },
  { what: 'a unicode tree name', where: 'c', args: ['tree', 'add', 'tëst'], exit: 2, code: 'INVALID_NAME', says: 'tree name "tëst"' },
  { what: '--path a file', where: 'c', args: ['tree', 'add', 't3', '--path', '../t3'], exit: 2, code: 'DESTINATION_EXISTS', says: 'is not a directory' },
  { what: '--path a file inside the world', where: 'c', args: ['tree', 'add', 't1', '--path', 'world.yaml'], exit: 2, code: 'DESTINATION_EXISTS', says: 'is not a directory' },
  { what: '--path below a file', where: 'c', args: ['tree', 'add', 't1', '--path', 'world.yaml/t1'], exit: 2, code: 'DESTINATION_EXISTS', says: 'is a file' },
  { what: '--path inside .git', where: 'c', args: ['tree', 'add', 't1', '--path', '.git/t1'], exit: 2, code: 'USAGE', says: "git directory" },
  { what: '--path a non-empty directory', where: 'c', args: ['tree', 'add', 't1', '--path', '../t1'], exit: 2, code: 'DESTINATION_EXISTS', says: 'not an empty directory' },
  { what: '--path inside the worktree', where: 'c', args: ['tree', 'add', 't1', '--path', 'apps/t1'], exit: 2, code: 'USAGE', says: 'inside worktree main' },
  { what: '--path not ending in the tree name', where: 'c', args: ['tree', 'add', 't1', '--path', '../elsewhere'], exit: 2, code: 'USAGE', says: 'named "elsewhere"' },
  { what: '--project that does not exist', where: 'c', args: ['tree', 'add', 't1', '--project', 'nope'], exit: 2, code: 'UNKNOWN_PROJECT', says: '"nope"' },
  { what: '--project=-x', where: 'c', args: ['tree', 'add', 't1', '--project=-x'], exit: 2, code: 'UNKNOWN_PROJECT', says: '"-x"' },
  { what: 'tree remove ../..', where: 'c', args: ['tree', 'remove', '../..'], exit: 2, code: 'UNKNOWN_TREE', says: '"../.."' },
  { what: 'tree remove -- -D', where: 'c', args: ['tree', 'remove', '--', '-D'], exit: 2, code: 'UNKNOWN_TREE', says: '"-D"' },
  { what: 'tree remove main', where: 'c', args: ['tree', 'remove', 'main'], exit: 2, code: 'USAGE', says: 'main worktree' },
];

const cloneCases = (): Case[] => [
  { what: 'a URL that is an option', where: 'P', args: ['clone', '--', `--upload-pack=touch ${pwned}`, 'x'], exit: 2, code: 'INVALID_URL', says: 'starts with "-"' },
  { what: 'an ext:: URL', where: 'P', args: ['clone', `ext::sh -c touch% ${pwned}`, 'x'], exit: 2, code: 'INVALID_URL', says: 'ext:: transport' },
  { what: 'an ssh host that is an option', where: 'P', args: ['clone', `ssh://-oProxyCommand=touch%20${pwned}/x`, 'x'], exit: 2, code: 'INVALID_URL', says: 'ssh host' },
  { what: '--branch=-D', where: 'P', args: ['clone', url, 'x', '--branch=-D'], exit: 2, code: 'INVALID_REF', says: '--branch "-D"' },
  { what: '--branch=--upload-pack=…', where: 'P', args: ['clone', url, 'x', `--branch=--upload-pack=touch ${pwned}`], exit: 2, code: 'INVALID_REF', says: '--branch' },
  { what: '--project=-x (before anything is fetched)', where: 'P', args: ['clone', url, 'x', '--project=-x'], exit: 2, code: 'INVALID_NAME', says: '--project "-x"' },
  { what: '--project //../x', where: 'P', args: ['clone', url, 'x', '--project', '//../x'], exit: 2, code: 'INVALID_WORLD_PATH', says: '"//../x"' },
  { what: '--project that does not exist (the clone is taken back)', where: 'P', args: ['clone', url, 'x', '--project', 'nope'], exit: 2, code: 'UNKNOWN_PROJECT', says: '"nope"' },
  { what: 'a destination that is a world already', where: 'P', args: ['clone', url, 'c', '--project', 'web'], exit: 2, code: 'DESTINATION_EXISTS', says: 'not an empty directory' },
];

const checkoutCases = (): Case[] => [
  { what: 'set with no projects', where: 'c', args: ['checkout', 'set'], exit: 2, code: 'USAGE', says: 'name the projects' },
  { what: 'add of an unknown project', where: 'c', args: ['checkout', 'add', 'nope'], exit: 2, code: 'UNKNOWN_PROJECT', says: '"nope"' },
  { what: 'add of an option-like name', where: 'c', args: ['checkout', 'add', '--', '-rf'], exit: 2, code: 'UNKNOWN_PROJECT', says: '"-rf"' },
  { what: 'add of a world path out of the world', where: 'c', args: ['checkout', 'add', '//../..'], exit: 2, code: 'INVALID_WORLD_PATH', says: '"//../.."' },
  { what: 'add of //.git', where: 'c', args: ['checkout', 'add', '//.git'], exit: 2, code: 'UNKNOWN_PROJECT', says: '"//.git"' },
  { what: 'add of a unicode name', where: 'c', args: ['checkout', 'add', 'ünï'], exit: 2, code: 'UNKNOWN_PROJECT', says: '"ünï"' },
  { what: 'remove of an unknown project', where: 'c', args: ['checkout', 'remove', 'nope'], exit: 2, code: 'UNKNOWN_PROJECT', says: '"nope"' },
  { what: 'add on a checkout that is not sparse', where: 'full', args: ['checkout', 'add', 'web'], exit: 2, code: 'USAGE', says: 'not a sparse checkout' },
  { what: 'remove on a checkout that is not sparse', where: 'full', args: ['checkout', 'remove', 'web'], exit: 2, code: 'USAGE', says: 'not a sparse checkout' },
  { what: 'sync on a checkout that is not sparse', where: 'full', args: ['checkout', 'sync'], exit: 2, code: 'USAGE', says: 'nothing to sync' },
];

describe('world tree: hostile input', () => {
  test.each(byName(treeCases))('%s', (what) => expectRefusal(caseOf(treeCases, what)));

  test('a unicode branch from another branch works, and its tree goes without its branch', () => {
    const { code, json, stderr } = worldJsonAt<{ path: string; branch: string; commit: string; createdBranch: boolean }>(c.dir, ['tree', 'add', 't2', '--branch', 'fëature', '--from', 'feature']);
    expect(code, stderr).toBe(0);
    expect(json).toMatchObject({ path: `${c.dir}.trees/t2`, branch: 'fëature', createdBranch: true, commit: c.git('rev-parse', 'feature') });
    expect(new TestRepo(json.path).exists('apps/top/feature.txt')).toBe(false); // sparse: web and format only, like c
    expect(dirsOnDisk(json.path, 'apps')).toEqual(['apps/web']);
    expect(worldAt(c.dir, ['tree', 'remove', 't2']).code).toBe(0);
    expect(c.git('rev-parse', 'fëature')).toBe(c.git('rev-parse', 'feature'));
    c.git('branch', '-q', '-D', 'fëature');
  });
});

describe('world clone: hostile input', () => {
  test.each(byName(cloneCases))('%s', (what) => {
    expectRefusal(caseOf(cloneCases, what));
    expect(readdirSync(join(P, 'sentinel'))).toEqual(['keep.txt']);
  });

  test('a URL the user\'s git config rewrites to ext:: (with ext allowed there) runs nothing', () => {
    const config = join(tempDir('world-gitconfig-'), 'config');
    const target = (file: string) => `[protocol "ext"]\n\tallow = always\n[url "ext::sh -c touch% ${file}% #"]\n\tinsteadOf = safe://\n`;
    // The control: plain git with this config runs the command.
    const control = join(tempDir('world-control-'), 'ran');
    writeFileSync(config, target(control));
    sh(tempDir('world-control-'), 'git', ['clone', '-q', 'safe://world', 'x'], { GIT_CONFIG_GLOBAL: config });
    expect(readdirSync(join(control, '..'))).toContain('ran');

    writeFileSync(config, target(pwned));
    expectRefusal({ where: 'P', args: ['clone', 'safe://world', 'x'], exit: 3, code: 'CLONE_FAILED', says: "transport 'ext' not allowed", env: { GIT_CONFIG_GLOBAL: config } });
    expect(readdirSync(join(P, 'sentinel'))).toEqual(['keep.txt']);
  });
});

describe('world checkout: hostile input', () => {
  test.each(byName(checkoutCases))('%s', (what) => expectRefusal(caseOf(checkoutCases, what)));

  test('a checkout.always entry with a line break is a config error naming world.yaml', () => {
    const yaml = readFileSync(join(c.dir, 'world.yaml'), 'utf8');
    c.write({ 'world.yaml': `${yaml}checkout:\n  always: ["modules\\nlibs"]\n` });
    try {
      expectRefusal({ where: 'c', args: ['checkout', 'add', 'top'], exit: 2, code: 'CONFIG_SCHEMA', says: 'world.yaml' });
    } finally {
      c.write({ 'world.yaml': yaml });
    }
  });

  test('a damaged checkout record reads as a checkout world did not set up, and set mends it', () => {
    const record = join(c.dir, '.git/world/checkout.json');
    const good = readFileSync(record, 'utf8');
    writeFileSync(record, '{"version":1,"roots":[{"name":5}],"dirs":[1]}');
    const list = worldJsonAt(c.dir, ['checkout', 'list']);
    expect(list.code).toBe(0);
    expect(list.json).toMatchObject({ managed: false, sparse: true, drift: { kind: 'mismatch' } });
    expectRefusal({ where: 'c', args: ['checkout', 'add', 'top'], exit: 3, code: 'SPARSE_MISMATCH', says: 'did not set up' });
    expect(worldJsonAt(c.dir, ['checkout', 'set', 'web']).code).toBe(0);
    expect(JSON.parse(readFileSync(record, 'utf8')).roots).toEqual(JSON.parse(good).roots);
  });

  test('projects in unicode and quote-named directories check out, and git agrees with the record', () => {
    for (const [name, dir] of [['uni', 'libs/ünï'], ['quoted', 'libs/"q']]) {
      const r = worldJsonAt<{ dirs: string[] }>(c.dir, ['checkout', 'set', name!]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.dirs).toEqual([dir, 'modules']);
      expect(dirsOnDisk(c.dir, 'libs')).toEqual([dir]);
      expect(worldJsonAt(c.dir, ['checkout', 'list']).json).toMatchObject({ roots: [name], drift: null, patterns: [dir, 'modules'] });
    }
    expect(worldJsonAt(c.dir, ['checkout', 'set', 'web']).code).toBe(0);
  });
});
