/**
 * Adopting world on a generated JavaScript monorepo of 520 packages: `world init`, then
 * `world affected` for every kind of change, each compared with the reverse closure of the
 * package.json graph computed here by a plain breadth-first search over what the generator
 * wrote (devDependency cycles, nested fixture packages, scoped names, `workspace:*`,
 * `workspace:^`, satisfied and unsatisfied ranges, `file:` paths).
 */
import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import { readStateJson, writeStateJson } from '@world/core';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TestRepo, cleanupTempDirs, makeRepo, parseError, tempDir, type AffectedJson } from '../helpers/world-fixture.js';
// @ts-expect-error: a plain .mjs module shared with the bench
import { manifestOf, planWorkspace, reverseClosure, writeWorkspace } from '../bench/generate-workspace.mjs';

afterAll(cleanupTempDirs);

interface Dep {
  to: number;
  section: string;
  spec: string;
  name?: string;
}
interface Pkg {
  index: number;
  layer: number;
  name: string;
  dir: string;
  version: string;
  deps: Dep[];
  fixtureOf: number | null;
}
interface Plan {
  packages: Pkg[];
}
interface InitJson {
  layouts: { kind: string; file: string; globs: string[] }[];
  infer: boolean;
  packages: { dir: string; file: string; name: string; package: string | null; state: string }[];
  undecided: string[];
  wrote?: string[];
  kept?: string[];
}

const N = 520;
const plan = planWorkspace(N) as Plan;
const LAYER_TOP = Math.max(...plan.packages.map((p) => p.layer));
let repo: TestRepo;
/** Package index → world project name, as init chose it. */
let nameOf: (i: number) => string;

const affectedNames = (...args: string[]): Set<string> => {
  const r = repo.worldJson<AffectedJson>('affected', ...args);
  expect(r.code, r.stderr).toBe(0);
  return new Set(r.json.affected.map((p) => p.name));
};

const expectedFor = (p: Plan, indices: number[]): Set<string> => new Set([...(reverseClosure(p, indices) as Set<number>)].map(nameOf));

const sorted = (s: Set<string>) => [...s].sort();

beforeAll(() => {
  const dir = tempDir('world-adopt-');
  writeWorkspace(dir, plan);
  repo = new TestRepo(dir);
}, 120_000);

