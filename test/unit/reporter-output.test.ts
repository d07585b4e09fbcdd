/**
 * What each reporter prints for a run's events: --output-logs modes, GitHub Actions groups and
 * annotations, the live view's counts and widths, and which reporter a terminal gets.
 * Driven with scripted events (the engine's own types) into a captured stream.
 */
import { describe, expect, test } from 'vitest';
import { targetId, type TargetId } from '@world/core';
import { summarize, type BuildEvent, type RunResult, type TargetResult, type TargetStatus } from '@world/executor';
import {
  displayWidth,
  GithubReporter,
  LiveReporter,
  LogPaths,
  makeStyle,
  pickReporter,
  PlainReporter,
  SilentReporter,
  stripEscapes,
  type OutputLogs,
  type ReporterSettings,
} from '@world/reporters';

class Capture {
  text = '';
  constructor(
    readonly isTTY = false,
    readonly columns = 0,
  ) {}
  write(s: string): boolean {
    this.text += s;
    return true;
  }
}

const HASH = 'h'.repeat(32);
const result = (id: string, status: TargetStatus, extra: Partial<TargetResult> = {}): TargetResult => {
  const [project, target] = id.split(':') as [string, string];
  return {
    id: targetId(project, target),
    project,
    target,
    kind: 'build',
    status,
    key: 'k'.repeat(64),
    drv: `/nix/store/${HASH}-${project}-${target}.drv`,
    out: `/nix/store/${HASH}-${project}-${target}`,
    ...extra,
  };
};
const started = (id: string, requested = true): BuildEvent => ({
  type: 'started',
  id: id as TargetId,
  drv: `/nix/store/${HASH}-${id.replace(':', '-')}.drv`,
  requested,
  machine: '',
});
const log = (id: string, line: string): BuildEvent => ({ type: 'log', id: id as TargetId, line });
const finished = (r: TargetResult, requested = true): BuildEvent => ({ type: 'finished', requested, result: r });
const runResult = (results: TargetResult[]): RunResult => ({ results, summary: summarize(results, 1234), evaluated: true, nixErrors: [], warnings: [] });

const cachedA = result('a:build', 'cached');
const builtB = result('b:build', 'built', { durationMs: 2100 });
const failedC = result('c:build', 'failed', {
  durationMs: 300,
  logTail: ['compiling', 'src/c.c:3:5: error: boom'],
  cause: { reason: 'builder-failed', message: 'its command failed (exit 1)' },
});
const skippedD = result('d:build', 'skipped', { cause: { reason: 'dependency-failed', failed: [failedC.id] } });

/** A run: a cached, a built (with its dependency), a failed and a skipped target. */
const script = (): BuildEvent[] => [
  { type: 'phase', phase: 'fingerprint' },
  { type: 'planned', total: 4, cached: 1, toBuild: 3, evaluated: true },
  finished(cachedA),
  { type: 'phase', phase: 'build', detail: '3 targets' },
  started('lib:build', false),
  log('lib:build', 'lib says hi'),
  finished(result('lib:build', 'built', { durationMs: 50 }), false),
  started('b:build'),
  started('c:build'),
  log('b:build', 'b: compiling /tmp/nix-build-b-build.drv-0/src/main.c'),
  log('c:build', 'compiling'),
  log('c:build', 'src/c.c:3:5: error: boom'),
  finished(failedC),
  log('b:build', 'b: done'),
  finished(builtB),
  finished(skippedD),
];
const results = [cachedA, builtB, failedC, skippedD];

const files = new Set(['projects/c/src/c.c']);
const settings = (outputLogs: OutputLogs, readLog?: (drv: string) => Promise<string | undefined>): ReporterSettings => ({
  explain: false,
  style: makeStyle(false),
  outputLogs,
  paths: new LogPaths((p) => `projects/${p}`, (p) => files.has(p)),
  ...(readLog ? { readLog } : {}),
});

