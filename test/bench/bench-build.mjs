/**
 * `world build` on a generated world whose every project has one build target:
 * - a cold batched evaluation: an edit to the module every project imports re-keys all of
 *   them, so nothing is in the cache index and the whole plan is evaluated by one
 *   nix-instantiate (`--dry-run`: nothing is built; the projects' sources are in the store
 *   already, only the edited modules directory is added);
 * - the same from scratch: no state of world's at all (.git/world removed: every
 *   project.yaml parsed, every source staged and added to the store again);
 * - the first real build, and a no-op build where every target is cached.
 */
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { generateWorld } from './generate-world.mjs';
import { median, timeCommand, WORLD } from './timing.mjs';

export const benchBuild = ({ sizes, runs, workDir, out }) => {
  const rows = [];
  for (const n of sizes) {
    const dir = join(workDir, `buildable-${n}`);
    // A salt of its own: the first build builds, whatever earlier bench runs left in the store.
    generateWorld(dir, n, 42, { buildable: true, salt: `bench-${Date.now()}` });
    const world = (...args) => [WORLD, 'build', '--json', ...args];
    const clearIndex = () => rmSync(join(dir, '.git', 'world'), { recursive: true, force: true });
    const expect = (pred, what) => (stdout) => {
      const r = JSON.parse(stdout);
      if (r.summary.total !== n || !pred(r)) throw new Error(`${what} at ${n}: ${JSON.stringify(r.summary)} evaluated=${r.evaluated}`);
    };
    const fromScratch = median(Array.from({ length: runs }, () => {
      clearIndex();
      return timeCommand(dir, world('--dry-run'), expect((r) => r.evaluated, 'evaluation from scratch'));
    }));
    const coldEval = median(Array.from({ length: runs }, (_, i) => {
      appendFileSync(join(dir, 'modules/base.nix'), `# bench edit ${i}\n`);
      // The edited module's directory is the one source added; the projects' are in the store.
      return timeCommand(dir, world('--dry-run'), expect((r) => r.evaluated && r.sources.added <= 1, 'cold evaluation'));
    }));
    spawnSync('git', ['checkout', '-q', '--', 'modules/base.nix'], { cwd: dir });
    clearIndex();
    const firstBuild = timeCommand(dir, world(), expect((r) => r.summary.failed === 0, 'first build'));
    const noop = median(Array.from({ length: runs }, () =>
      timeCommand(dir, world(), expect((r) => r.summary.cached === n && !r.evaluated, 'no-op build'))));
    rows.push({ projects: n, targets: n, coldEvalMs: coldEval, fromScratchMs: fromScratch, firstBuildMs: firstBuild, noopMs: noop });
    console.error(`  build ${n}: cold evaluation ${coldEval.toFixed(0)} ms, from scratch ${fromScratch.toFixed(0)} ms, first build ${firstBuild.toFixed(0)} ms, no-op ${noop.toFixed(0)} ms`);
  }
  writeFileSync(join(out, 'build.json'), JSON.stringify(rows, null, 2));
  return [
    `## world build (median of ${runs} runs; first build: one run)`,
    '',
    '| projects | targets | cold batched evaluation, --dry-run (ms) | the same from scratch, no .git/world (ms) | first build (ms) | no-op build, all cached (ms) |',
    '|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.projects} | ${r.targets} | ${r.coldEvalMs.toFixed(0)} | ${r.fromScratchMs.toFixed(0)} | ${r.firstBuildMs.toFixed(0)} | ${r.noopMs.toFixed(0)} |`),
    '',
  ].join('\n');
};
