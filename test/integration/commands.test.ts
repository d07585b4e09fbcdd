/**
 * The commands around the affected set: `why`, `projects`, `resolve`, `gps` and `graph`,
 * in text and JSON, on a real repository.
 */
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  TestRepo,
  WORLD_BIN,
  cleanupTempDirs,
  layeredWorld,
  makeRepo,
  sh,
} from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

/** The layered world on a branch that changed modules/base.nix (imported by modules/node.nix). */
let repo: TestRepo;
beforeAll(() => {
  repo = makeRepo(layeredWorld());
  repo.git('checkout', '-q', '-b', 'feature');
  repo.commit('base module', { 'modules/base.nix': '{ ... }: { config = { }; }\n' });
});

/** Runs world with `cwd` as the current directory (no -C). */
const worldIn = (cwd: string, ...args: string[]) => sh(cwd, process.execPath, [WORLD_BIN, ...args], { NO_COLOR: '1' });

describe('world why', () => {
  test('prints the chain from the changed file to the project', () => {
    const r = repo.world('why', 'shop-web');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      ['modules/base.nix (module base)', '└─► ui-kit (//libs/ui-kit)', '  └─► shop-web (//areas/shop/web) — dependency at areas/shop/web/project.yaml:2:8 (deps)', ''].join('\n'),
    );
  });

  test('--json gives the chain as steps; a world path names the project too', () => {
    const { code, json } = repo.worldJson('why', '//areas/shop/web');
    expect(code).toBe(0);
    expect(json).toEqual({
      project: 'shop-web',
      affected: true,
      chain: [
        { step: 'file', path: 'modules/base.nix', meaning: 'module', module: 'base' },
        { step: 'project', name: 'ui-kit', path: '//libs/ui-kit' },
        { step: 'project', name: 'shop-web', path: '//areas/shop/web', edge: { kind: 'runtime', origins: [{ source: 'deps', file: 'areas/shop/web/project.yaml', line: 2, col: 8 }] } },
      ],
    });
  });

  test('a project affected directly: the file, then the project', () => {
    const { json } = repo.worldJson('why', 'payments-api');
    expect(json).toEqual({
      project: 'payments-api',
      affected: true,
      chain: [
        { step: 'file', path: 'modules/base.nix', meaning: 'module', module: 'base' },
        { step: 'project', name: 'payments-api', path: '//areas/payments/api' },
      ],
    });
  });

  test('a project that is not affected says so', () => {
    const r = repo.world('why', 'money');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('money is not affected\n');
    expect(repo.worldJson('why', 'money').json).toEqual({ project: 'money', affected: false, chain: [] });
  });

  test('a dependency chain from a changed file, with the global input and untracked files', () => {
    const other = makeRepo(layeredWorld());
    other.write({ 'libs/money/src/new.c': 'int n;\n' });
    const r = other.world('why', 'payments-api');
    expect(r.stdout).toBe(
      [
        'libs/money/src/new.c',
        '└─► money (//libs/money)',
        '  └─► payments-core (//areas/payments/core) — dependency at areas/payments/core/project.yaml:2:8 (deps)',
        '    └─► payments-api (//areas/payments/api) — dependency at areas/payments/api/project.yaml:2:8 (deps)',
        '',
      ].join('\n'),
    );

    other.write({ 'tools/global.lock': 'v2\n' });
    expect(other.worldJson('why', 'shop-web', '--no-uncommitted').json).toMatchObject({ affected: false });
    expect(other.worldJson('why', 'shop-web').json).toEqual({
      project: 'shop-web',
      affected: true,
      chain: [
        { step: 'file', path: 'tools/global.lock', meaning: 'global' },
        { step: 'project', name: 'shop-web', path: '//areas/shop/web' },
      ],
    });
  });
});

