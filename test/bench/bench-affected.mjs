/**
 * `world affected --json` on generated worlds, against git's own floor (`git diff
 * --name-only` plus the untracked listing) measured in the same run. Every answer is
 * checked against the generator's expected set; a wrong answer fails the bench.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateWorld, reverseClosure } from './generate-world.mjs';
import { median, timeCommand, WORLD } from './timing.mjs';

const casesFor = (plan) => {
  const top = plan.projects.filter((p) => p.layer === Math.max(...plan.projects.map((q) => q.layer)));
  const usedBy = new Set(plan.projects.flatMap((p) => p.deps));
  const leaf = top.find((p) => !usedBy.has(p.index));
  const root = plan.projects.find((p) => p.layer === 0 && usedBy.has(p.index));
  const middle = plan.projects.find((p) => p.layer === 3 && usedBy.has(p.index));
  return [
    { name: 'leaf change', file: `${leaf.dir}/src/file0.txt`, expected: reverseClosure(plan, [leaf.index]) },
    { name: 'root change', file: `${root.dir}/src/file0.txt`, expected: reverseClosure(plan, [root.index]) },
    { name: 'global input', file: 'global.lock', expected: new Set(plan.projects.map((p) => p.name)) },
    { name: 'untracked file', file: `${middle.dir}/src/new-untracked.txt`, expected: reverseClosure(plan, [middle.index]) },
  ];
};

const sameSet = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));

export const benchAffected = ({ sizes, runs, workDir, out }) => {
  const rows = [];
  for (const n of sizes) {
    const dir = join(workDir, `world-${n}`);
    const t0 = performance.now();
    const plan = generateWorld(dir, n);
    console.error(`# world of ${n} projects ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    for (const c of casesFor(plan)) {
      const path = join(dir, c.file);
      appendFileSync(path, 'changed by the bench\n');
      try {
        const check = (stdout) => {
          const got = new Set(JSON.parse(stdout).affected.map((p) => p.name));
          if (!sameSet(got, c.expected)) throw new Error(`wrong answer for ${c.name} at ${n}: got ${got.size}, expected ${c.expected.size}`);
        };
        const world = [WORLD, 'affected', '--json'];
        const cold = median(Array.from({ length: runs }, () => {
          rmSync(join(dir, '.git', 'world'), { recursive: true, force: true });
          return timeCommand(dir, world, check);
        }));
        timeCommand(dir, world, check); // warm the cache
        const warm = median(Array.from({ length: runs }, () => timeCommand(dir, world, check)));
        const floor = median(Array.from({ length: runs }, () =>
          timeCommand(dir, ['git', 'diff', '--name-only', 'main']) + timeCommand(dir, ['git', 'ls-files', '-o', '--exclude-standard'])));
        rows.push({ projects: n, case: c.name, affected: c.expected.size, coldMs: cold, warmMs: warm, floorMs: floor });
        console.error(`  ${c.name}: ${c.expected.size} affected, cold ${cold.toFixed(0)} ms, warm ${warm.toFixed(0)} ms, git floor ${floor.toFixed(0)} ms`);
      } finally {
        if (c.file.endsWith('new-untracked.txt')) rmSync(path);
        else spawnCheckout(dir, c.file);
      }
    }
  }
  const table = [
    `## world affected --json (median of ${runs} runs)`,
    '',
    '| projects | case | affected | cold (ms) | warm (ms) | git floor (ms) |',
    '|---:|---|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.projects} | ${r.case} | ${r.affected} | ${r.coldMs.toFixed(0)} | ${r.warmMs.toFixed(0)} | ${r.floorMs.toFixed(0)} |`),
    '',
  ].join('\n');
  writeFileSync(join(out, 'affected.json'), JSON.stringify(rows, null, 2));
  return table;
};

const spawnCheckout = (dir, file) => {
  const r = spawnSync('git', ['checkout', '-q', '--', file], { cwd: dir });
  if (r.status !== 0) throw new Error(`could not restore ${file}: ${r.stderr}`);
};
