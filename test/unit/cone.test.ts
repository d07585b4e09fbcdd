/** The sparse cone: which directories a checkout holds, and which paths cone mode keeps on disk. */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseProjectConfig, parseWorldConfig } from '@world/config';
import type { World } from '@world/discovery';
import { ProjectGraph } from '@world/graph';
import { computeCone, inCone, minimizeDirs, projectsInCone } from '@world/checkout';
import { cleanupTempDirs, tempDir } from '../helpers/world-fixture.js';
import { errorOf } from '../helpers/errors.js';

afterAll(cleanupTempDirs);

const graphOf = (worldYaml: string, projects: Record<string, string>): ProjectGraph => {
  const dir = tempDir('world-unit-');
  return new ProjectGraph({
    key: randomUUID(),
    root: { root: dir, gitDir: join(dir, '.git'), stateDir: join(dir, '.git', 'world'), sharedStateDir: join(dir, '.git', 'world') },
    source: { kind: 'commit', oid: 'HEAD' },
    config: parseWorldConfig(worldYaml),
    projects: Object.entries(projects)
      .map(([file, yaml]) => parseProjectConfig(yaml, file))
      .sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0)),
    modules: new Map(),
    builtinModules: new Map(),
    projectNix: new Map(),
  } as World);
};

const projects = {
  'libs/money/project.yaml': 'name: money\n',
  'areas/pay/core/project.yaml': 'name: core\ndeps: [money]\n',
  'areas/pay/api/project.yaml': 'name: api\ndeps: [core]\n',
  'areas/shop/project.yaml': 'name: shop\n',
};

describe('computeCone', () => {
  test('roots, their transitive dependencies, checkout.always and the modules directory', () => {
    const graph = graphOf('name: t\ncheckout:\n  always: [tools/, ./ci]\n', projects);
    const cone = computeCone(graph, ['api']);
    expect(cone).toEqual({
      roots: ['api'],
      dependencies: ['core', 'money'],
      always: ['ci', 'modules', 'tools'],
      dirs: ['areas/pay/api', 'areas/pay/core', 'ci', 'libs/money', 'modules', 'tools'],
    });
  });

  test('a nix.lib inside the world is a build file every checkout needs', () => {
    const graph = graphOf('name: t\nmodules: nix/modules\nnix:\n  lib: nix/lib\n', { 'a/project.yaml': 'name: a\n' });
    expect(computeCone(graph, ['a']).dirs).toEqual(['a', 'nix/lib', 'nix/modules']);
  });

  test('checkout.always takes directories, not globs', () => {
    const graph = graphOf('name: t\ncheckout:\n  always: ["tools/*.sh"]\n', { 'a/project.yaml': 'name: a\n' });
    const e = errorOf(() => computeCone(graph, ['a']));
    expect(e.code).toBe('CONFIG_SCHEMA');
    expect(e.message).toContain('tools/*.sh');
  });

  test('projectsInCone counts the projects whose whole directory is kept', () => {
    const graph = graphOf('name: t\n', { 'areas/pay/api/project.yaml': 'name: api\n', 'areas/pay/core/project.yaml': 'name: core\n', 'areas/shop/project.yaml': 'name: shop\n' });
    expect(projectsInCone(graph, ['areas/pay'])).toEqual(['api', 'core']);
  });
});

describe('cone mode on disk', () => {
  const dirs = ['areas/pay/api', 'libs'];
  test.each([
    ['README.md', true], // the root's files
    ['areas/NOTES.md', true], // files directly in a parent of a cone directory
    ['areas/pay/x.txt', true],
    ['areas/pay/api/src/a.js', true],
    ['areas/pay/core/c.txt', false],
    ['areas/shop/s.txt', false],
    ['libs/money/m.c', true],
    ['libsx/a.txt', false],
  ])('%s → %s', (path, kept) => expect(inCone(path, dirs)).toBe(kept));

  test('minimizeDirs drops directories inside others', () => {
    expect(minimizeDirs(['libs/money', 'libs', 'areas/pay', 'areas/pay/api', 'areas/payments'])).toEqual(['areas/pay', 'areas/payments', 'libs']);
  });
});