describe('world projects', () => {
  test('lists every project, name and world path', () => {
    const r = repo.world('projects');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'money\t//libs/money',
        'payments-api\t//areas/payments/api',
        'payments-core\t//areas/payments/core',
        'shop-web\t//areas/shop/web',
        'ui-kit\t//libs/ui-kit',
        '',
      ].join('\n'),
    );
  });

  test('--json carries deps (with where each edge is written), modules, owners and tags', () => {
    const { json } = repo.worldJson<{ projects: Record<string, unknown>[] }>('projects', '--tag', 'service');
    const edge = (to: string, file: string, col: number) => ({ to, kind: 'runtime', origins: [{ source: 'deps', file, line: 2, col }] });
    expect(json.projects).toEqual([
      {
        name: 'payments-api',
        path: '//areas/payments/api',
        deps: ['payments-core', 'ui-kit'],
        edges: [edge('payments-core', 'areas/payments/api/project.yaml', 8), edge('ui-kit', 'areas/payments/api/project.yaml', 23)],
        package: null,
        modules: ['node'],
        owners: ['team-payments'],
        tags: ['service'],
      },
      { name: 'shop-web', path: '//areas/shop/web', deps: ['ui-kit'], edges: [edge('ui-kit', 'areas/shop/web/project.yaml', 8)], package: null, modules: [], owners: ['team-shop'], tags: ['service', 'web'] },
    ]);
  });

  test('--tag and --owner filter; repeated tags must all match, repeated owners any', () => {
    const names = (...args: string[]) => repo.worldJson<{ projects: { name: string }[] }>('projects', ...args).json.projects.map((p) => p.name);
    expect(names('--owner', 'team-shop')).toEqual(['shop-web']);
    expect(names('--tag', 'service', '--tag', 'web')).toEqual(['shop-web']);
    expect(names('--owner', 'team-shop', '--owner', 'team-payments')).toEqual(['payments-api', 'shop-web']);
    expect(names('--tag', 'service', '--owner', 'team-payments')).toEqual(['payments-api']);
    expect(names('--tag', 'nope')).toEqual([]);
  });
});

describe('world resolve', () => {
  test('a file, a directory and a project directory', () => {
    expect(repo.world('resolve', 'areas/shop/web/src/app.js').stdout).toBe('shop-web\t//areas/shop/web\n');
    expect(repo.world('resolve', 'areas/payments/api').stdout).toBe('payments-api\t//areas/payments/api\n');
    expect(repo.worldJson('resolve', 'libs/money/src').json).toEqual({
      path: '//libs/money/src',
      project: { name: 'money', path: '//libs/money' },
    });
  });

  test('a path that belongs to no project, and one that does not exist yet', () => {
    const r = repo.world('resolve', 'areas/payments');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('//areas/payments belongs to no project\n');
    expect(repo.worldJson('resolve', 'areas').json).toEqual({ path: '//areas', project: null });
    expect(repo.worldJson('resolve', 'libs/ui-kit/not/yet/there.js').json).toMatchObject({ project: { name: 'ui-kit' } });
  });

  test('a relative path is taken from the current directory', () => {
    const r = worldIn(join(repo.dir, 'areas/payments/core'), 'resolve', '../api/src/index.js', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      path: '//areas/payments/api/src/index.js',
      project: { name: 'payments-api', path: '//areas/payments/api' },
    });
  });
});

describe('world gps', () => {
  test('--json from inside a project subdirectory', () => {
    const r = worldIn(join(repo.dir, 'areas/payments/api/src'), 'gps', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      world: { name: 'acme', root: realpathSync(repo.dir) },
      path: '//areas/payments/api/src',
      project: { name: 'payments-api', path: '//areas/payments/api', relativePath: 'src' },
    });
    expect(worldIn(join(repo.dir, 'areas/payments/api/src'), 'gps').stdout).toBe('acme payments-api src\n');
  });

  test('at a project\'s top, and outside every project', () => {
    expect(JSON.parse(worldIn(join(repo.dir, 'libs/money'), 'gps', '--json').stdout).project).toEqual({
      name: 'money',
      path: '//libs/money',
      relativePath: '',
    });
    const top = repo.worldJson('gps');
    expect(top.json).toEqual({ world: { name: 'acme', root: realpathSync(repo.dir) }, path: '//', project: null });
  });
});

