/**
 * A no-op `world build --json` on generated worlds whose every target is built already (a
 * fixed salt: a later bench run finds them built), and where its time goes: each run is
 * traced (WORLD_TRACE=1) and the section prints, per traced process or step, when it starts
 * and how long it takes (medians). The first bench run on a machine builds the worlds (at
 * 10,000 targets, minutes).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateWorld } from './generate-world.mjs';
import { loadAverage, parseTrace, runCommand, showSpread, spread, traceBreakdown, WORLD } from './timing.mjs';

/** The built world of `n` targets the no-op and evaluation sections share. */
export const builtWorld = (workDir, n) => {
  const dir = join(workDir, `built-${n}`);
  generateWorld(dir, n, 42, { buildable: true, salt: 'bench-built-1' });
  return dir;
};

export const benchNoop = ({ sizes, runs, workDir, out }) => {
  const rows = [];
  for (const n of sizes) {
    const dir = builtWorld(workDir, n);
    console.error(`# no-op build at ${n} targets: building them first (the first time only)`);
    runCommand(dir, [WORLD, 'build', '--json', '--eval-jobs', '2']);
    const load = loadAverage();
    const times = [];
    const traces = [];
    for (let i = 0; i < runs; i++) {
      const r = runCommand(dir, [WORLD, 'build', '--json'], {
        env: { WORLD_TRACE: '1' },
        check: (stdout) => {
          const j = JSON.parse(stdout);
          if (j.summary.cached !== n || j.evaluated) throw new Error(`no-op at ${n}: ${JSON.stringify(j.summary)}`);
        },
      });
      times.push(r.ms);
      traces.push(parseTrace(r.stderr));
    }
    const row = { targets: n, wall: spread(times), load, steps: traceBreakdown(traces) };
    rows.push(row);
    console.error(`  no-op ${n}: ${showSpread(row.wall)} ms (load ${load})`);
  }
  writeFileSync(join(out, 'noop.json'), JSON.stringify(rows, null, 2));
  return [
    `## No-op world build --json, every target cached (median (min–max) ms of ${runs} runs)`,
    '',
    '| targets | wall (ms) | load average (1, 5, 15 min) |',
    '|---:|---:|---|',
    ...rows.map((r) => `| ${r.targets} | ${showSpread(r.wall)} | ${r.load} |`),
    '',
    ...rows.flatMap((r) => [
      `Where the no-op at ${r.targets} targets goes (WORLD_TRACE, medians; planning's reads overlap \`git status\`):`,
      '',
      '| step | starts at (ms) | takes (ms) |',
      '|---|---:|---:|',
      ...r.steps.map((s) => `| ${s.what} | ${s.at.toFixed(0)} | ${s.ms.toFixed(0)} |`),
      `| the whole run (wall) | 0 | ${r.wall.median.toFixed(0)} |`,
      '',
    ]),
  ].join('\n');
};
