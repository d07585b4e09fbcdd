/**
 * Cold evaluation with one `nix-instantiate` and with several (`--eval-jobs`): an edit to the
 * module every project imports re-keys them all, so nothing is in the cache index and the
 * whole plan is evaluated (`--dry-run`: nothing is built; the sources are in the store
 * already). Each run makes a new edit; the job counts alternate. Every answer is checked: all
 * targets evaluated, no project's sources added again (only the edited modules directory).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { builtWorld } from './bench-noop.mjs';
import { loadAverage, runCommand, showSpread, spread, WORLD } from './timing.mjs';

export const benchEval = ({ sizes, runs, jobs, workDir, out }) => {
  const rows = [];
  for (const n of sizes) {
    const dir = builtWorld(workDir, n);
    // The sources into the store, when nothing of this world was evaluated yet.
    runCommand(dir, [WORLD, 'build', '--json', '--dry-run', '--eval-jobs', String(Math.max(...jobs))]);
    const load = loadAverage();
    const times = new Map(jobs.map((j) => [j, []]));
    for (let i = 0; i < runs; i++) {
      for (const j of i % 2 === 0 ? jobs : [...jobs].reverse()) {
        appendFileSync(join(dir, 'modules/base.nix'), `# bench edit ${Date.now()} ${j}\n`);
        const r = runCommand(dir, [WORLD, 'build', '--json', '--dry-run', '--eval-jobs', String(j)], {
          check: (stdout) => {
            const s = JSON.parse(stdout);
            // The edited module's directory is the one new source; the projects' are in the store.
            if (s.summary.total !== n || !s.evaluated || s.sources.added > 1) throw new Error(`cold evaluation at ${n}, ${j} jobs: ${JSON.stringify(s.summary)} sources=${JSON.stringify(s.sources)}`);
          },
        });
        times.get(j).push(r.ms);
      }
    }
    spawnSync('git', ['checkout', '-q', '--', 'modules/base.nix'], { cwd: dir });
    const row = { targets: n, cores: cpus().length, load, byJobs: Object.fromEntries([...times].map(([j, xs]) => [j, spread(xs)])) };
    rows.push(row);
    console.error(`  cold evaluation ${n}: ${jobs.map((j) => `--eval-jobs ${j} ${showSpread(row.byJobs[j])} ms`).join(', ')}`);
  }
  writeFileSync(join(out, 'eval.json'), JSON.stringify(rows, null, 2));
  return [
    `## Cold evaluation, world build --dry-run after an edit that re-keys every project (median (min–max) ms of ${runs} runs each, job counts alternated)`,
    '',
    `| targets | cores | ${jobs.map((j) => `--eval-jobs ${j} (ms)`).join(' | ')} | load average |`,
    `|---:|---:|${jobs.map(() => '---:|').join('')}---|`,
    ...rows.map((r) => `| ${r.targets} | ${r.cores} | ${jobs.map((j) => showSpread(r.byJobs[j])).join(' | ')} | ${r.load} |`),
    '',
  ].join('\n');
};
