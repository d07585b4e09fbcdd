/**
 * `world init`'s plan as a value: project names from package names (scoped, clashing, missing),
 * what a new project.yaml holds with and without inference, and what is drift.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { parsePackageManifest } from '@world/config';
import type { Workspaces } from '@world/discovery';
import { planInit, projectNameOf } from '../../cli/src/lib/init-plan.js';
import { cleanupTempDirs, tempDir } from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

const workspaces = (manifests: Record<string, object>): Workspaces => ({
  layouts: [{ kind: 'npm', file: 'package.json', globs: ['**'] }],
  packages: Object.entries(manifests).map(([dir, json]) => ({ dir, manifest: parsePackageManifest(JSON.stringify(json, null, 2), `${dir}/package.json`) })),
  rootFiles: ['package.json'],
  projectFiles: [],
  notes: [],
});

describe('world init plan', () => {
  test.each([
    ['@acme/web-app', 'acme-web-app'],
    ['Left_Pad', 'left_pad'],
    ['@x/../../etc', 'x-..-..-etc'],
    ['---', undefined],
  ])('the project name of package %j is %j', (pkg, name) => expect(projectNameOf(pkg)).toBe(name));

  test('clashing names go by path, never onto a name another package keeps; a package without a name is named after its directory', () => {
    const plan = planInit(tempDir(), workspaces({ 'a/x': { name: 'x' }, 'b/x': { name: 'x' }, c: { name: 'a-x' }, 'd/unnamed': {} }), null, { infer: true, modules: [] });
    expect(plan.projects.map((p) => [p.dir, p.name])).toEqual([
      ['a/x', 'a-x-2'],
      ['b/x', 'b-x'],
      ['c', 'a-x'],
      ['d/unnamed', 'unnamed'],
    ]);
    expect(plan.undecided).toEqual([
      'd/unnamed/package.json: no "name": the project is named unnamed after its directory',
      'a/x/package.json: the name x is taken by another package: the project is named a-x-2 after its path',
      'b/x/package.json: the name x is taken by another package: the project is named b-x after its path',
    ]);
  });

  test('with inference a project.yaml names the project; without, it lists the edges by kind', () => {
    const ws = workspaces({ a: { name: '@s/a', version: '1.0.0', dependencies: { '@s/b': 'workspace:*', react: '^18' }, devDependencies: { '@s/c': '*', '@s/b': '^1' } }, b: { name: '@s/b', version: '1.0.0' }, c: { name: '@s/c' } });
    const inferred = planInit(tempDir(), ws, null, { infer: true, modules: ['node'] });
    expect(inferred.projects[0]!.content).toBe(
      '# Written by `world init`; it never overwrites this file: edit it freely.\n# Package "@s/a": its dependencies come from its package.json (world.yaml deps.from).\nname: s-a\nmodules: ["node"]\n',
    );
    expect(inferred.worldYaml).toContain('deps:\n  from: [package.json]\n');
    const written = planInit(tempDir(), ws, null, { infer: false, modules: [] });
    expect(written.projects[0]!.content).toBe('# Written by `world init`; it never overwrites this file: edit it freely.\n# Package "@s/a".\nname: s-a\ndeps: ["s-b"]\ndevDeps: ["s-c"]\n');
    expect(written.worldYaml).not.toContain('deps:');
    expect(written.drift).toEqual(['world.yaml: missing', 'a/project.yaml: missing (package @s/a)', 'b/project.yaml: missing (package @s/b)', 'c/project.yaml: missing (package @s/c)']);
  });

  test('a module name is checked before anything is planned', () => {
    expect(() => planInit(tempDir(), workspaces({}), null, { infer: true, modules: ['No Way'] })).toThrow(/--module "No Way" is not a valid name/);
  });
});
