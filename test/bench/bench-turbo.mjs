/**
 * world beside Turborepo (the turbo pinned in package.json's devDependencies) on one workspace
 * of `size` packages: each project is both a world project (the `command` module) and an npm
 * workspace package whose `build` script does the same work, with the same dependencies
 * (turbo.json: a build needs its dependencies' builds, as world's targets do).
 * - no-op: both caches warm, nothing changed: `world build --json` and `turbo run build`;
 * - leaf edit: a file of a package nothing depends on gets a new line, then both rebuild it
 *   (world: one derivation; turbo: one task, `npm run build`).
 * Runs alternate (world first, then turbo first) so a drift in the machine's load hits both;
 * the figures are medians with min–max, beside the load average. Every answer is checked:
 * everything cached, or exactly the leaf rebuilt. world's runs are traced (WORLD_TRACE=1), and
 * the section prints where their time goes.
 *
 * The workspace keeps a fixed salt: a later bench run reuses it with both caches warm (the
 * first run builds 1,000 packages with each tool; npm starting once per task makes turbo's
 * first build take minutes).
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { generateWorld } from './generate-world.mjs';
import { loadAverage, parseTrace, REPO_ROOT, runCommand, showSpread, spread, traceBreakdown, WORLD } from './timing.mjs';

const TURBO = join(REPO_ROOT, 'node_modules/.bin/turbo');
const TURBO_ENV = { TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1', DO_NOT_TRACK: '1' };

const turboVersion = () => spawnSync(TURBO, ['--version'], { env: { ...process.env, ...TURBO_ENV } }).stdout.toString().trim();

/** `Cached:    999 cached, 1000 total` → [999, 1000]. */
const turboCached = (stdout) => {
  const m = /Cached:\s+(\d+) cached, (\d+) total/.exec(stdout);
  if (!m) throw new Error(`turbo printed no summary:\n${stdout.slice(-2000)}`);
  return [Number(m[1]), Number(m[2])];
};

export const benchTurbo = ({ size: n, runs, workDir, out }) => {
  if (!existsSync(TURBO)) throw new Error(`${TURBO} is missing: run \`npm install\` (turbo is a devDependency of the bench)`);
  const dir = join(workDir, `turbo-${n}`);
  const plan = generateWorld(dir, n, 42, { buildable: true, turbo: true, salt: 'turbo-bench-1' });
  const usedBy = new Set(plan.projects.flatMap((p) => p.deps));
  const leaf = plan.projects.filter((p) => !usedBy.has(p.index)).at(-1);
  const leafFile = join(dir, leaf.dir, 'src', 'file0.txt');

  const world = (check) => runCommand(dir, [WORLD, 'build', '--json'], { env: { WORLD_TRACE: '1' }, check });
  const turbo = (check) => runCommand(dir, [TURBO, 'run', 'build', '--output-logs=errors-only'], { env: TURBO_ENV, check });
  const worldExpect = (cached, built) => (stdout) => {
    const s = JSON.parse(stdout).summary;
    if (s.total !== n || s.cached !== cached || s.built !== built) throw new Error(`world: expected ${cached} cached and ${built} built, got ${JSON.stringify(s)}`);
  };
  const turboExpect = (cached) => (stdout) => {
    const [c, total] = turboCached(stdout);
    if (total !== n || c !== cached) throw new Error(`turbo: expected ${cached} of ${n} cached, got ${c} of ${total}`);
  };

  console.error(`# turbo ${turboVersion()}: warming both caches on ${n} packages (the first time, turbo runs npm ${n} times)`);
  world();
  turbo();
  const loadBefore = loadAverage();

  const pairs = (prepare, worldCheck, turboCheck) => {
    const w = [];
    const t = [];
    const traces = [];
    for (let i = 0; i < runs; i++) {
      prepare(i);
      const runWorld = () => {
        const r = world(worldCheck);
        w.push(r.ms);
        traces.push(parseTrace(r.stderr));
      };
      const runTurbo = () => t.push(turbo(turboCheck).ms);
      if (i % 2 === 0) (runWorld(), runTurbo());
      else (runTurbo(), runWorld());
    }
    return { world: spread(w), turbo: spread(t), traces };
  };

  const noop = pairs(() => {}, worldExpect(n, 0), turboExpect(n));
  console.error(`  no-op: world ${showSpread(noop.world)} ms, turbo ${showSpread(noop.turbo)} ms`);
  const leafEdit = pairs((i) => appendFileSync(leafFile, `bench edit ${Date.now()} ${i}\n`), worldExpect(n - 1, 1), turboExpect(n - 1));
  console.error(`  leaf edit: world ${showSpread(leafEdit.world)} ms, turbo ${showSpread(leafEdit.turbo)} ms`);
  spawnSync('git', ['checkout', '-q', '--', leafFile], { cwd: dir });
  // Back to the committed file: both find it in their caches again.
  world();
  turbo();
  const loadAfter = loadAverage();

  const noopSteps = traceBreakdown(noop.traces);
  const leafSteps = traceBreakdown(leafEdit.traces);
  const realise = leafSteps.find((s) => s.what === 'nix-store --realise')?.ms ?? 0;
  const result = { packages: n, turbo: turboVersion(), runs, loadBefore, loadAfter, noop: { world: noop.world, turbo: noop.turbo, steps: noopSteps }, leafEdit: { world: leafEdit.world, turbo: leafEdit.turbo, realiseMs: realise, steps: leafSteps } };
  writeFileSync(join(out, 'turbo.json'), JSON.stringify(result, null, 2));

  const ratio = (a, b) => (a.median / b.median).toFixed(2);
  const steps = (list, total) => [
    '| step (WORLD_TRACE) | starts at (ms) | takes (ms) |',
    '|---|---:|---:|',
    ...list.map((s) => `| ${s.what} | ${s.at.toFixed(0)} | ${s.ms.toFixed(0)} |`),
    `| the whole run (wall, from the launcher) | 0 | ${total.median.toFixed(0)} |`,
  ];
  return [
    `## world beside Turborepo ${result.turbo} (${n} packages; median (min–max) ms of ${runs} alternated runs; load average ${loadBefore} before, ${loadAfter} after)`,
    '',
    '| case | world | turbo | world / turbo |',
    '|---|---:|---:|---:|',
    `| no-op: everything cached | ${showSpread(noop.world)} | ${showSpread(noop.turbo)} | ${ratio(noop.world, noop.turbo)} |`,
    `| leaf edit: one target rebuilt | ${showSpread(leafEdit.world)} | ${showSpread(leafEdit.turbo)} | ${ratio(leafEdit.world, leafEdit.turbo)} |`,
    `| leaf edit less the build itself (world: nix-store --realise, median ${realise.toFixed(0)} ms) | ${(leafEdit.world.median - realise).toFixed(0)} | | |`,
    '',
    `Where world's no-op goes (medians; steps overlap: planning's reads run while \`git status\` does):`,
    '',
    ...steps(noopSteps, noop.world),
    '',
    `Where world's leaf-edit rebuild goes:`,
    '',
    ...steps(leafSteps, leafEdit.world),
    '',
  ].join('\n');
};
