/** Each target's fate from Nix's events: RunTracker driven with a plan, a clock and recorded-shape events. */
import { describe, expect, test } from 'vitest';
import { targetId, type TargetId } from '@world/core';
import { RunTracker, TARGET_FINISHED, type BuildEvent, type PlannedTarget, type TargetPlan } from '@world/executor';

const target = (project: string, name: string, needs: string[] = [], inStore = false): PlannedTarget => ({
  id: targetId(project, name),
  project,
  target: name,
  kind: name === 'test' ? 'test' : 'build',
  key: 'k'.repeat(64),
  drv: `/nix/store/${'d'.repeat(32)}-${project}-${name}.drv`,
  out: `/nix/store/${'o'.repeat(32)}-${project}-${name}`,
  needs: needs as TargetId[],
  inStore,
});

const planOf = (selected: PlannedTarget[], others: PlannedTarget[] = []): TargetPlan => ({
  targets: selected,
  closure: new Map([...selected, ...others].map((t) => [t.id, t])),
  evaluated: true,
});

const harness = (plan: TargetPlan, keepGoing: boolean) => {
  let now = 0;
  const events: BuildEvent[] = [];
  const tracker = new RunTracker(plan, { keepGoing, now: () => now, emit: (e) => events.push(e) });
  const at = (t: number) => (now = t);
  const drv = (id: string) => plan.closure.get(id as TargetId)!.drv;
  const start = (id: string) => tracker.onNix({ type: 'build-started', drv: drv(id), machine: '' });
  const log = (id: string, line: string) => tracker.onNix({ type: 'build-log', drv: drv(id), line });
  return { tracker, events, at, start, log, drv };
};

describe('RunTracker', () => {
  test('a failure is reported when the builder says so, not when Nix ends; durations are the builder\'s own', () => {
    const a = target('a', 'test');
    const b = target('b', 'test');
    const h = harness(planOf([a, b]), true);
    h.at(0);
    h.start('a:test');
    h.start('b:test');
    h.at(10);
    h.log('a:test', 'world: target failed (exit 1)');
    const failedEvent = h.events.find((e) => e.type === 'finished' && e.result.id === 'a:test');
    expect(failedEvent).toMatchObject({ result: { status: 'failed', durationMs: 10, cause: { reason: 'builder-failed', message: 'its command failed (exit 1)' } } });
    h.at(2000);
    h.log('b:test', TARGET_FINISHED);
    h.at(2100);
    h.tracker.onNix({ type: 'build-failed', drv: a.drv, message: `builder for '${a.drv}' failed with exit code 1` });
    const run = h.tracker.finish(new Set([b.out]), 1);
    expect(run.results.map((r) => [r.id, r.status, r.durationMs])).toEqual([
      ['a:test', 'failed', 10],
      ['b:test', 'built', 2000],
    ]);
    // Nothing is announced twice with the same status.
    expect(h.events.filter((e) => e.type === 'finished' && e.result.id === 'a:test')).toHaveLength(1);
  });

  test('without --keep-going: the running target is cancelled, the waiting one not started, neither failed', () => {
    const h = harness(planOf([target('a', 'test'), target('b', 'test'), target('c', 'test')]), false);
    h.start('a:test');
    h.start('b:test');
    h.log('b:test', 'halfway');
    h.log('a:test', 'world: target failed (exit 1)');
    const run = h.tracker.finish(new Set(), 1);
    const byId = Object.fromEntries(run.results.map((r) => [r.id, r]));
    expect(byId['a:test']!.status).toBe('failed');
    expect(byId['b:test']).toMatchObject({ status: 'cancelled', cause: { reason: 'stopped-after-failure', failed: ['a:test'] }, logTail: ['halfway'] });
    expect(byId['c:test']).toMatchObject({ status: 'not-started', cause: { reason: 'stopped-after-failure', failed: ['a:test'] } });
    expect(run.logs.get(byId['b:test']!.drv)).toBe('halfway\n');
  });

  test('a skip names only the failed targets in its own closure, through targets that are not selected', () => {
    const broken = target('broken', 'build');
    const mid = target('mid', 'build', ['broken:build']);
    const top = target('top', 'build', ['mid:build']);
    const alone = target('alone', 'build');
    const h = harness(planOf([top, alone], [mid, broken]), true);
    h.start('broken:build');
    h.log('broken:build', 'world: target failed (exit 3)');
    h.start('alone:build');
    h.log('alone:build', 'world: target failed (exit 1)');
    const run = h.tracker.finish(new Set(), 1);
    const byId = Object.fromEntries(run.results.map((r) => [r.id, r]));
    expect(byId['top:build']).toMatchObject({ status: 'skipped', cause: { reason: 'dependency-failed', failed: ['broken:build'] } });
    // The failed dependency is reported too (with its log), though not selected; mid, which never ran, is not.
    expect(run.results.map((r) => r.id).sort()).toEqual(['alone:build', 'broken:build', 'top:build']);
  });

  test('a builder that finished but whose output Nix did not register failed', () => {
    const a = target('a', 'build');
    const h = harness(planOf([a]), true);
    h.start('a:build');
    h.log('a:build', TARGET_FINISHED);
    expect(h.events.some((e) => e.type === 'finished' && e.result.status === 'built')).toBe(true);
    h.tracker.onNix({ type: 'build-failed', drv: a.drv, message: `builder for '${a.drv}' failed to produce output path '${a.out}'` });
    const run = h.tracker.finish(new Set(), 1);
    expect(run.results[0]).toMatchObject({ status: 'failed' });
    // The correction is announced.
    expect(h.events.filter((e) => e.type === 'finished').map((e) => (e as { result: { status: string } }).result.status)).toEqual(['built', 'failed']);
  });

  test('Nix failing as a whole: nothing started, every target not started with Nix\'s message', () => {
    const h = harness(planOf([target('a', 'build'), target('b', 'build', [], true)]), true);
    h.tracker.onNix({ type: 'error', message: 'unable to start any build' });
    const run = h.tracker.finish(new Set(), 1);
    expect(run.results.map((r) => [r.id, r.status])).toEqual([
      ['a:build', 'not-started'],
      ['b:build', 'cached'],
    ]);
    expect(run.results[0]!.cause).toEqual({ reason: 'nix-error', message: 'unable to start any build' });
    expect(run.nixErrors).toEqual(['unable to start any build']);
  });

  test("a failed test's JUnit comes through its log, and is not part of the log", () => {
    const t = target('calc', 'test');
    const h = harness(planOf([t]), true);
    const xml = '<testsuite name="u"><testcase name="x"><failure/></testcase></testsuite>';
    h.start('calc:test');
    h.log('calc:test', 'running');
    h.log('calc:test', 'world: junit begin');
    const b64 = Buffer.from(xml).toString('base64');
    h.log('calc:test', b64.slice(0, 20));
    h.log('calc:test', b64.slice(20));
    h.log('calc:test', 'world: junit end');
    h.log('calc:test', 'world: target failed (exit 1)');
    const run = h.tracker.finish(new Set(), 1);
    expect(run.results[0]).toMatchObject({ status: 'failed', junit: xml, logTail: ['running', 'world: target failed (exit 1)'] });
  });
});
