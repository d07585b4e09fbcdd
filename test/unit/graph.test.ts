import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseProjectConfig, parseWorldConfig } from '@world/config';
import type { World } from '@world/discovery';
import { ProjectGraph } from '@world/graph';
import { computeAffected, explain } from '@world/affected';
import { cleanupTempDirs, tempDir } from '../helpers/world-fixture.js';
import { errorOf } from '../helpers/errors.js';

afterAll(cleanupTempDirs);

/**
 * A World as discovery would hand it over: project.yaml texts by path, and each module's
 * references to other modules.
 */
const worldOf = (
  projects: Record<string, string>,
  modules: Record<string, string[]> = {},
  extra: { global?: string[]; projectNix?: Record<string, string[]> } = {},
): World => {
  // A fresh key and state directory: the graph keeps a snapshot per world key there.
  const dir = tempDir('world-unit-');
  return {
    key: randomUUID(),
    root: { root: dir, gitDir: join(dir, '.git'), stateDir: join(dir, '.git', 'world') },
    source: { kind: 'commit', oid: 'HEAD' },
    config: parseWorldConfig(`name: t\nglobal: ${JSON.stringify(extra.global ?? [])}\n`),
    projects: Object.entries(projects)
      .map(([file, yaml]) => parseProjectConfig(yaml, file))
      .sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0)),
    modules: new Map(Object.entries(modules).map(([name, references]) => [name, { name, files: [`modules/${name}.nix`], references }])),
    builtinModules: new Map(),
    projectNix: new Map(Object.entries(extra.projectNix ?? {})),
    manifests: new Map(),
  } as World;
};

/** money ← core ← api → ui-kit ← web; api uses module node, which imports base. */
const layered = () =>
  worldOf(
    {
      'libs/money/project.yaml': 'name: money\nmodules: [c]\n',
      'libs/ui-kit/project.yaml': 'name: ui-kit\nmodules: [node]\n',
      'areas/pay/core/project.yaml': 'name: core\ndeps: [money]\n',
      'areas/pay/api/project.yaml': 'name: api\ndeps: [core, //libs/ui-kit]\nmodules: [node]\n',
      'areas/shop/web/project.yaml': 'name: web\ndeps: [ui-kit]\n',
    },
    { base: [], node: ['base'], c: [] },
    { global: ['tools/global.lock'] },
  );

describe('ProjectGraph', () => {
  test('deps by name and by world path; reverse edges', () => {
    const g = new ProjectGraph(layered());
    expect(g.get('api')!.deps).toEqual(['core', 'ui-kit']);
    expect([...g.dependents('ui-kit')].sort()).toEqual(['api', 'web']);
    expect(g.dependents('api')).toEqual([]);
    expect([...g.dependencyClosure(['api'])].sort()).toEqual(['api', 'core', 'money', 'ui-kit']);
  });

  test('topological order puts dependencies first, ties by name', () => {
    const g = new ProjectGraph(layered());
    expect(g.topologicalOrder()).toEqual(['money', 'core', 'ui-kit', 'api', 'web']);
    expect(g.topologicalOrder(new Set(['web', 'api', 'money']))).toEqual(['money', 'api', 'web']);
  });

  test('module users include projects that reach a module through other modules and project.nix', () => {
    const world = layered();
    world.projectNix.set('areas/shop/web', ['c']);
    const g = new ProjectGraph(world);
    expect([...(g.moduleUsers.get('base') ?? [])].sort()).toEqual(['api', 'ui-kit']);
    expect([...(g.moduleUsers.get('c') ?? [])].sort()).toEqual(['money', 'web']);
    expect(g.get('api')!.modules.sort()).toEqual(['base', 'node']);
  });

  test('owner: the deepest project directory above a path', () => {
    const g = new ProjectGraph(layered());
    expect(g.owner('areas/pay/api/src/index.js')?.name).toBe('api');
    expect(g.owner('areas/pay/api')).toBeUndefined(); // a path named like a project dir lies in its parent
    expect(g.owner('areas/pay/apis/x')).toBeUndefined();
    expect(g.owner('README.md')).toBeUndefined();
  });

  test('resolve by name or world path, with a suggestion when unknown', () => {
    const g = new ProjectGraph(layered());
    expect(g.resolve('web').dir).toBe('areas/shop/web');
    expect(g.resolve('//areas/shop/web').name).toBe('web');
    const e = errorOf(() => g.resolve('wbe'));
    expect(e.code).toBe('UNKNOWN_PROJECT');
    expect(e.message).toBe('project "wbe" is not a project of this world (did you mean "web"?)');
    expect(errorOf(() => g.resolve('//areas/shop/wbe')).message).toContain('(did you mean "//areas/shop/web"?)');
  });

  test('graphology view: a → b when a depends on b', () => {
    const g = new ProjectGraph(layered()).graphology;
    expect(g.order).toBe(5);
    expect(g.hasEdge('api', 'ui-kit')).toBe(true);
    expect(g.hasEdge('ui-kit', 'api')).toBe(false);
  });
});