describe('world graph', () => {
  const allEdges = [
    ['payments-api', 'payments-core'],
    ['payments-api', 'ui-kit'],
    ['payments-core', 'money'],
    ['shop-web', 'ui-kit'],
  ];

  test('json: every project and every "depends on" edge', () => {
    const r = repo.world('graph', '--format', 'json');
    expect(r.code).toBe(0);
    const view = JSON.parse(r.stdout);
    expect(view.nodes).toEqual([
      { name: 'money', path: '//libs/money' },
      { name: 'payments-api', path: '//areas/payments/api' },
      { name: 'payments-core', path: '//areas/payments/core' },
      { name: 'shop-web', path: '//areas/shop/web' },
      { name: 'ui-kit', path: '//libs/ui-kit' },
    ]);
    expect(view.edges).toEqual(allEdges);
    // --json is the same document.
    expect(repo.worldJson('graph').json).toEqual(view);
  });

  test('dot: a digraph with one node per project and one edge per dependency', () => {
    const r = repo.world('graph', '--format', 'dot');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^digraph world \{\n[\s\S]*\}\n$/);
    expect([...r.stdout.matchAll(/^ {2}"([^"]+)" \[/gm)].map((m) => m[1])).toEqual(['money', 'payments-api', 'payments-core', 'shop-web', 'ui-kit']);
    expect([...r.stdout.matchAll(/^ {2}"([^"]+)" -> "([^"]+)";$/gm)].map((m) => [m[1], m[2]])).toEqual(allEdges);
    expect(r.stdout).toContain('"payments-api" [tooltip="//areas/payments/api"];');
  });

  test('mermaid: a flowchart with labelled nodes and the same edges', () => {
    const r = repo.world('graph', '--format', 'mermaid');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('graph LR');
    const ids = new Map([...r.stdout.matchAll(/^ {2}(\w+)\["([^"]+)"\]$/gm)].map((m) => [m[1]!, m[2]!]));
    expect([...ids.values()]).toEqual(['money', 'payments-api', 'payments-core', 'shop-web', 'ui-kit']);
    const edges = [...r.stdout.matchAll(/^ {2}(\w+) --> (\w+)$/gm)].map((m) => [ids.get(m[1]!), ids.get(m[2]!)]);
    expect(edges).toEqual(allEdges);
  });

  test('--affected keeps only the affected projects and the edges between them', () => {
    const view = JSON.parse(repo.world('graph', '--affected').stdout);
    expect(view.nodes).toEqual([
      { name: 'payments-api', path: '//areas/payments/api', affected: true },
      { name: 'shop-web', path: '//areas/shop/web', affected: true },
      { name: 'ui-kit', path: '//libs/ui-kit', affected: true },
    ]);
    expect(view.edges).toEqual([
      ['payments-api', 'ui-kit'],
      ['shop-web', 'ui-kit'],
    ]);

    const dot = repo.world('graph', '--affected', '--format', 'dot', '--base', 'main').stdout;
    expect([...dot.matchAll(/ -> /g)]).toHaveLength(2);
    expect(dot).not.toContain('"money"');

    // Nothing changed since feature: an empty graph, still valid.
    const none = JSON.parse(repo.world('graph', '--affected', '--base', 'feature').stdout);
    expect(none).toEqual({ nodes: [], edges: [] });
  });
});

describe('-C', () => {
  test('runs on the world in another directory, from anywhere', () => {
    const elsewhere = makeRepo({ 'README.md': 'not a world\n' });
    const r = worldIn(elsewhere.dir, 'affected', '-C', join(repo.dir, 'libs'));
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').sort()).toEqual(['payments-api', 'shop-web', 'ui-kit']);
    // And the repository it was started in is not a world.
    expect(worldIn(elsewhere.dir, 'affected').code).toBe(2);
  });
});