const runPlain = async (mode: OutputLogs, readLog?: (drv: string) => Promise<string | undefined>): Promise<string[]> => {
  const out = new Capture();
  const r = new PlainReporter(out, settings(mode, readLog));
  for (const e of script()) r.onEvent(e);
  await r.finish(runResult(results));
  return out.text.split('\n');
};

describe('PlainReporter and --output-logs', () => {
  test('full: every build\'s lines as they come, prefixed by its id, with sandbox paths made repository paths; cached logs replayed', async () => {
    const lines = await runPlain('full', async (drv) => (drv.endsWith('-a-build.drv') ? 'a was built earlier\nworld: target finished\n' : undefined));
    expect(lines).toContain('b:build | b: compiling projects/b/main.c');
    expect(lines).toContain('lib:build | lib says hi');
    expect(lines).toContain('a:build | a was built earlier');
    expect(lines.join('\n')).not.toContain('world: target finished');
    // Streamed: b's first line before c failed, its last after.
    expect(lines.indexOf('b:build | b: compiling projects/b/main.c')).toBeLessThan(lines.findIndex((l) => /failed\s+c:build/.test(l)));
    expect(lines.indexOf('b:build | b: done')).toBeGreaterThan(lines.findIndex((l) => /failed\s+c:build/.test(l)));
    // Replays are printed before the summary.
    expect(lines.indexOf('a:build | a was built earlier')).toBeLessThan(lines.findIndex((l) => l.startsWith('world: 4 targets,')));
  });

  test('new-only: the builds of this run, not the cached ones', async () => {
    const lines = await runPlain('new-only', async () => 'replayed');
    expect(lines).toContain('b:build | b: done');
    expect(lines).toContain('c:build | src/c.c:3:5: error: boom');
    expect(lines.join('\n')).not.toContain('replayed');
  });

  test('errors-only: a failure\'s whole log the moment it fails, right after its line; no success\'s log', async () => {
    const lines = await runPlain('errors-only');
    const failedAt = lines.findIndex((l) => /^ {2}failed\s+c:build \(300 ms\)$/.test(l));
    expect(failedAt).toBeGreaterThan(-1);
    expect(lines.slice(failedAt + 1, failedAt + 3)).toEqual(['c:build | compiling', 'c:build | src/c.c:3:5: error: boom']);
    expect(failedAt).toBeLessThan(lines.findIndex((l) => /built\s+b:build/.test(l)));
    expect(lines.join('\n')).not.toContain('b: done');
    expect(lines.join('\n')).not.toContain('lib says hi');
  });

  test('none: no logs; the failure is still named, with how to read its log', async () => {
    const text = (await runPlain('none')).join('\n');
    expect(text).not.toContain(' | ');
    expect(text).toContain('✗ c:build failed after 300 ms: its command failed (exit 1) — `world log c:build` prints its log');
  });

  test('the summary counts skipped targets, names dependencies as needed, and lists the slowest builds', async () => {
    const lines = await runPlain('errors-only');
    expect(lines).toContain('  built       lib:build (needed) (50 ms)');
    expect(lines).toContain('  skipped     d:build — needs c:build, which failed');
    expect(lines).toContain('world: 4 targets, 1 cached, 1 built, 1 failed, 1 skipped in 1.2 s');
    expect(lines).toContain('world: slowest: b:build 2.1 s, lib:build 50 ms');
  });
});