describe('ProjectGraph errors', () => {
  test('duplicate names name both files', () => {
    const e = errorOf(() => new ProjectGraph(worldOf({ 'a/project.yaml': 'name: x\n', 'b/project.yaml': 'name: x\n' })));
    expect(e.code).toBe('DUPLICATE_PROJECT');
    expect(e.message).toBe('b/project.yaml:1:7: project name "x" is used by both a/project.yaml and b/project.yaml');
    expect(e.details).toEqual({ name: 'x', files: ['a/project.yaml', 'b/project.yaml'] });
  });

  test('projects nest: a path belongs to the deepest project above it', () => {
    const g = new ProjectGraph(worldOf({ 'project.yaml': 'name: root\n', 'a/project.yaml': 'name: a\n', 'a/b/c/project.yaml': 'name: c\n' }));
    expect(g.owner('a/b/c/src/x.js')?.name).toBe('c');
    expect(g.owner('a/b/x.js')?.name).toBe('a');
    expect(g.owner('README.md')?.name).toBe('root');
    expect(g.get('a')!.deps).toEqual([]);
  });

  test('an unknown dependency points at the entry and suggests the closest name', () => {
    const e = errorOf(() => new ProjectGraph(worldOf({ 'a/project.yaml': 'name: a\ndeps: [b, bb]\n', 'b/project.yaml': 'name: b\n', 'c/project.yaml': 'name: cc\n' })));
    expect(e.code).toBe('UNKNOWN_DEPENDENCY');
    expect(e.location).toEqual({ file: 'a/project.yaml', line: 2, col: 11 });
    expect(e.message).toContain('depends on "bb", which is not a project (did you mean "b"?)');
  });

  test('every unknown dependency is reported at once', () => {
    const e = errorOf(() => new ProjectGraph(worldOf({ 'a/project.yaml': 'name: a\ndeps: [x1]\n', 'b/project.yaml': 'name: b\ndeps: [x2]\n' })));
    expect(e.code).toBe('UNKNOWN_DEPENDENCY');
    expect((e.details?.errors as unknown[]).length).toBe(2);
    expect(e.message).toContain('"x1"');
    expect(e.message).toContain('"x2"');
  });

  test('cycles are accepted and listed, with a closed path through each', () => {
    const g = new ProjectGraph(
      worldOf({ 'a/project.yaml': 'name: a\ndeps: [b]\n', 'b/project.yaml': 'name: b\ndeps: [c]\n', 'c/project.yaml': 'name: c\ndeps: [a]\n', 'd/project.yaml': 'name: d\ndeps: [a]\n', 'x/project.yaml': 'name: x\ndeps: [y]\n', 'y/project.yaml': 'name: y\ndeps: [x]\n' }),
    );
    expect(g.cycles.map((c) => [...c].sort())).toEqual(expect.arrayContaining([['a', 'b', 'c'], ['x', 'y']]));
    expect(g.cycles).toHaveLength(2);
    expect(g.describeCycles().find((c) => c.members.includes('a'))!.path).toEqual(['a', 'b', 'c', 'a']);
    expect([...g.dependencyClosure(['d'])].sort()).toEqual(['a', 'b', 'c', 'd']);
    // Every project once, a dependent after its cycle.
    const order = g.topologicalOrder();
    expect([...order].sort()).toEqual(['a', 'b', 'c', 'd', 'x', 'y']);
    expect(order.indexOf('d')).toBeGreaterThan(Math.max(order.indexOf('a'), order.indexOf('b'), order.indexOf('c')));
  });

  test('a dependency on itself', () => {
    const e = errorOf(() => new ProjectGraph(worldOf({ 'a/project.yaml': 'name: a\ndeps: [//a]\n' })));
    expect(e.code).toBe('DEPENDENCY_CYCLE');
    expect(e.message).toContain('project a depends on itself');
  });

  test('an unknown module suggests the closest one', () => {
    const e = errorOf(() => new ProjectGraph(worldOf({ 'a/project.yaml': 'name: a\nmodules: [nod]\n' }, { node: [] })));
    expect(e.code).toBe('UNKNOWN_MODULE');
    expect(e.location).toEqual({ file: 'a/project.yaml', line: 2, col: 11 });
    expect(e.message).toContain('(did you mean "node"?)');
  });

  test('a diamond is not a cycle, and duplicate deps collapse', () => {
    const g = new ProjectGraph(
      worldOf({ 'a/project.yaml': 'name: a\ndeps: [b, c, b, //b]\n', 'b/project.yaml': 'name: b\ndeps: [d]\n', 'c/project.yaml': 'name: c\ndeps: [d]\n', 'd/project.yaml': 'name: d\n' }),
    );
    expect(g.get('a')!.deps).toEqual(['b', 'c']);
    expect(g.topologicalOrder()).toEqual(['d', 'b', 'c', 'a']);
  });
});

