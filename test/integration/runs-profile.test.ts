/** Run history (`world runs`) and the Chrome trace of a run (`--profile`). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { cleanupTempDirs, makeRepo, nonce, tempDir, type BuildJson } from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

const world = () => ({
  'world.yaml': 'name: runs\nnix:\n  hostPath: [/usr/local/bin, /usr/bin, /bin]\n',
  'a/project.yaml': 'name: a\nmodules: [command]\nconfig:\n  command.build: mkdir -p "$out"\n  command.test: "true"\n',
  'b/project.yaml': 'name: b\ndeps: [a]\nmodules: [command]\nconfig:\n  command.build: sleep 0.2 && mkdir -p "$out"\n',
  'salt.txt': `${nonce()}\n`,
  'a/salt.txt': `${nonce()}\n`,
});

interface RunsJson {
  runs: { id: string; command: string; summary: { built: number; cached: number; ok: boolean } }[];
}

test('every build, test and ci run is recorded; list, show, diff; gc prunes them', () => {
  const repo = makeRepo(world());
  expect(repo.worldJson<BuildJson>('build').code).toBe(0);
  expect(repo.worldJson<BuildJson>('test').code).toBe(0);
  expect(repo.worldJson<BuildJson>('build', '-n').code).toBe(0); // a dry run is not a run
  expect(repo.worldJson<BuildJson>('build').code).toBe(0);
  const list = repo.worldJson<RunsJson>('runs').json.runs;
  expect(list.map((r) => r.command)).toEqual(['build', 'test', 'build']);
  expect(list.map((r) => [r.summary.built, r.summary.cached])).toEqual([[0, 2], [1, 0], [2, 0]]);
  const show = repo.worldJson<{ id: string; targets: { id: string; status: string; reason: unknown }[] }>('runs', 'show', 'last~2');
  expect(show.json.id).toBe(list[2]!.id);
  expect(show.json.targets.map((t) => [t.id, t.status, t.reason])).toEqual([
    ['a:build', 'built', { reason: 'new' }],
    ['b:build', 'built', { reason: 'new' }],
  ]);
  const diff = repo.worldJson<{ changed: { id: string; a: string; b: string }[] }>('runs', 'diff', 'last~2', 'last');
  expect(diff.json.changed).toEqual([
    { id: 'a:build', a: 'built', b: 'cached' },
    { id: 'b:build', a: 'built', b: 'cached' },
  ]);
  const text = repo.world('runs');
  expect(text.stdout.split('\n')[0]).toMatch(/^\d{8}T\d{9}Z-\w{4} +ok +build +2 targets: 2 cached, 0 built/);
  const unknown = repo.world('runs', 'show', 'nope');
  expect(unknown.code).toBe(2);
  const gc = repo.worldJson<{ removedRuns: number }>('cache', 'gc', '--older-than', '0');
  expect(gc.json.removedRuns).toBe(3);
  expect(repo.worldJson<RunsJson>('runs').json.runs).toEqual([]);
});

test('--profile writes a Chrome trace: phases, and each target on a build slot', () => {
  const repo = makeRepo(world());
  const file = join(tempDir(), 'trace.json');
  const r = repo.worldJson<BuildJson>('build', '--profile', file);
  expect(r.code, r.stderr).toBe(0);
  const trace = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: { name: string; cat: string; ph: string; ts: number; dur?: number; tid: number; args?: { name?: string } }[] };
  const spans = trace.traceEvents.filter((e) => e.ph === 'X');
  expect(spans.filter((e) => e.cat === 'phase').map((e) => e.name)).toEqual(['discovery', 'fingerprint', 'sources', 'evaluate', 'build']);
  const targets = spans.filter((e) => e.cat === 'built');
  expect(targets.map((e) => e.name).sort()).toEqual(['a:build', 'b:build']);
  for (const t of targets) expect(t.tid).toBeGreaterThan(0);
  const b = targets.find((e) => e.name === 'b:build')!;
  const a = targets.find((e) => e.name === 'a:build')!;
  // b needs a: it starts after a ends, and takes its 0.2 s.
  expect(b.ts).toBeGreaterThanOrEqual(a.ts + a.dur!);
  expect(b.dur!).toBeGreaterThanOrEqual(200_000);
  expect(trace.traceEvents.some((e) => e.ph === 'M' && e.args?.name === 'build slot 1')).toBe(true);
});