describe('replaying and keeping logs', () => {
  test('cached logs are read a few at a time, each printed once; one that cannot be read is said so, and the run goes on', async () => {
    let reading = 0;
    let most = 0;
    const readLog = async (drv: string): Promise<string | undefined> => {
      reading++;
      most = Math.max(most, reading);
      await new Promise((r) => setTimeout(r, 5));
      reading--;
      if (drv.includes('-p3-')) throw new Error('nix-store is gone');
      return `log of ${/-(p\d+)-build/.exec(drv)![1]}\n`;
    };
    const out = new Capture();
    const r = new PlainReporter(out, settings('full', readLog));
    const cached = Array.from({ length: 10 }, (_, i) => result(`p${i}:build`, 'cached'));
    for (const t of cached) r.onEvent(finished(t));
    await r.finish(runResult(cached));
    expect(most).toBeLessThanOrEqual(4);
    for (let i = 0; i < 10; i++) {
      const shown = out.text.split('\n').filter((l) => l.startsWith(`p${i}:build | `));
      expect(shown).toEqual([i === 3 ? `p3:build | (no log: Nix kept none for this output — it came from a binary cache, or its log was deleted)` : `p${i}:build | log of p${i}`]);
    }
  });

  test("a failure's long log shows its end, and says how much came before", async () => {
    const out = new Capture();
    const r = new PlainReporter(out, settings('errors-only'));
    r.onEvent(started('c:build'));
    for (let i = 1; i <= 5000; i++) r.onEvent(log('c:build', `line ${i}`));
    r.onEvent(finished(failedC));
    await r.finish(runResult([failedC]));
    const lines = out.text.split('\n').filter((l) => l.startsWith('c:build | '));
    expect(lines[0]).toBe('c:build | … 3000 earlier lines (`world log c:build` prints them all)');
    expect(lines[1]).toBe('c:build | line 3001');
    expect(lines.at(-1)).toBe('c:build | line 5000');
    expect(lines).toHaveLength(2001);
  });
});

describe('GithubReporter', () => {
  const run = async (mode: OutputLogs, extra: BuildEvent[] = []): Promise<string[]> => {
    const out = new Capture();
    const r = new GithubReporter(out, settings(mode));
    for (const e of [...script(), ...extra]) r.onEvent(e);
    await r.finish(runResult(results));
    return out.text.split('\n');
  };

  test("each target's log in a group titled by its line, with the runner's commands stopped inside it", async () => {
    const lines = await run('new-only');
    const open = lines.indexOf('::group::built       b:build (2.1 s)');
    expect(open).toBeGreaterThan(-1);
    const stop = /^::stop-commands::([0-9a-f]{32})$/.exec(lines[open + 1]!);
    expect(stop).not.toBeNull();
    expect(lines.slice(open + 2, open + 6)).toEqual(['b: compiling projects/b/main.c', 'b: done', `::${stop![1]}::`, '::endgroup::']);
    expect(lines).toContain('::group::built       lib:build (needed) (50 ms)');
  });

  test('a failure is annotated on the repository file and line its log names', async () => {
    const lines = await run('errors-only');
    expect(lines).toContain('::error file=projects/c/src/c.c,line=3,col=5,title=c%3Abuild failed::boom');
    // errors-only: no group for a success.
    expect(lines.some((l) => l.startsWith('::group::built'))).toBe(false);
  });

  test('with no log shown, a failure is still annotated (from its log\'s tail); without a location, on the run', async () => {
    expect(await run('none')).toContain('::error file=projects/c/src/c.c,line=3,col=5,title=c%3Abuild failed::boom');
    const e = result('e:build', 'failed', { logTail: ['it broke'], cause: { reason: 'builder-failed', message: 'its command failed (exit 2)' } });
    expect(await run('none', [finished(e)])).toContain('::error title=e%3Abuild failed::its command failed (exit 2)');
  });

  test('a build cannot forge workflow commands, and world escapes its own', async () => {
    const e = result('e:build', 'failed', { cause: { reason: 'builder-failed', message: 'its command failed (exit 1)' } });
    const lines = await run('errors-only', [
      started('e:build'),
      log('e:build', '::add-mask::secret'),
      log('e:build', 'src/c.c:1:1: error: 100% broken'),
      finished(e),
      { type: 'warning', message: 'a warning\n::error::forged' },
    ]);
    const forged = lines.indexOf('::add-mask::secret');
    const token = /^::stop-commands::(\w+)$/.exec(lines[forged - 1]!)![1]!;
    expect(lines.indexOf(`::${token}::`, forged)).toBeGreaterThan(forged);
    expect(lines).toContain('::warning title=world::a warning%0A::error::forged');
    expect(lines.some((l) => l.startsWith('::error::forged'))).toBe(false);
  });
});

