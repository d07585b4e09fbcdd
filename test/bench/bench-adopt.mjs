/**
 * Adopting world: `world init` on a generated workspace of `initSize` packages, and a warm
 * `world affected` at `affectedSize` projects whose dependencies come from package.json — next
 * to the same question on the project.yaml world of generate-world.mjs, by this build and, when
 * given (`--old <dir>`, a checkout of an earlier world, built), by that one, alternated. The
 * machine may be shared: wall and CPU time (user + system, from /usr/bin/time) are both reported.
 * Every answer of the inference world is checked against the package graph's reverse closure.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateWorld, reverseClosure as worldClosure } from './generate-world.mjs';
import { planWorkspace, reverseClosure, writeWorkspace } from './generate-workspace.mjs';
import { median, WORLD } from './timing.mjs';

/** Runs argv under /usr/bin/time: { wallMs, cpuMs, stdout }. */
const timed = (cwd, argv) => {
  const dir = mkdtempSync('/tmp/world-time-');
  const file = join(dir, 'time');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S', '-o', file, ...argv], { cwd, maxBuffer: 1 << 30, env: { ...process.env, CI: 'true' } });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (exit ${r.status}): ${r.stderr}`);
  const [wall, user, sys] = readFileSync(file, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  rmSync(dir, { recursive: true });
  return { wallMs: wall * 1000, cpuMs: (user + sys) * 1000, stdout: r.stdout.toString() };
};

const summary = (xs) => ({ wallMs: median(xs.map((x) => x.wallMs)), cpuMs: median(xs.map((x) => x.cpuMs)) });
const fmt = (t) => `${t.wallMs.toFixed(0)} ms wall, ${t.cpuMs.toFixed(0)} ms CPU`;

const sameSet = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));

const git = (cwd, ...args) => {
  const r = spawnSync('git', args, { cwd, env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@x', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@x' } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
};

export const benchAdopt = ({ initSize = 500, affectedSize = 5000, runs, workDir, out, old }) => {
  const rows = [];
  // world init, from a fresh workspace each run.
  const initDir = join(workDir, `workspace-${initSize}`);
  const initPlan = planWorkspace(initSize);
  const inits = [];
  for (let i = 0; i < runs; i++) {
    writeWorkspace(initDir, initPlan);
    inits.push(timed(initDir, [WORLD, 'init', '--json']));
    const json = JSON.parse(inits.at(-1).stdout);
    if (json.wrote.length !== initSize + 1) throw new Error(`world init wrote ${json.wrote.length} files, expected ${initSize + 1}`);
  }
  rows.push({ what: `world init, ${initSize} packages`, ...summary(inits) });

  // Warm affected with inference.
  const wsDir = join(workDir, `workspace-${affectedSize}`);
  const plan = planWorkspace(affectedSize);
  writeWorkspace(wsDir, plan);
  const first = timed(wsDir, [WORLD, 'init', '--json']);
  const init = JSON.parse(first.stdout);
  rows.push({ what: `world init, ${affectedSize} packages (one run)`, ...summary([first]) });
  rows.push({ what: `world init --check, ${affectedSize} packages (one run)`, ...summary([timed(wsDir, [WORLD, 'init', '--check'])]) });
  const nameOf = new Map(init.packages.map((p) => [p.dir, p.name]));
  git(wsDir, 'add', '-A');
  git(wsDir, 'commit', '-q', '-m', 'world init');
  git(wsDir, 'checkout', '-q', '-b', 'feature');
  const changed = plan.packages.find((p) => p.layer === 1);
  appendFileSync(join(wsDir, changed.dir, 'src/lib.js'), '// changed\n');
  const expected = new Set([...reverseClosure(plan, [changed.index])].map((i) => nameOf.get(plan.packages[i].dir)));
  const checkWs = (stdout) => {
    const got = new Set(JSON.parse(stdout).affected.map((p) => p.name));
    if (!sameSet(got, expected)) throw new Error(`wrong answer: got ${got.size}, expected ${expected.size}`);
  };

  // The same question on the project.yaml world, for this build and the old one.
  const worldDir = join(workDir, `world-${affectedSize}`);
  const worldPlan = generateWorld(worldDir, affectedSize);
  const root = worldPlan.projects.find((p) => p.layer === 1);
  const rootFile = join(worldDir, root.dir, 'src/file0.txt');
  appendFileSync(rootFile, 'changed by the bench\n');
  const expectedWorld = worldClosure(worldPlan, [root.index]);
  const checkWorld = (stdout) => {
    const got = new Set(JSON.parse(stdout).affected.map((p) => p.name));
    if (!sameSet(got, expectedWorld)) throw new Error(`wrong answer on the project.yaml world: got ${got.size}, expected ${expectedWorld.size}`);
  };
  const oldWorld = old ? join(old, 'cli/bin/world') : undefined;
  // The old build gets a clone of its own: the two keep state of different versions in .git/world.
  const oldDir = `${worldDir}-old`;
  if (oldWorld) {
    rmSync(oldDir, { recursive: true, force: true });
    git(workDir, 'clone', '-q', worldDir, oldDir);
    appendFileSync(join(oldDir, root.dir, 'src/file0.txt'), 'changed by the bench\n');
  }
  const series = { inference: [], yamlNew: [], yamlOld: [] };
  const sample = (dir, bin, check) => {
    const t = timed(dir, [bin, 'affected', '--json']);
    check(t.stdout);
    return t;
  };
  // Warm every cache first (the old and new builds keep state of different versions side by side).
  for (let i = 0; i < 2; i++) {
    sample(wsDir, WORLD, checkWs);
    sample(worldDir, WORLD, checkWorld);
    if (oldWorld) sample(oldDir, oldWorld, checkWorld);
  }
  for (let i = 0; i < runs; i++) {
    series.inference.push(sample(wsDir, WORLD, checkWs));
    series.yamlNew.push(sample(worldDir, WORLD, checkWorld));
    if (oldWorld) series.yamlOld.push(sample(oldDir, oldWorld, checkWorld));
  }
  rows.push({ what: `warm world affected, ${affectedSize} projects, deps from package.json (${expected.size} affected)`, ...summary(series.inference) });
  rows.push({ what: `warm world affected, ${affectedSize} projects, deps in project.yaml, this build`, ...summary(series.yamlNew) });
  if (oldWorld) rows.push({ what: `warm world affected, ${affectedSize} projects, deps in project.yaml, ${old}`, ...summary(series.yamlOld) });
  spawnSync('git', ['checkout', '-q', '--', '.'], { cwd: worldDir });
  for (const r of rows) console.error(`  ${r.what}: ${fmt(r)}`);
  const table = ['## Adopting world', '', '| what | wall (median) | CPU (median) |', '|---|---:|---:|', ...rows.map((r) => `| ${r.what} | ${r.wallMs.toFixed(0)} ms | ${r.cpuMs.toFixed(0)} ms |`), ''].join('\n');
  return table;
};