describe('world init on 520 workspace packages', () => {
  test('writes world.yaml and a project.yaml per package, says what it could not decide, and is safe to run again', () => {
    const first = repo.worldJson<InitJson>('init');
    expect(first.code, first.stderr).toBe(0);
    expect(first.json.layouts).toEqual([{ kind: 'npm', file: 'package.json', globs: ['packages/*/*', 'packages/*/*/test/fixtures/*'] }]);
    expect(first.json.infer).toBe(true);
    expect(first.json.packages).toHaveLength(N);
    expect(first.json.wrote).toHaveLength(N + 1);
    const byDir = new Map(first.json.packages.map((p) => [p.dir, p.name]));
    nameOf = (i) => byDir.get(plan.packages[i]!.dir)!;
    // Scoped names map to valid project names; the package name is kept for matching.
    const scoped = plan.packages.find((p) => p.name.startsWith('@'))!;
    expect(first.json.packages.find((p) => p.dir === scoped.dir)).toMatchObject({ name: scoped.name.slice(1).replace('/', '-'), package: scoped.name, state: 'new' });
    // Every unsatisfied range is reported, at its line in package.json.
    const mismatches = plan.packages.flatMap((p) => p.deps.filter((d) => d.spec === '^9.0.0').map(() => p));
    expect(mismatches.length).toBeGreaterThan(0);
    for (const p of mismatches) expect(first.json.undecided.some((u) => u.startsWith(`${p.dir}/package.json:`) && u.includes('"^9.0.0" does not accept'))).toBe(true);

    const world = readFileSync(join(repo.dir, 'world.yaml'), 'utf8');
    expect(world).toContain('global: ["package.json", "package-lock.json"]');
    expect(world).toMatch(/deps:\n {2}from: \[package\.json\]/);

    // A hand edit survives a second run, which writes nothing.
    const edited = `${plan.packages[0]!.dir}/project.yaml`;
    repo.write({ [edited]: `name: ${nameOf(0)}\ntags: [edited-by-hand]\n` });
    const again = repo.worldJson<InitJson>('init');
    expect(again.code).toBe(0);
    expect(again.json.wrote).toEqual([]);
    expect(again.json.kept).toHaveLength(N);
    expect(readFileSync(join(repo.dir, edited), 'utf8')).toContain('edited-by-hand');

    const check = repo.world('init', '--check');
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain('in sync');
    repo.commit('world init');
    repo.git('checkout', '-q', '-b', 'feature');
  }, 120_000);

  test('a file change: the reverse closure of its package, devDependency cycles included, with a warning naming the cycles', () => {
    const target = plan.packages.find((p) => p.layer === 1 && p.deps.some((d) => d.section === 'devDependencies'))!;
    repo.write({ [`${target.dir}/src/lib.js`]: 'export const id = -1;\n' });
    const r = repo.worldJson<AffectedJson>('affected');
    expect(r.stderr).toContain('warning[DEPENDENCY_CYCLE]');
    expect(sorted(new Set(r.json.affected.map((p) => p.name)))).toEqual(sorted(expectedFor(plan, [target.index])));
    repo.git('checkout', '-q', '--', '.');
  });

  test('a dependency added only in package.json: the dependent follows', () => {
    const dependency = plan.packages.find((p) => p.layer === 0 && p.fixtureOf === null)!;
    const candidates = plan.packages.filter((p) => p.layer === LAYER_TOP && !(reverseClosure(plan, [dependency.index]) as Set<number>).has(p.index));
    const dependent = candidates[0]!;
    const changed: Plan = JSON.parse(JSON.stringify(plan)) as Plan;
    changed.packages[dependent.index]!.deps.push({ to: dependency.index, section: 'dependencies', spec: 'workspace:*' });
    repo.write({ [`${dependent.dir}/package.json`]: manifestOf(changed, changed.packages[dependent.index]) as string });
    repo.commit('depend on it');
    try {
      repo.write({ [`${dependency.dir}/index.js`]: 'module.exports = 2;\n' });
      const got = affectedNames();
      expect(got.has(nameOf(dependent.index))).toBe(true);
      expect(sorted(got)).toEqual(sorted(expectedFor(changed, [dependency.index, dependent.index])));
      // Against the commit that added it, the dependent is affected through the new edge, and
      // `world why` points at the line of package.json that makes it.
      const why = repo.worldJson<{ chain: { step: string; name?: string; edge?: { kind: string; origins: { file: string; source: string; line: number }[] } }[] }>('why', nameOf(dependent.index), '--base', 'HEAD');
      const step = why.json.chain.find((s) => s.name === nameOf(dependent.index))!;
      const line = (manifestOf(changed, changed.packages[dependent.index]) as string).split('\n').findIndex((l) => l.includes(`"${dependency.name}": "workspace:*"`)) + 1;
      expect(step.edge).toEqual({ kind: 'runtime', origins: [{ source: 'dependencies', file: `${dependent.dir}/package.json`, line, col: 5, package: dependency.name, spec: 'workspace:*' }] });
    } finally {
      repo.git('checkout', '-q', '--', '.');
      repo.git('reset', '-q', '--hard', 'HEAD~1');
    }
  });

  test('the root lockfile: every project', () => {
    repo.write({ 'package-lock.json': '{ "lockfileVersion": 3, "changed": true }\n' });
    expect(affectedNames().size).toBe(N);
    repo.git('checkout', '-q', '--', '.');
  });

  test('a change inside a nested fixture package is the fixture\'s, not the package around it', () => {
    const tested = plan.packages.find((p) => p.fixtureOf !== null && plan.packages[p.fixtureOf]!.deps.some((d) => d.to === p.index))!;
    const untested = plan.packages.find((p) => p.fixtureOf !== null && !plan.packages[p.fixtureOf]!.deps.some((d) => d.to === p.index))!;
    repo.write({ [`${untested.dir}/src/lib.js`]: 'changed\n' });
    expect(sorted(affectedNames())).toEqual([nameOf(untested.index)]);
    repo.git('checkout', '-q', '--', '.');
    // A package whose tests use its fixture (a devDependency) follows it, and so do its users.
    repo.write({ [`${tested.dir}/index.js`]: 'changed\n' });
    const got = affectedNames();
    expect(got.has(nameOf(tested.fixtureOf!))).toBe(true);
    expect(sorted(got)).toEqual(sorted(expectedFor(plan, [tested.index])));
    repo.git('checkout', '-q', '--', '.');
  });

  test('a change in a cycle member affects the whole cycle and its dependents', () => {
    // The member of the longest cycle: a base package whose tests use a package at the top.
    const inCycle = plan.packages.filter((p) => p.deps.some((d) => d.section === 'devDependencies' && (reverseClosure(plan, [p.index]) as Set<number>).has(d.to)));
    const member = inCycle.sort((a, b) => (reverseClosure(plan, [b.index]) as Set<number>).size - (reverseClosure(plan, [a.index]) as Set<number>).size)[0]!;
    const expected = expectedFor(plan, [member.index]);
    expect(expected.size).toBeGreaterThan(100);
    // The helper it tests with depends on it: both are in the set, whichever changes.
    const helper = member.deps.find((d) => d.section === 'devDependencies' && (reverseClosure(plan, [member.index]) as Set<number>).has(d.to))!.to;
    expect(expected.has(nameOf(helper))).toBe(true);
    repo.write({ [`${member.dir}/src/lib.js`]: 'changed\n' });
    expect(sorted(affectedNames())).toEqual(sorted(expected));
    repo.git('checkout', '-q', '--', '.');
  });

  test('manifests are parsed once: discovery reads them from the parse cache by blob id', () => {
    // Proof by a planted entry: the cache's parse of one package.json gains an edge the file
    // does not have. A run that parsed the file would not see it; one that trusts the cache does.
    const [from, to] = [plan.packages.find((p) => p.layer === 0 && p.fixtureOf === null)!, plan.packages.find((p) => p.layer === 0 && p.fixtureOf === null && p.index > 0)!];
    expect(affectedNames()).toEqual(new Set());
    const file = join(repo.dir, '.git/world/parse-cache.json');
    const cache = readStateJson(file) as { entries: Record<string, { kind: string; manifest?: { deps: unknown[] } }> };
    const key = Object.keys(cache.entries).find((k) => k.startsWith(`${from.dir}/package.json:`))!;
    cache.entries[key]!.manifest!.deps.push({ name: to.name, spec: 'workspace:*', section: 'dependencies', line: 1, col: 1 });
    writeStateJson(file, cache);
    rmSync(join(repo.dir, '.git/world/world-snapshot.json'));
    rmSync(join(repo.dir, '.git/world/graph-snapshot.json'));
    repo.write({ [`${to.dir}/src/lib.js`]: 'changed\n' });
    expect(affectedNames().has(nameOf(from.index))).toBe(true);
    repo.git('checkout', '-q', '--', '.');
    rmSync(join(repo.dir, '.git/world'), { recursive: true });
  });
});

