/** junit.xml of a ci run: every target, a test target's own cases, Nix failing as a whole. */
import { describe, expect, test } from 'vitest';
import { parse as parseJunit } from 'junit2json';
import { renderJunit, type CiReport } from '@world/reporters';

const target = (id: string, kind: string, status: CiReport['targets'][number]['status'], extra: Partial<CiReport['targets'][number]> = {}): CiReport['targets'][number] => ({
  id,
  project: id.split(':')[0]!,
  target: id.split(':')[1]!,
  kind,
  status,
  durationMs: 1500,
  drv: `/nix/store/${'d'.repeat(32)}-x.drv`,
  out: `/nix/store/${'o'.repeat(32)}-x`,
  substituted: false,
  machine: null,
  affected: [],
  logTail: [],
  cause: null,
  reason: null,
  ...extra,
});

const report = (targets: CiReport['targets'], nixErrors: string[] = []): CiReport => ({
  schemaVersion: 2,
  world: 'w',
  base: null,
  head: null,
  shard: null,
  verdict: 'fail',
  nixErrors,
  summary: { total: targets.length, cached: 0, built: 0, failed: 0, skipped: 0, notStarted: 0, cancelled: 0, wouldBuild: 0, durationMs: 0, ok: false },
  targets,
});

type Parsed = { tests: number; failures: number; testsuite: { name: string; testcase: { name: string; failure?: unknown[]; error?: unknown[] }[] }[] };

describe('renderJunit', () => {
  test('builds, tests, skips and cancels are all cases; failures are failures, not-run targets errors', async () => {
    const xml = renderJunit(
      report([
        target('lib:build', 'build', 'failed', { logTail: ['cc: error <here> & "there"'], cause: { reason: 'builder-failed', message: 'its command failed (exit 1)' } }),
        target('app:build', 'build', 'skipped', { cause: { reason: 'dependency-failed', failed: ['lib:build' as never] } }),
        target('app:test', 'test', 'cancelled', { cause: { reason: 'stopped-after-failure', failed: ['lib:build' as never] } }),
        target('doc:build', 'build', 'cached'),
      ]),
    );
    const j = (await parseJunit(xml)) as Parsed;
    expect(j.tests).toBe(4);
    expect(j.failures).toBe(3);
    const cases = Object.fromEntries(j.testsuite.flatMap((s) => s.testcase).map((c) => [c.name, c]));
    expect(cases['lib:build']!.failure).toBeDefined();
    expect(JSON.stringify(cases['lib:build']!.failure)).toContain('cc: error <here> & \\"there\\"');
    expect(cases['app:build']!.error).toBeDefined();
    expect(cases['app:test']!.error).toBeDefined();
    expect(cases['doc:build']!.failure ?? cases['doc:build']!.error).toBeUndefined();
  });

  test("a test target's own JUnit replaces its single case, and a crash after passing cases still fails", async () => {
    const own = '<?xml version="1.0"?><testsuites><testsuite name="unit" tests="2" failures="0"><testcase name="adds"/><testcase name="subtracts"/></testsuite></testsuites>';
    const xml = renderJunit(report([target('calc:test', 'test', 'failed', { logTail: ['segfault'], cause: { reason: 'builder-failed', message: 'its command failed (exit 139)' } })]), new Map([['calc:test', own]]));
    const j = (await parseJunit(xml)) as Parsed;
    const names = j.testsuite.flatMap((s) => s.testcase).map((c) => c.name);
    expect(names).toEqual(['adds', 'subtracts', 'calc:test']);
    expect(j.failures).toBe(1);
  });

  test('Nix failing as a whole is a case of its own; control characters never reach the XML', async () => {
    const xml = renderJunit(report([target('a:build', 'build', 'not-started', { cause: { reason: 'nix-error', message: 'x' } })], ['unable to start any build\u001b[0m\u0007']));
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    const j = (await parseJunit(xml)) as Parsed;
    expect(j.testsuite.map((s) => s.name)).toEqual(['a:build', 'nix']);
    expect(j.failures).toBe(2);
  });
});
