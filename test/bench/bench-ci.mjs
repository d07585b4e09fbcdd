/**
 * `world ci` for a leaf change on a generated world: with a cold Nix store (a fresh salt in
 * every build command, so nothing of this world was ever built: the leaf and everything it
 * depends on are built) and with a warm one (main fully built first, so only the leaf's
 * targets are built).
 */
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { generateWorld, reverseClosure } from './generate-world.mjs';
import { timeCommand, WORLD } from './timing.mjs';

const git = (dir, ...args) => {
  const r = spawnSync('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
};

const leafBranch = (dir, plan) => {
  const usedBy = new Set(plan.projects.flatMap((p) => p.deps));
  const leaf = plan.projects.filter((p) => !usedBy.has(p.index)).at(-1);
  git(dir, 'checkout', '-q', '-B', 'leaf-change', 'main');
  appendFileSync(join(dir, leaf.dir, 'src', 'file0.txt'), 'changed by the bench\n');
  git(dir, 'commit', '-qam', 'leaf change');
  return leaf;
};

export const benchCi = ({ sizes, workDir, out }) => {
  const rows = [];
  for (const n of sizes) {
    for (const store of ['cold', 'warm']) {
      const dir = join(workDir, `ci-${n}-${store}`);
      const salt = `${store}-${Date.now()}`;
      const plan = generateWorld(dir, n, 42, { buildable: true, salt });
      if (store === 'warm') timeCommand(dir, [WORLD, 'build', '--json']);
      const leaf = leafBranch(dir, plan);
      const expected = reverseClosure(plan, [leaf.index]).size;
      const reportDir = join(tmpdir(), `world-bench-ci-${process.pid}`);
      let summary;
      const ms = timeCommand(dir, [WORLD, 'ci', '--base', 'main', '--head', 'HEAD', '--report-dir', reportDir, '--json'], (stdout) => {
        summary = JSON.parse(stdout).summary;
        if (summary.failed > 0 || summary.total !== expected) throw new Error(`ci ${store} at ${n}: ${JSON.stringify(summary)}, expected ${expected} targets`);
      });
      rmSync(reportDir, { recursive: true, force: true });
      git(dir, 'checkout', '-q', 'main');
      rows.push({ projects: n, store, targets: summary.total, built: summary.built, ms });
      console.error(`  ci ${n} (${store} store): ${summary.total} targets, ${summary.built} built, ${ms.toFixed(0)} ms`);
      rmSync(dir, { recursive: true, force: true });
    }
  }
  writeFileSync(join(out, 'ci.json'), JSON.stringify(rows, null, 2));
  return [
    '## world ci, leaf change (one run each)',
    '',
    '| projects | Nix store | affected targets | built (incl. needed deps) | wall (ms) |',
    '|---:|---|---:|---:|---:|',
    ...rows.map((r) => `| ${r.projects} | ${r.store} | ${r.targets} | ${r.built} | ${r.ms.toFixed(0)} |`),
    '',
  ].join('\n');
};
