/**
 * The live view on a real pseudo-terminal, 80 and 200 columns wide, read the way a person
 * sees it (a terminal emulator's screen): the counter moves while builds run and ends with
 * every target counted (skipped ones too); what runs is what runs; no status line is ever
 * wider than the terminal, and none is left behind on the screen; finished targets scroll
 * above, each once, with the paths in their logs pointing at the repository; a summary ends
 * it; NO_COLOR means no colour.
 */
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { PtySession } from '../helpers/pty.js';
import { gatedWorld } from '../helpers/pty-world.js';
import { cleanupTempDirs } from '../helpers/world-fixture.js';
import { displayWidth, stripEscapes } from '@world/reporters';

afterAll(cleanupTempDirs);

let session: PtySession | undefined;
afterEach(() => {
  session?.kill();
  session = undefined;
});

const SGR = /\x1b\[[0-9;]*m/;
const SPINNER_ROW = /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] /;
const counterOf = (status: string): [number, number] | undefined => {
  const m = / (\d+)\/(\d+) · /.exec(stripEscapes(status));
  return m ? [Number(m[1]), Number(m[2])] : undefined;
};

describe.each([
  { cols: 80, noColor: true },
  { cols: 200, noColor: false },
])('world build on a $cols-column terminal', ({ cols, noColor }) => {
  test('counts as builds end, shows what runs, fits the width, leaves a clean screen and a summary', async () => {
    const world = gatedWorld();
    session = new PtySession(world.repo.dir, ['build', '-j', '2', '-k'], { cols, env: noColor ? { NO_COLOR: '1' } : {} });

    // Everything but slow (gated) and late (which needs it) has ended; the run is not over.
    await session.waitFor(/✓[^\n]* payments-reconciliation-service-with-a-long-name:build/);
    await session.waitFor(/✗[^\n]* broken:build failed/);
    // The status line is redrawn right after those lines; wait for that redraw, not a fixed time.
    await session.waitForStatus(/ 3\/6 · 0 cached · 2 built · 1 failed · 1 running: slow:build/, stripEscapes);
    world.open();
    expect(await session.exited).toBe(1);

    // Every status line fits, one column to spare: none wraps, so each redraw replaces the last.
    const statuses = session.statusLines();
    expect(statuses.length).toBeGreaterThan(5);
    const tooWide = statuses.filter((s) => displayWidth(s) > cols - 1);
    expect(tooWide).toEqual([]);
    // The counter starts at 0, never goes back, and ends with every target: skipped ones count.
    const counters = statuses.map(counterOf).filter((c) => c !== undefined);
    expect(counters[0]).toEqual([0, 6]);
    expect(counters.at(-1)).toEqual([6, 6]);
    for (let i = 1; i < counters.length; i++) expect(counters[i]![0]).toBeGreaterThanOrEqual(counters[i - 1]![0]);
    expect(new Set(counters.map((c) => c[0])).size).toBeGreaterThanOrEqual(4);
    // -j 2: never more than two builders at once.
    for (const s of statuses) expect(Number(/ (\d+) running: /.exec(stripEscapes(s))?.[1] ?? 0)).toBeLessThanOrEqual(2);

    const screen = await session.screen();
    expect(await session.wrappedRows()).toBe(0);
    expect(screen.filter((row) => SPINNER_ROW.test(row))).toEqual([]);
    const built = screen.filter((row) => row.startsWith('✓ ')).map((row) => row.split(' ')[1]);
    expect(built.sort()).toEqual(['fast:build', 'late:build', 'payments-reconciliation-service-with-a-long-name:build', 'slow:build']);
    // broken's log, shown when it failed, names its file in the repository, not in Nix's build directory or the store.
    expect(screen).toContain('broken:build | broken/main.c:3:5: error: boom');
    expect(screen).toContain('broken:build | see broken/main.c');
    expect(screen.join('\n')).not.toMatch(/nix-build-|\/nix\/store\/[0-9a-z]{32}-broken-src/);
    // Successes' logs are not shown by default (errors-only).
    expect(screen.join('\n')).not.toContain('fast says hi');
    expect(screen.some((row) => row.startsWith('- after-broken:build skipped: needs'))).toBe(true);
    const summary = screen.findIndex((row) => row.startsWith('✗ 6 targets, 0 cached, 4 built, 1 failed, 1 skipped in '));
    expect(summary).toBeGreaterThan(-1);
    expect(screen.slice(summary + 1).join(' ')).toMatch(/slowest: slow:build \d/);

    if (noColor) expect(session.raw).not.toMatch(SGR);
    else expect(session.raw).toMatch(SGR);
  });
});
