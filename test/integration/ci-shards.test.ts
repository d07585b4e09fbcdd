/**
 * Shards on persistent runners: each runner keeps its own `.git/world` (timings of the builds
 * it happened to run), yet shard 1 from one runner and shard 2 from another must together run
 * the plan exactly once. The split may only depend on the plan and on timings every runner
 * has: a `--timings` file, or world-timings.json committed at the head.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTempDirs, cloneRepo, makeRepo, nonce, sh, tempDir, type Files, type TestRepo } from '../helpers/world-fixture.js';
import { ciRun, commandProject, hasStackTrace, idsOf } from '../helpers/ci-run.js';

const NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];

const shardWorld = (salt: string): Files => {
  const files: Files = { 'world.yaml': 'name: shards\n' };
  for (const n of NAMES) {
    files[`${n}/project.yaml`] = commandProject(n, [], 'test -s data.txt');
    files[`${n}/data.txt`] = `${n} ${salt}\n`;
  }
  return files;
};

/** What a runner remembers of its own builds: the file the executor records durations in. */
const setLocalTimings = (runner: TestRepo, timings: Record<string, number>) => {
  const dir = join(runner.dir, '.git', 'world', 'cache');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'timings.json'), JSON.stringify(timings));
};

/** Every shard i of n, each from the runner `pick(i)`, saying what it balanced by; returns their target ids. */
const runShards = (n: number, pick: (i: number) => TestRepo, args: string[], balancedBy: RegExp): string[][] =>
  Array.from({ length: n }, (_, i) => {
    const r = ciRun(pick(i), ['--base', 'main', '--head', 'change', '--shard', `${i + 1}/${n}`, ...args]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.report().shard).toEqual({ index: i + 1, count: n });
    expect(r.stderr).toMatch(new RegExp(`world: shard ${i + 1}/${n}: \\d+ of 12 targets, balanced by ${balancedBy.source}`));
    return r.report().targets.map((t) => t.id);
  });

const expectExactUnion = (shards: string[][], plan: string[], what: string) => {
  const all = shards.flat();
  expect(new Set(all).size, `${what}: a target ran in two shards (${JSON.stringify(shards)})`).toBe(all.length);
  expect([...all].sort(), `${what}: the union is not the plan`).toEqual(plan);
};

describe('world ci --shard on runners with different local state', () => {
  let origin: TestRepo;
  let runnerA: TestRepo;
  let runnerB: TestRepo;
  let plan: string[];

  beforeAll(() => {
    origin = makeRepo(shardWorld(nonce()));
    origin.git('checkout', '-q', '-b', 'change');
    origin.commit('touch every project', Object.fromEntries(NAMES.map((n) => [`${n}/data.txt`, `${n} ${nonce()} changed\n`])));
    origin.git('checkout', '-q', 'main');
    const bare = tempDir('world-bare-');
    sh(bare, 'git', ['init', '-q', '--bare']);
    origin.git('push', '-q', bare, 'main', 'change');
    runnerA = cloneRepo(`file://${bare}`, '--no-single-branch', '--branch', 'main');
    runnerB = cloneRepo(`file://${bare}`, '--no-single-branch', '--branch', 'main');
    for (const r of [runnerA, runnerB]) r.git('branch', '-q', 'change', 'origin/change');
    // The two runners remember opposite things: what is slow on one is fast on the other.
    const ids = NAMES.flatMap((n) => [`${n}:build`, `${n}:test`]).sort();
    setLocalTimings(runnerA, Object.fromEntries(ids.map((id, i) => [id, i < 3 ? 100_000 : 10])));
    setLocalTimings(runnerB, Object.fromEntries(ids.map((id, i) => [id, i >= ids.length - 3 ? 100_000 : (i + 1) * 7])));
    const full = ciRun(runnerA, ['--base', 'main', '--head', 'change']);
    expect(full.code, full.stderr).toBe(0);
    plan = idsOf(full.report());
    expect(plan).toEqual(ids);
  });
  afterAll(cleanupTempDirs);

  it('without --timings: every mix of runners gives disjoint shards whose union is the plan', () => {
    for (const n of [2, 3]) {
      const fromA = runShards(n, () => runnerA, [], /count/);
      const fromB = runShards(n, () => runnerB, [], /count/);
      expect(fromB, `n=${n}: the runners split differently`).toEqual(fromA);
      expectExactUnion(fromA, plan, `n=${n}`);
      // Shard 1 from one runner, the rest from the other: the case that ran targets twice.
      expectExactUnion(runShards(n, (i) => (i % 2 === 0 ? runnerA : runnerB), [], /count/), plan, `n=${n} mixed`);
      // Balanced by count, since no runner-independent timings exist.
      expect(fromA.map((s) => s.length).sort()).toEqual(n === 2 ? [6, 6] : [4, 4, 4]);
    }
  });

  it('with --timings: the file decides the balance, on every runner alike', () => {
    const file = join(tempDir(), 'report.json');
    const targets = plan.map((id) => ({ id, durationMs: id === 'delta:test' ? 500_000 : id === 'alpha:build' ? null : 10 }));
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, targets }));
    const mixed = runShards(2, (i) => (i === 0 ? runnerB : runnerA), ['--timings', file], /\S+report\.json/);
    expectExactUnion(mixed, plan, '--timings');
    // The long target has a shard of its own.
    expect(mixed.find((s) => s.includes('delta:test'))).toEqual(['delta:test']);
  });

  it('with world-timings.json committed at the head: read from the commit, the same on every runner', () => {
    origin.git('checkout', '-q', 'change');
    const committed = Object.fromEntries(plan.map((id) => [id, id === 'bravo:build' || id === 'echo:test' ? 900_000 : 10]));
    origin.commit('timings', { 'world-timings.json': JSON.stringify(committed) });
    origin.git('checkout', '-q', 'main');
    for (const r of [runnerA, runnerB]) {
      r.git('fetch', '-q', `file://${origin.dir}`, '+change:change');
      // A dirty copy in the working tree must not matter: the commit's file counts.
      writeFileSync(join(r.dir, 'world-timings.json'), JSON.stringify({ 'alpha:build': 1 }));
    }
    const shards = runShards(3, (i) => (i === 1 ? runnerA : runnerB), [], /world-timings\.json at [0-9a-f]{12}/);
    expectExactUnion(shards, plan, 'committed timings');
    expect(shards.find((s) => s.includes('bravo:build'))).toEqual(['bravo:build']);
    expect(shards.find((s) => s.includes('echo:test'))).toEqual(['echo:test']);
  });

  it('a malformed committed world-timings.json stops the shard with TIMINGS_INVALID (exit 2) naming it', () => {
    origin.git('checkout', '-q', 'change');
    origin.commit('bad timings', { 'world-timings.json': '{"bravo:build": -4}' });
    origin.git('checkout', '-q', 'main');
    runnerA.git('fetch', '-q', `file://${origin.dir}`, '+change:change');
    const r = ciRun(runnerA, ['--base', 'main', '--head', 'change', '--shard', '1/2']);
    expect(r.code).toBe(2);
    expect(hasStackTrace(r)).toBe(false);
    expect(r.stderr).toMatch(/error\[TIMINGS_INVALID\]: world-timings\.json at [0-9a-f]{12}: "bravo:build": the duration of bravo:build is -4/);
    expect(r.stderr).toContain('  hint: ');
  });
});
