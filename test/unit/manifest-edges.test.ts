/**
 * Dependencies from package manifests: parsing package.json with positions, world.yaml's
 * `deps.from` and project.yaml's `devDeps`, the specs that make an edge (and those that do
 * not), edge kinds and origins, and the target-cycle check.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parsePackageManifest, parseProjectConfig, parseWorldConfig, type PackageManifest } from '@world/config';
import type { World } from '@world/discovery';
import { ProjectGraph, checkTargetCycles } from '@world/graph';
import { computeAffected } from '@world/affected';
import { cleanupTempDirs, tempDir } from '../helpers/world-fixture.js';
import { errorOf } from '../helpers/errors.js';

afterAll(cleanupTempDirs);

describe('parsePackageManifest', () => {
  test('name, version, every dependency section with the line and column of each entry', () => {
    const text = ['{', '  "name": "@acme/web",', '  "version": "1.2.3",', '  "dependencies": { "@acme/ui": "workspace:*",', '    "react": "^18" },', '  "devDependencies": {', '    "@acme/test-kit": "file:../test-kit"', '  },', '  "peerDependencies": {}', '}'].join('\n');
    const m = parsePackageManifest(text, 'apps/web/package.json');
    expect(m).toEqual({
      file: 'apps/web/package.json',
      name: '@acme/web',
      namePosition: { line: 2, col: 3 },
      version: '1.2.3',
      workspaces: null,
      deps: [
        { name: '@acme/ui', spec: 'workspace:*', section: 'dependencies', line: 4, col: 21 },
        { name: 'react', spec: '^18', section: 'dependencies', line: 5, col: 5 },
        { name: '@acme/test-kit', spec: 'file:../test-kit', section: 'devDependencies', line: 7, col: 5 },
      ],
    });
  });

  test('keys that look like syntax, escapes and nesting do not confuse the positions', () => {
    const text = '{"scripts":{"dependencies":"x","a\\"b":"{"},"dependencies":{"__proto__":"1.0.0","b":"2"}}';
    const m = parsePackageManifest(text, 'package.json');
    expect(m.deps).toEqual([
      { name: '__proto__', spec: '1.0.0', section: 'dependencies', line: 1, col: 60 },
      { name: 'b', spec: '2', section: 'dependencies', line: 1, col: 80 },
    ]);
    expect(Object.getPrototypeOf(m)).toBe(Object.prototype);
  });

  test('workspaces as a list or as yarn\'s { packages }', () => {
    expect(parsePackageManifest('{"workspaces":["packages/*"]}', 'package.json').workspaces).toEqual(['packages/*']);
    expect(parsePackageManifest('{"workspaces":{"packages":["apps/*"],"nohoist":[]}}', 'package.json').workspaces).toEqual(['apps/*']);
  });

  test.each([
    ['{"name": "a",\n  "dependencies": [1]}', 'package.json:2:3: "dependencies" must be an object of package names and versions'],
    ['{"dependencies": {"a": 1}}', 'package.json:1:19: the version of "a" in dependencies must be a string'],
    ['{"name": 5}', 'package.json:1:2: "name" must be a string'],
    ['[1]', 'package.json:1:1: a package manifest must be a JSON object'],
    ['{"workspaces": "packages/*"}', 'package.json:1:2: "workspaces" must be a list of glob strings (or { "packages": [...] })'],
  ])('refuses %j where it is wrong', (text, message) => {
    const e = errorOf(() => parsePackageManifest(text, 'package.json'));
    expect(e.code).toBe('MANIFEST_INVALID');
    expect(e.message).toBe(message);
  });

  test.each([
    ['{\n  "name": "a",\n  "version": \n}', '4:1: invalid JSON: unexpected "}"'],
    ['{"a": [1, 2,]}', '1:13: invalid JSON: unexpected "]"'],
    ['{"a": "b\tc"}', '1:7: invalid JSON: unexpected "\\""'],
    ['{"a": 01}', '1:8: invalid JSON: unexpected "1"'],
    ['{"a": 1} x', '1:10: invalid JSON: unexpected "x"'],
    ['{"a": {', '1:8: invalid JSON: unexpected the end of the file'],
    [`{"a": ${'['.repeat(100_000)}`, '1:100007: invalid JSON: unexpected the end of the file'],
  ])('invalid JSON %#: where it goes wrong', (text, message) => {
    const e = errorOf(() => parsePackageManifest(text, 'x/package.json'));
    expect(e.code).toBe('MANIFEST_INVALID');
    expect(e.message).toBe(`x/package.json:${message}`);
  });
});

describe('world.yaml deps.from and project.yaml devDeps', () => {
  test('deps.from lists manifests; an unknown one is refused where it stands', () => {
    expect(parseWorldConfig('name: w\n').deps).toEqual({ from: [] });
    expect(parseWorldConfig('name: w\ndeps:\n  from: [package.json]\n').deps).toEqual({ from: ['package.json'] });
    const e = errorOf(() => parseWorldConfig('name: w\ndeps:\n  from: [package.jsn]\n'));
    expect(e.code).toBe('CONFIG_SCHEMA');
    expect(e.message).toBe('world.yaml:3:10: deps.from entry "package.jsn" is not a manifest world reads (did you mean "package.json"?)');
    expect(errorOf(() => parseWorldConfig('deps:\n  form: []\n')).code).toBe('CONFIG_UNKNOWN_KEY');
  });

  test('devDeps are read like deps, with positions, by the fast and the full parser alike', () => {
    const simple = parseProjectConfig('name: a\ndevDeps: [b, //libs/c]\n', 'a/project.yaml');
    expect(simple.devDeps).toEqual(['b', '//libs/c']);
    expect(simple.positions.devDeps).toEqual([{ line: 2, col: 11 }, { line: 2, col: 14 }]);
    const full = parseProjectConfig('name: a\ndevDeps: [b, //libs/c]\nconfig: { x: 1 }\n', 'a/project.yaml');
    expect(full.devDeps).toEqual(simple.devDeps);
    expect(full.positions.devDeps).toEqual(simple.positions.devDeps);
    expect(errorOf(() => parseProjectConfig('name: a\ndevDeps: [B]\n', 'a/project.yaml')).code).toBe('INVALID_NAME');
  });
});

/** A world as discovery hands it over, reading package.json for dependencies. */
const worldOf = (projects: Record<string, string>, manifests: Record<string, object>, infer = true): World => {
  const dir = tempDir('world-unit-');
  return {
    key: randomUUID(),
    root: { root: dir, gitDir: join(dir, '.git'), stateDir: join(dir, '.git', 'world'), sharedStateDir: join(dir, '.git', 'world') },
    source: { kind: 'commit', oid: 'HEAD' },
    config: parseWorldConfig(`name: t\n${infer ? 'deps: { from: [package.json] }\n' : ''}`),
    projects: Object.entries(projects)
      .map(([file, yaml]) => parseProjectConfig(yaml, file))
      .sort((a, b) => (a.dir < b.dir ? -1 : 1)),
    modules: new Map(),
    builtinModules: new Map([['command', '/dev/null']]),
    projectNix: new Map(),
    manifests: new Map(
      Object.entries(manifests).map(([file, json]): [string, PackageManifest] => [file.slice(0, file.lastIndexOf('/')), parsePackageManifest(JSON.stringify(json, null, 2), file)]),
    ),
  } as World;
};