describe('world init without inference', () => {
  const small = () =>
    makeRepo({
      'package.json': JSON.stringify({ name: 'small', private: true, workspaces: ['libs/*'] }),
      'pnpm-lock.yaml': 'lockfileVersion: 9\n',
      'libs/a/package.json': JSON.stringify({ name: '@s/a', version: '1.0.0', dependencies: { '@s/b': 'workspace:*' }, devDependencies: { '@s/c': '^1.0.0' } }, null, 2),
      'libs/b/package.json': JSON.stringify({ name: '@s/b', version: '1.0.0' }, null, 2),
      'libs/c/package.json': JSON.stringify({ name: '@s/c', version: '1.2.0', dependencies: { '@s/a': 'file:../a' } }, null, 2),
    });

  test('--no-infer writes deps and devDeps into each project.yaml; --check then names the line a new package.json dependency is on', () => {
    const r = small();
    const init = r.worldJson<InitJson>('init', '--no-infer');
    expect(init.code, init.stderr).toBe(0);
    expect(readFileSync(join(r.dir, 'libs/a/project.yaml'), 'utf8')).toMatch(/\nname: s-a\ndeps: \["s-b"\]\ndevDeps: \["s-c"\]\n$/);
    expect(readFileSync(join(r.dir, 'world.yaml'), 'utf8')).not.toContain('deps:');
    expect(r.world('init', '--check').code).toBe(0);

    r.write({ 'libs/b/package.json': JSON.stringify({ name: '@s/b', version: '1.0.0', dependencies: { '@s/c': 'workspace:^' } }, null, 2) });
    const check = r.world('init', '--check');
    expect(check.code).toBe(2);
    expect(check.stdout).toContain('libs/b/project.yaml: deps lack s-c (libs/b/package.json:5:5)');
    expect(parseError(check.stderr)?.code).toBe('CONFIG_DRIFT');
    // A missing project.yaml is drift too; --json gives the list.
    rmSync(join(r.dir, 'libs/c/project.yaml'));
    const json = r.worldJson<{ error: { code: string; details: { drift: string[] } } }>('init', '--check');
    expect(json.code).toBe(2);
    expect(json.json.error.details.drift).toEqual(['libs/b/project.yaml: deps lack s-c (libs/b/package.json:5:5)', 'libs/c/project.yaml: missing (package @s/c)']);
  });

  test('pnpm (with an exclusion) and lerna layouts; the lockfiles found become global inputs', () => {
    const pnpm = makeRepo({
      'package.json': JSON.stringify({ name: 'pn', private: true }),
      'pnpm-workspace.yaml': "packages:\n  - 'packages/**'\n  - '!**/test/**'\ncatalog:\n  react: ^18\n",
      'pnpm-lock.yaml': 'lockfileVersion: 9\n',
      '.npmrc': 'link-workspace-packages=true\n',
      'packages/a/package.json': JSON.stringify({ name: 'a', dependencies: { b: 'workspace:*' } }),
      'packages/nested/b/package.json': JSON.stringify({ name: 'b' }),
      'packages/a/test/fixture/package.json': JSON.stringify({ name: 'fixture' }),
      'node_modules/x/package.json': JSON.stringify({ name: 'x' }),
    });
    const init = pnpm.worldJson<InitJson>('init');
    expect(init.code, init.stderr).toBe(0);
    expect(init.json.layouts).toEqual([{ kind: 'pnpm', file: 'pnpm-workspace.yaml', globs: ['packages/**', '!**/test/**'] }]);
    expect(init.json.packages.map((p) => p.dir)).toEqual(['packages/a', 'packages/nested/b']);
    expect(readFileSync(join(pnpm.dir, 'world.yaml'), 'utf8')).toContain('global: ["package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml", ".npmrc"]');
    pnpm.commit('init');
    pnpm.write({ 'packages/nested/b/x.js': 'x\n' });
    expect(pnpm.worldJson<AffectedJson>('affected').json.affected.map((p) => p.name)).toEqual(['b', 'a']);

    const lerna = makeRepo({ 'lerna.json': JSON.stringify({ version: '1.0.0' }), 'yarn.lock': '', 'packages/l/package.json': JSON.stringify({ name: 'l' }), 'other/m/package.json': JSON.stringify({ name: 'm' }) });
    const l = lerna.worldJson<InitJson>('init');
    expect(l.json.layouts).toEqual([{ kind: 'lerna', file: 'lerna.json', globs: ['packages/*'] }]);
    expect(l.json.packages.map((p) => p.dir)).toEqual(['packages/l']);
  });

  test('hostile input: odd package names, links where config files go', () => {
    const r = makeRepo({
      'package.json': JSON.stringify({ name: 'odd', workspaces: ['p/*'] }),
      'p/a/package.json': JSON.stringify({ name: '@x/\u0085we\nird\u2028', version: '1.0.0' }),
      'p/b/package.json': JSON.stringify({ name: '../../etc', version: '1.0.0' }),
      'p/c/package.json': JSON.stringify({ version: '1.0.0' }),
    });
    symlinkSync('/etc/passwd', join(r.dir, 'p/c/project.yaml'));
    const init = r.worldJson<InitJson>('init');
    expect(init.code, init.stderr).toBe(0);
    expect(init.json.packages.map((p) => [p.dir, p.name, p.state])).toEqual([
      ['p/a', 'x-we-ird', 'new'],
      ['p/b', 'etc', 'new'],
      ['p/c', 'p-c', 'kept'],
    ]);
    expect(init.json.undecided).toContain('p/c/project.yaml is not a regular file (a link?): world refuses it; kept as it is');
    // What init wrote, world reads.
    rmSync(join(r.dir, 'p/c/project.yaml'));
    const projects = r.worldJson<{ projects: { name: string }[] }>('projects');
    expect(projects.code, projects.stderr).toBe(0);
    expect(projects.json.projects.map((p) => p.name)).toEqual(['etc', 'x-we-ird']);
    // A world.yaml that is a link is refused, as every command refuses it.
    const other = makeRepo({ 'package.json': JSON.stringify({ workspaces: ['p/*'] }), 'p/a/package.json': '{}' });
    symlinkSync('/etc/hostname', join(other.dir, 'world.yaml'));
    const refused = other.world('init');
    expect(refused.code).toBe(2);
    expect(parseError(refused.stderr)?.code).toBe('CONFIG_NOT_A_FILE');
    expect(other.exists('p/a/project.yaml')).toBe(false);
  });

  test('a repository without workspaces is refused with a hint', () => {
    const r = makeRepo({ 'README.md': 'x\n' });
    const out = r.world('init');
    expect(out.code).toBe(2);
    expect(parseError(out.stderr)).toMatchObject({ code: 'NOT_A_WORLD' });
    expect(parseError(out.stderr)!.hint).toContain('workspaces');
  });
});