describe('LiveReporter', () => {
  const runLive = async (columns: number, color = false) => {
    const out = new Capture(true, columns);
    const r = new LiveReporter(out, { ...settings('errors-only'), style: makeStyle(color) });
    const statuses: string[] = [];
    for (const e of script()) {
      r.onEvent(e);
      statuses.push(stripEscapes(out.text.split('\r\x1b[2K').at(-1)!.split('\n').at(-1)!));
    }
    await r.finish(runResult(results));
    return { out: out.text, statuses };
  };

  test('the status line counts requested targets only, each once, skipped included, and never fills the terminal', async () => {
    for (const columns of [30, 80, 200]) {
      const { out, statuses } = await runLive(columns);
      for (const segment of out.split('\r\x1b[2K').map((s) => s.split('\n').at(-1)!)) {
        expect(displayWidth(segment), JSON.stringify(segment)).toBeLessThan(columns);
      }
      if (columns === 200) {
        expect(statuses[statuses.length - 1]).toMatch(/building 4\/4 · 1 cached · 1 built · 1 failed · 1 skipped$/);
        expect(statuses.some((s) => /building 1\/4 .* 1 running: lib:build \d+ ms \(dependency\)/.test(s))).toBe(true);
        expect(statuses.some((s) => /2 running: b:build \d+ ms, c:build \d+ ms/.test(s))).toBe(true);
      }
    }
  });

  test('its own lines are broken to the width; the summary ends the output with the slowest builds', async () => {
    const { out } = await runLive(40);
    const finalText = out.slice(out.lastIndexOf('\r\x1b[2K') + '\r\x1b[2K'.length);
    for (const line of finalText.split('\n')) expect(displayWidth(line)).toBeLessThan(40);
    expect(finalText).toContain('✗ 4 targets, 1 cached, 1 built, 1');
    expect(finalText).toMatch(/slowest: b:build 2\.1 s,\s+lib:build 50\s+ms/);
  });

  test('colour only when asked', async () => {
    expect((await runLive(80)).out).not.toMatch(/\x1b\[[0-9;]*m/);
    expect((await runLive(80, true)).out).toMatch(/\x1b\[31m/);
  });

  test('a target said built and then failed counts once, as failed', async () => {
    const out = new Capture(true, 120);
    const r = new LiveReporter(out, settings('errors-only'));
    r.onEvent({ type: 'planned', total: 1, cached: 0, toBuild: 1, evaluated: true });
    r.onEvent(started('b:build'));
    r.onEvent(finished(builtB));
    r.onEvent(finished({ ...builtB, status: 'failed', cause: { reason: 'builder-failed', message: 'Nix did not register its output' } }));
    const status = out.text.split('\r\x1b[2K').at(-1)!;
    expect(status).toMatch(/1\/1 · 0 cached · 0 built · 1 failed/);
    await r.finish(runResult([{ ...builtB, status: 'failed' }]));
  });
});

describe('pickReporter', () => {
  const pick = (stream: Capture, env: NodeJS.ProcessEnv, json = false) => pickReporter({ json, stream, env }).constructor;

  test('--json: nothing; GitHub Actions: groups; a terminal: the live view; CI, a dumb terminal or a pipe: plain lines', () => {
    expect(pick(new Capture(true, 80), {}, true)).toBe(SilentReporter);
    expect(pick(new Capture(false), { GITHUB_ACTIONS: 'true', CI: 'true' })).toBe(GithubReporter);
    expect(pick(new Capture(true, 80), {})).toBe(LiveReporter);
    expect(pick(new Capture(true, 80), { CI: 'true' })).toBe(PlainReporter);
    expect(pick(new Capture(true, 80), { TERM: 'dumb' })).toBe(PlainReporter);
    expect(pick(new Capture(false), {})).toBe(PlainReporter);
  });
});