const pkgs = (extra: Record<string, object> = {}) => ({
  'libs/ui/package.json': { name: '@acme/ui', version: '2.1.0' },
  'libs/kit/package.json': { name: 'kit', version: '0.3.0' },
  'libs/old/package.json': { name: '@acme/old' },
  ...extra,
});
const yamls = { 'libs/ui/project.yaml': 'name: acme-ui\n', 'libs/kit/project.yaml': 'name: kit\n', 'libs/old/project.yaml': 'name: acme-old\n', 'apps/web/project.yaml': 'name: web\n' };

describe('edges from package.json', () => {
  test('workspace:, satisfied ranges, * and file:/link: paths are edges; registry packages and unsatisfied ranges are not', () => {
    const g = new ProjectGraph(
      worldOf(
        yamls,
        pkgs({
          'apps/web/package.json': {
            name: '@acme/web',
            dependencies: { '@acme/ui': '^2.0.0', react: '^18.0.0', 'not-here': 'workspace-like' },
            peerDependencies: { kit: 'workspace:^' },
            optionalDependencies: { '@acme/old': '*' },
            devDependencies: { 'kit-alias': 'link:../../libs/kit', '@acme/ui': '^3.0.0', tarball: 'file:../../vendor/x.tgz' },
          },
        }),
      ),
    );
    const web = g.get('web')!;
    expect(web.packageName).toBe('@acme/web');
    expect(web.deps).toEqual(['acme-ui', 'kit', 'acme-old']);
    // kit is named at runtime (peer) and for tests (link:): runtime wins.
    expect(web.devDeps).toEqual([]);
    expect(g.runtimeDeps('web')).toEqual(['acme-ui', 'kit', 'acme-old']);
    expect(g.edges('web').find((e) => e.to === 'kit')).toEqual({
      to: 'kit',
      kind: 'runtime',
      origins: [
        // Sections in the order world reads them: dependencies, devDependencies, peer, optional.
        { source: 'devDependencies', file: 'apps/web/package.json', line: 15, col: 5, package: 'kit-alias', spec: 'link:../../libs/kit' },
        { source: 'peerDependencies', file: 'apps/web/package.json', line: 9, col: 5, package: 'kit', spec: 'workspace:^' },
      ],
    });
  });

  test('project.yaml and package.json combine; devDependencies and devDeps are test-only edges', () => {
    const g = new ProjectGraph(
      worldOf({ ...yamls, 'apps/web/project.yaml': 'name: web\ndeps: [kit]\ndevDeps: [acme-old]\n' }, pkgs({ 'apps/web/package.json': { name: 'web', devDependencies: { '@acme/ui': 'workspace:*', kit: 'workspace:*' } } })),
    );
    expect(g.get('web')!.deps).toEqual(['kit', 'acme-old', 'acme-ui']);
    expect(g.get('web')!.devDeps).toEqual(['acme-old', 'acme-ui']);
    expect(g.edges('web').map((e) => [e.to, e.kind, e.origins.map((o) => o.source)])).toEqual([
      ['kit', 'runtime', ['deps', 'devDependencies']],
      ['acme-old', 'dev', ['devDeps']],
      ['acme-ui', 'dev', ['devDependencies']],
    ]);
    // Test-only edges count fully for affected.
    const affected = computeAffected(g, { paths: ['libs/ui/x.js'] });
    expect(affected.projects.map((p) => p.name)).toEqual(['acme-ui', 'web']);
  });

  test('without deps.from, package.json is not read', () => {
    const g = new ProjectGraph(worldOf(yamls, pkgs({ 'apps/web/package.json': { name: 'web', dependencies: { kit: 'workspace:*' } } }), false));
    expect(g.get('web')!.deps).toEqual([]);
    expect(g.isConfigFile('package.json')).toBe(false);
    expect(new ProjectGraph(worldOf(yamls, pkgs())).isConfigFile('package.json')).toBe(true);
  });

  test('a workspace: dependency on no project\'s package, and an ambiguous package name, are errors at the entry', () => {
    const unknown = errorOf(() => new ProjectGraph(worldOf(yamls, pkgs({ 'apps/web/package.json': { name: 'web', dependencies: { kits: 'workspace:*' } } }))));
    expect(unknown.code).toBe('UNKNOWN_DEPENDENCY');
    expect(unknown.location).toEqual({ file: 'apps/web/package.json', line: 4, col: 5 });
    expect(unknown.message).toContain('"kits" (dependencies, "workspace:*") names no project\'s package (did you mean "kit"?)');
    const twice = errorOf(() =>
      new ProjectGraph(worldOf({ ...yamls, 'libs/kit2/project.yaml': 'name: kit2\n' }, pkgs({ 'libs/kit2/package.json': { name: 'kit', version: '0.3.0' }, 'apps/web/package.json': { name: 'web', dependencies: { kit: '^0.3.0' } } }))),
    );
    expect(twice.code).toBe('DUPLICATE_PROJECT');
    expect(twice.message).toContain('"kit" is the package name of several projects: libs/kit/package.json, libs/kit2/package.json');
  });

  test('pnpm\'s workspace:<path> is a path, whatever the package there is called', () => {
    const g = new ProjectGraph(worldOf(yamls, pkgs({ 'apps/web/package.json': { name: 'web', dependencies: { whatever: 'workspace:../../libs/old' } } })));
    expect(g.get('web')!.deps).toEqual(['acme-old']);
  });

  test('a package naming itself is no edge', () => {
    const g = new ProjectGraph(worldOf(yamls, pkgs({ 'libs/kit/package.json': { name: 'kit', version: '0.3.0', devDependencies: { kit: 'workspace:*' } } })));
    expect(g.get('kit')!.deps).toEqual([]);
  });
});

