/**
 * Cycles on real Nix. A devDependency cycle (a's tests use b, b depends on a) builds: test
 * targets link the test-only dependency's build, build targets do not, so no derivation needs
 * itself. Keys are computed over the cycle: a change to one member re-keys every member, and
 * the cache index's answer stays the derivations a fresh evaluation gives. A runtime cycle
 * between projects with build targets is refused before Nix runs, naming the edge to cut and
 * the line of package.json it is written on.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { TestRepo, cleanupTempDirs, makeRepo, nonce, statusById, type BuildJson, type Files } from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

const command = (name: string, dep: string) =>
  [
    `name: ${name}`,
    'modules: [command]',
    'config:',
    `  command.build: mkdir -p "$out" && cp value.txt "$out/"`,
    // The test reads the other project's build output: there only when the edge reaches test targets.
    `  command.test: cat "$WORLD_DEPS/${dep}/build/value.txt" > "$out/seen" && cat value.txt >> "$out/seen"`,
    '',
  ].join('\n');

const world = (): Files => ({
  'world.yaml': 'name: cyc\ndeps:\n  from: [package.json]\n',
  'a/package.json': JSON.stringify({ name: '@cyc/a', version: '1.0.0', devDependencies: { '@cyc/b': 'workspace:*' } }, null, 2),
  'a/project.yaml': command('a', 'b'),
  'a/value.txt': `a ${nonce()}\n`,
  'b/package.json': JSON.stringify({ name: '@cyc/b', version: '1.0.0', dependencies: { '@cyc/a': '^1.0.0' } }, null, 2),
  'b/project.yaml': command('b', 'a'),
  'b/value.txt': `b ${nonce()}\n`,
});

const drvJson = (drv: string): { inputDrvs: Record<string, unknown> } => {
  const r = spawnSync('nix', ['--extra-experimental-features', 'nix-command', 'show-derivation', drv], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Record<string, { inputDrvs: Record<string, unknown> }>)[drv]!;
};

const ALL = ['a:build', 'a:test', 'b:build', 'b:test'];

const plan = (repo: TestRepo): BuildJson => {
  const r = repo.worldJson<BuildJson>('build', '-n', ...ALL);
  expect(r.code, r.stderr).toBe(0);
  return r.json;
};

/** The same question with no cache index: everything evaluated now. */
const fresh = (repo: TestRepo): BuildJson => {
  const index = join(repo.dir, '.git/world/cache/index');
  const aside = `${index}.aside`;
  if (existsSync(index)) renameSync(index, aside);
  try {
    const json = plan(repo);
    expect(json.evaluated).toBe(true);
    return json;
  } finally {
    rmSync(index, { recursive: true, force: true });
    if (existsSync(aside)) renameSync(aside, index);
  }
};

const by = (json: BuildJson, field: 'drv' | 'key') => Object.fromEntries(json.targets.map((t) => [t.id, t[field]]));

describe('a devDependency cycle', () => {
  test('builds and tests: test targets link the test-only dependency, build targets do not', () => {
    const repo = makeRepo(world());
    const r = repo.worldJson<BuildJson>('build', ...ALL);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning[DEPENDENCY_CYCLE]: 2 projects depend on each other (a → b → a)');
    expect(statusById(r.json)).toEqual({ 'a:build': 'built', 'a:test': 'built', 'b:build': 'built', 'b:test': 'built' });
    const drv = by(r.json, 'drv');
    // b depends on a at runtime: all of b's targets link a:build. a only tests with b.
    expect(Object.keys(drvJson(drv['a:build']!).inputDrvs)).not.toContain(drv['b:build']);
    expect(Object.keys(drvJson(drv['a:test']!).inputDrvs)).toContain(drv['b:build']);
    expect(Object.keys(drvJson(drv['b:build']!).inputDrvs)).toContain(drv['a:build']);
    const seen = spawnSync('cat', [`${r.json.targets.find((t) => t.id === 'a:test')!.out}/seen`], { encoding: 'utf8' }).stdout;
    expect(seen).toMatch(/^b .*\na .*\n$/);
  });

  test('a change to one member re-keys both; the index answers what a fresh evaluation does', () => {
    const repo = makeRepo(world());
    const before = plan(repo);
    expect(by(before, 'drv')).toEqual(by(fresh(repo), 'drv'));
    repo.write({ 'b/value.txt': `b ${nonce()}\n` });
    const after = plan(repo);
    expect(by(after, 'drv')).toEqual(by(fresh(repo), 'drv'));
    const [k0, k1] = [by(before, 'key'), by(after, 'key')];
    for (const id of ['a:build', 'a:test', 'b:build', 'b:test']) expect(k1[id], id).not.toBe(k0[id]);
    const [d0, d1] = [by(before, 'drv'), by(after, 'drv')];
    // a's build does not read b; everything else does.
    expect(d1['a:build']).toBe(d0['a:build']);
    for (const id of ['a:test', 'b:build', 'b:test']) expect(d1[id], id).not.toBe(d0[id]);
    // Back as it was: the first keys, and the index hands out the first derivations.
    repo.git('checkout', '-q', '--', '.');
    expect(by(plan(repo), 'key')).toEqual(k0);
    expect(by(plan(repo), 'drv')).toEqual(d0);
  });

  test('the kind of an edge is part of the key: a runtime edge made test-only leaves the build and keeps the test', () => {
    const repo = makeRepo(world());
    const before = plan(repo);
    repo.write({ 'b/package.json': JSON.stringify({ name: '@cyc/b', version: '1.0.0', devDependencies: { '@cyc/a': '^1.0.0' } }, null, 2) });
    const after = plan(repo);
    expect(by(after, 'drv')).toEqual(by(fresh(repo), 'drv'));
    const [d0, d1] = [by(before, 'drv'), by(after, 'drv')];
    expect(d1['b:build']).not.toBe(d0['b:build']);
    expect(Object.keys(drvJson(d1['b:build']!).inputDrvs)).not.toContain(d1['a:build']);
    expect(Object.keys(drvJson(d1['b:test']!).inputDrvs)).toContain(d1['a:build']);
  });
});

