/**
 * Keys over the condensation of the project graph: a cycle's members share a component key,
 * so a change to any member — adjacent or not — re-keys them all and their dependents, and
 * nothing else; what a key is made of (KeyParts) still says which dependency changed.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseProjectConfig, parseWorldConfig } from '@world/config';
import type { World } from '@world/discovery';
import { ProjectGraph } from '@world/graph';
import { HostDigests, computeFingerprints, type SourceTree } from '@world/fingerprint';
import { keyChanges } from '@world/executor';
import { cleanupTempDirs, tempDir } from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

// a → b → c → a is a cycle (c's edge test-only); d depends on a; e stands alone.
const PROJECTS: Record<string, string> = {
  'a/project.yaml': 'name: a\ndeps: [b]\n',
  'b/project.yaml': 'name: b\ndeps: [c]\n',
  'c/project.yaml': 'name: c\ndevDeps: [a]\n',
  'd/project.yaml': 'name: d\ndeps: [a]\n',
  'e/project.yaml': 'name: e\n',
};

const dir = tempDir('world-keys-');
mkdirSync(join(dir, 'tools'));
const world = {
  key: randomUUID(),
  root: { root: dir, gitDir: join(dir, '.git'), stateDir: join(dir, '.git', 'world'), sharedStateDir: join(dir, '.git', 'world') },
  source: { kind: 'commit', oid: 'HEAD' },
  // An empty directory as the whole PATH: no host tools to digest.
  config: parseWorldConfig('name: t\nnix: { hostPath: [tools] }\n'),
  projects: Object.entries(PROJECTS).map(([file, yaml]) => parseProjectConfig(yaml, file)),
  modules: new Map(),
  builtinModules: new Map(),
  projectNix: new Map(),
  manifests: new Map(),
} as World;
const graph = new ProjectGraph(world);
const host = new HostDigests(join(dir, 'host-digests.json'));

const tree = (changes: Record<string, string> = {}): SourceTree => {
  const files: Record<string, string> = { ...Object.fromEntries(Object.keys(PROJECTS).map((f) => [f, `oid-${f}`])), 'a/x.js': 'a1', 'b/x.js': 'b1', 'c/x.js': 'c1', 'd/x.js': 'd1', 'e/x.js': 'e1', ...changes };
  return new Map(Object.entries(files).map(([path, oid]) => [path, { path, mode: '100644', oid: oid.padEnd(40, '0') }]));
};

const keys = (t: SourceTree, names = ['d', 'e']) => Object.fromEntries([...computeFingerprints(graph, t, names, host).projects].map(([n, f]) => [n, f.key]));

describe('keys over a cycle', () => {
  test('a change to any member re-keys every member and their dependents, nothing else', () => {
    expect(graph.cycles).toEqual([['a', 'b', 'c']]);
    const before = keys(tree());
    expect(new Set(Object.values(before)).size).toBe(5);
    for (const member of ['a', 'b', 'c']) {
      const after = keys(tree({ [`${member}/x.js`]: `${member}2` }));
      for (const n of ['a', 'b', 'c', 'd']) expect(after[n], `${n} after a change to ${member}`).not.toBe(before[n]);
      expect(after.e).toBe(before.e);
    }
    const outside = keys(tree({ 'd/x.js': 'd2' }));
    expect(outside).toEqual({ ...before, d: outside.d });
    expect(outside.d).not.toBe(before.d);
  });

  test('keys do not depend on which projects were asked for', () => {
    expect(keys(tree(), ['c'])).toEqual(Object.fromEntries(Object.entries(keys(tree())).filter(([n]) => n !== 'd' && n !== 'e')));
  });

  test('parts: a dependency in the cycle is recorded as the component, marked when test-only; a change shows as that dependency', () => {
    const fp = computeFingerprints(graph, tree(), ['d'], host).projects;
    const component = /^component [0-9a-f]+$/;
    expect(fp.get('a')!.parts.deps.b).toMatch(component);
    expect(fp.get('c')!.parts.deps.a).toMatch(/^test-only component [0-9a-f]+$/);
    expect(fp.get('d')!.parts.deps).toEqual({ a: fp.get('a')!.key });
    const changed = computeFingerprints(graph, tree({ 'c/x.js': 'c2' }), ['d'], host).projects;
    // c's file changed: a does not read it, but its dependency b (in the cycle) changed.
    expect(keyChanges(fp.get('a')!.parts, changed.get('a')!.parts)).toEqual([{ kind: 'dependencies', changed: ['b'] }]);
    expect(keyChanges(fp.get('c')!.parts, changed.get('c')!.parts)).toEqual([
      { kind: 'files', added: [], removed: [], modified: ['c/x.js'] },
      { kind: 'dependencies', changed: ['a'] },
    ]);
  });
});