describe('computeAffected and explain', () => {
  const reasons = (paths: string[]) =>
    Object.fromEntries(computeAffected(new ProjectGraph(layered()), { paths }).projects.map((p) => [p.name, p.reasons]));

  test('a changed file affects its project and, through reverse deps, its users', () => {
    expect(reasons(['libs/money/a.c'])).toEqual({
      money: [{ reason: 'changed', files: ['libs/money/a.c'] }],
      core: [{ reason: 'dependency', via: 'money' }],
      api: [{ reason: 'dependency', via: 'core' }],
    });
  });

  test('a module change reaches the importers, a global change everything', () => {
    expect(reasons(['modules/base.nix'])).toEqual({
      'ui-kit': [{ reason: 'module', module: 'base', files: ['modules/base.nix'] }],
      api: [{ reason: 'module', module: 'base', files: ['modules/base.nix'] }],
      web: [{ reason: 'dependency', via: 'ui-kit' }],
    });
    const all = reasons(['tools/global.lock']);
    expect(Object.keys(all).sort()).toEqual(['api', 'core', 'money', 'ui-kit', 'web']);
    expect(all.web).toEqual([{ reason: 'global', files: ['tools/global.lock'] }]);
  });

  test('files outside every project, and paths that only look like one, affect nothing', () => {
    expect(reasons(['README.md', 'areas/pay/notes.md', 'areas/pay/apix/y', 'modules/unknown.nix'])).toEqual({});
  });

  test('everything, when asked', () => {
    const set = computeAffected(new ProjectGraph(layered()), { everything: 'because' });
    expect(set.projects.map((p) => p.name)).toEqual(['money', 'core', 'ui-kit', 'api', 'web']);
    for (const p of set.projects) expect(p.reasons).toEqual([{ reason: 'everything', why: 'because' }]);
    expect(explain(set, 'web')).toEqual([
      { step: 'everything', why: 'because' },
      { step: 'project', name: 'web', path: '//areas/shop/web' },
    ]);
  });

  test('explain follows the shortest chain back to a change', () => {
    const set = computeAffected(new ProjectGraph(layered()), { paths: ['libs/money/a.c', 'libs/ui-kit/x.js'] });
    // api is one step from ui-kit and two from money.
    expect(explain(set, 'api')).toEqual([
      { step: 'file', path: 'libs/ui-kit/x.js', meaning: 'changed' },
      { step: 'project', name: 'ui-kit', path: '//libs/ui-kit' },
      { step: 'project', name: 'api', path: '//areas/pay/api' },
    ]);
    expect(explain(set, 'web')?.map((s) => (s.step === 'project' ? s.name : s.step))).toEqual(['file', 'ui-kit', 'web']);
    expect(explain(computeAffected(new ProjectGraph(layered()), { paths: [] }), 'api')).toBeUndefined();
  });
});