describe('checkTargetCycles', () => {
  const build = 'modules: [command]\nconfig:\n  command.build: x\n';
  const graph = (a: object, b: object, aYaml = build) =>
    new ProjectGraph(worldOf({ 'a/project.yaml': `name: a\n${aYaml}`, 'b/project.yaml': `name: b\n${build}` }, { 'a/package.json': { name: 'a', version: '1.0.0', ...a }, 'b/package.json': { name: 'b', version: '1.0.0', ...b } }));

  test('a runtime cycle between projects with build targets names the edge to cut and where it is written', () => {
    const g = graph({ dependencies: { b: 'workspace:*' } }, { peerDependencies: { a: '^1.0.0' } });
    const e = errorOf(() => checkTargetCycles(g, ['a', 'b']));
    expect(e.code).toBe('TARGET_CYCLE');
    expect(e.message).toBe("b/package.json:5:5: targets need each other's outputs: a:build → b:build → a:build");
    expect(e.hint).toContain('cut the edge b → a, written at b/package.json:5:5 (peerDependencies "a": "^1.0.0")');
    // Only the projects asked about count.
    expect(() => checkTargetCycles(g, ['a'])).not.toThrow();
  });

  test('a cycle through a test-only edge, or through a project without build target, is no target cycle', () => {
    expect(() => checkTargetCycles(graph({ dependencies: { b: 'workspace:*' } }, { devDependencies: { a: '^1.0.0' } }), ['a', 'b'])).not.toThrow();
    const noBuild = graph({ dependencies: { b: 'workspace:*' } }, { dependencies: { a: '^1.0.0' } }, 'modules: [command]\nconfig:\n  command.test: x\n');
    expect(noBuild.cycles).toEqual([['a', 'b']]);
    expect(() => checkTargetCycles(noBuild, ['a', 'b'])).not.toThrow();
    const noModules = graph({ dependencies: { b: 'workspace:*' } }, { dependencies: { a: '^1.0.0' } }, '');
    expect(() => checkTargetCycles(noModules, ['a', 'b'])).not.toThrow();
  });
});
