/**
 * "Why did this rebuild?": each target that is not cached says what changed since its
 * project's last build on this machine — one test per cause — in --json (`reason`), in the
 * run output with --explain, and in full with `world why --rebuild`, down to the derivation.
 */
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cleanupTempDirs, makeRepo, nonce, sh, type BuildJson, type TestRepo } from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

const reasons = (json: BuildJson) => Object.fromEntries(json.targets.filter((t) => t.status !== 'cached').map((t) => [t.id, t.reason]));

describe('rebuild reasons since the last build', () => {
  let repo: TestRepo;
  const build = () => {
    const r = repo.worldJson<BuildJson>('build');
    expect(r.code, r.stderr).toBe(0);
    return r.json;
  };
  beforeAll(() => {
    repo = makeRepo({
      'world.yaml': 'name: why\nglobal: [tools.lock]\nnix:\n  hostPath: [tools/bin, /usr/local/bin, /usr/bin, /bin]\n',
      'tools.lock': 'v1\n',
      'tools/bin/helper': '#!/bin/sh\necho 1\n',
      'modules/greet.nix': '{ ... }: { config.command.env.GREETING = "hello"; }\n',
      'lib/project.yaml': 'name: lib\nmodules: [command]\nconfig:\n  command.build: mkdir -p "$out" && cp value.txt "$out/"\n  command.test: "true"\n',
      'lib/value.txt': 'yo\n',
      'lib/salt.txt': `${nonce()}\n`,
      'app/project.yaml': 'name: app\ndeps: [lib]\nmodules: [command, greet]\nconfig:\n  command.env: { WORD: yo }\n  command.build: mkdir -p "$out" && echo "$WORD $GREETING" > "$out/word"\n',
    });
    chmodSync(repo.dir, 0o755);
    chmodSync(join(repo.dir, 'tools/bin/helper'), 0o755);
  });

  test('the first build: every target is new', () => {
    expect(reasons(build())).toEqual({ 'app:build': { reason: 'new' }, 'lib:build': { reason: 'new' } });
  });

  test('a target never built is new, though other targets of its project were built', () => {
    const r = repo.worldJson<BuildJson>('test', 'lib', '-n');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.targets.find((t) => t.id === 'lib:test')?.reason).toEqual({ reason: 'new' });
  });

  test('a changed file, and the dependent it reaches', () => {
    repo.commit('lib', { 'lib/value.txt': 'yoyo\n' });
    const r = reasons(build());
    expect(r['lib:build']).toMatchObject({ reason: 'changed', changes: [{ kind: 'files', modified: ['lib/value.txt'], added: [], removed: [] }] });
    expect(r['app:build']).toMatchObject({ reason: 'changed', changes: [{ kind: 'dependencies', changed: ['lib'] }] });
  });

  test('a global input', () => {
    repo.commit('lock', { 'tools.lock': 'v2\n' });
    expect(reasons(build())['lib:build']).toMatchObject({ reason: 'changed', changes: [{ kind: 'globals', modified: ['tools.lock'] }] });
  });

  test('a module', () => {
    repo.commit('module', { 'modules/greet.nix': '{ ... }: { config.command.env.GREETING = "bonjour"; }\n' });
    const r = reasons(build());
    expect(Object.keys(r)).toEqual(['app:build']);
    expect(r['app:build']).toMatchObject({ reason: 'changed', changes: [{ kind: 'modules', changed: ['greet'] }] });
  });

  test('a host tool', () => {
    repo.write({ 'tools/bin/helper': '#!/bin/sh\necho 2\n' });
    expect(reasons(build())['lib:build']).toMatchObject({ reason: 'changed', changes: [{ kind: 'setting', what: 'host tools', detail: [join(repo.dir, 'tools/bin')] }] });
    repo.commit('helper');
  });

  test('an output collected from the store, with the same inputs', () => {
    const out = build().targets.find((t) => t.id === 'lib:build')!.out;
    expect(repo.world('cache', 'gc', '--older-than', '0').code).toBe(0);
    expect(sh(repo.dir, 'nix-store', ['--delete', out]).code).toBe(0);
    expect(reasons(build())['lib:build']).toMatchObject({ reason: 'output-missing' });
  });

  test('--explain prints one line per rebuilt target', () => {
    repo.commit('lib again', { 'lib/value.txt': 'yoyoyo\n' });
    const r = repo.world('build', '--explain');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/built +lib:build.*\n +because: lib\/value\.txt changed/);
    expect(r.stderr).toMatch(/built +app:build.*\n +because: dependency lib changed/);
  });

  test('why --rebuild explains against the last build, not the merge-base, down to the derivation', () => {
    repo.write({ 'app/project.yaml': 'name: app\ndeps: [lib]\nmodules: [command, greet]\nconfig:\n  command.env: { WORD: yoyoyo }\n  command.build: mkdir -p "$out" && echo "$WORD $GREETING" > "$out/word"\n' });
    const r = repo.worldJson<{ cached: boolean; reason: { reason: string; changes: { kind: string; modified?: string[] }[] }; derivation: { env: { name: string; base: string; head: string }[] } }>('why', '--rebuild', 'app:build');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.cached).toBe(false);
    expect(r.json.reason.changes).toEqual([expect.objectContaining({ kind: 'files', modified: ['app/project.yaml'] })]);
    expect(r.json.derivation.env).toContainEqual({ name: 'WORD', base: 'yo', head: 'yoyoyo' });
    const text = repo.world('why', '--rebuild', 'app:build');
    expect(text.stdout).toContain('app:build: not cached — app/project.yaml changed');
    expect(text.stdout).toContain('env WORD: "yo" → "yoyoyo"');
  });
});