describe('commands on a cyclic graph', () => {
  test('affected, why, graph, queue plan and sparse cones take the cycle as a whole', () => {
    const repo = makeRepo({
      'world.yaml': 'name: loop\n',
      'a/project.yaml': 'name: a\ndeps: [b]\n',
      'b/project.yaml': 'name: b\ndevDeps: [c]\n',
      'c/project.yaml': 'name: c\ndeps: [a]\n',
      'app/project.yaml': 'name: app\ndeps: [c]\n',
      'other/project.yaml': 'name: other\n',
      'a/x.txt': '1\n',
      'other/x.txt': '1\n',
    });
    repo.git('checkout', '-q', '-b', 'touch-a');
    repo.commit('a', { 'a/x.txt': '2\n' });
    repo.git('checkout', '-q', '-b', 'touch-other', 'main');
    repo.commit('other', { 'other/x.txt': '2\n' });
    repo.git('checkout', '-q', 'touch-a');

    const affected = repo.worldJson<{ affected: { name: string }[] }>('affected');
    expect(affected.stderr).toContain('warning[DEPENDENCY_CYCLE]: 3 projects depend on each other (a → b → c → a)');
    expect(affected.json.affected.map((p) => p.name).sort()).toEqual(['a', 'app', 'b', 'c']);

    const why = repo.world('why', 'app');
    expect(why.code).toBe(0);
    expect(why.stdout).toBe(['a/x.txt', '└─► a (//a)', '  └─► c (//c) — dependency at c/project.yaml:2:8 (deps)', '    └─► app (//app) — dependency at app/project.yaml:2:8 (deps)', ''].join('\n'));
    // b reaches a through c, its test-only dependency.
    expect(repo.world('why', 'b').stdout).toContain('└─► b (//b) — test-only dependency at b/project.yaml:2:11 (devDeps)');

    const graph = repo.worldJson<{ edges: [string, string][] }>('graph');
    expect(graph.json.edges).toEqual([['a', 'b'], ['app', 'c'], ['b', 'c'], ['c', 'a']]);

    const queue = repo.worldJson<{ batches: { candidates: string[]; projects: string[] }[] }>('queue', 'plan', 'touch-a', 'touch-other', '--base', 'main');
    expect(queue.code, queue.stderr).toBe(0);
    expect(queue.json.batches).toEqual([{ candidates: ['touch-a', 'touch-other'], projects: ['a', 'app', 'b', 'c', 'other'] }]);

    const cone = repo.worldJson<{ roots: string[]; dependencies: string[]; dirs: string[] }>('checkout', 'set', 'c');
    expect(cone.code, cone.stderr).toBe(0);
    expect(cone.json).toMatchObject({ roots: ['c'], dependencies: ['a', 'b'], dirs: ['a', 'b', 'c', 'modules'] });
  });
});

describe('a runtime cycle between projects with build targets', () => {
  test('is refused before Nix runs, naming the edge to cut and its line in package.json', () => {
    const repo = makeRepo({
      ...world(),
      'a/package.json': JSON.stringify({ name: '@cyc/a', version: '1.0.0', dependencies: { '@cyc/b': 'workspace:*' } }, null, 2),
    });
    const r = repo.world('build', '--json');
    expect(r.code).toBe(2);
    const e = (JSON.parse(r.stdout) as { error: { code: string; message: string; hint: string; location: unknown; details: { cycle: string[] } } }).error;
    expect(e.code).toBe('TARGET_CYCLE');
    expect(e.details.cycle).toEqual(['a', 'b', 'a']);
    expect(e.location).toEqual({ file: 'b/package.json', line: 5, col: 5 });
    expect(e.message).toBe("b/package.json:5:5: targets need each other's outputs: a:build → b:build → a:build");
    expect(e.hint).toContain('cut the edge b → a, written at b/package.json:5:5 (dependencies "@cyc/a": "^1.0.0")');
    expect(e.hint).toContain('devDependencies');
    // Nothing was evaluated or built: no plan was written.
    expect(existsSync(join(repo.dir, '.git/world/nix'))).toBe(false);
    // The graph itself is fine: affected still answers.
    repo.write({ 'a/value.txt': 'changed\n' });
    const affected = repo.worldJson<{ affected: { name: string }[] }>('affected');
    expect(affected.code).toBe(0);
    expect(affected.json.affected.map((p) => p.name).sort()).toEqual(['a', 'b']);
    expect(repo.world('build').stderr).toContain("error[TARGET_CYCLE]: b/package.json:5:5: targets need each other's outputs");
  });

  test('is no error when one side has no build target', () => {
    const repo = makeRepo({
      ...world(),
      'a/package.json': JSON.stringify({ name: '@cyc/a', version: '1.0.0', dependencies: { '@cyc/b': 'workspace:*' } }, null, 2),
      'a/project.yaml': 'name: a\nmodules: [command]\nconfig:\n  command.test: cat "$WORLD_DEPS/b/build/value.txt" > "$out/seen"\n',
      'b/project.yaml': command('b', 'a').replace(/command\.test: .*/, 'command.test: cat value.txt > "$out/seen"'),
    });
    const r = repo.worldJson<BuildJson>('build', 'a:test', 'b:build', 'b:test');
    expect(r.code, r.stderr).toBe(0);
    expect(statusById(r.json)).toEqual({ 'a:test': 'built', 'b:build': 'built', 'b:test': 'built' });
  });
});
