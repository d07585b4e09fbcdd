/**
 * `world clone --project <leaf>` against a full `git clone`, on a generated world served by a
 * bare repository over file:// (the pack protocol, as a remote would: no hardlinks), and
 * against plain git doing the same sparse, blob-less clone by hand (git's floor for it).
 * Reports wall time, files and bytes on disk, the size of .git, and how many fetches world's
 * clone made. The leaf's cone is checked against the generator's plan.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateWorld } from './generate-world.mjs';
import { median, timeCommand, WORLD } from './timing.mjs';

const run = (cwd, cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { cwd, maxBuffer: 1 << 30, env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.toString();
};

/** Files and bytes under `dir`, leaving out `skip` at its top. */
const usage = (dir, skip = []) => {
  let files = 0;
  let bytes = 0;
  const walk = (d, top) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (top && skip.includes(e.name)) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p, false);
      else {
        files++;
        bytes += lstatSync(p).size;
      }
    }
  };
  walk(dir, true);
  return { files, bytes };
};

/** Bytes in KiB below a MiB, else MiB. */
const human = (n) => (n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`);

/** A bare copy of the generated world that serves partial clones; reused while the world is unchanged. */
const bareOf = (dir, n) => {
  const bare = `${dir}.git`;
  const stamp = join(bare, 'bench-source');
  const head = run(dir, 'git', ['rev-parse', 'HEAD']).trim();
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === head) return bare;
  rmSync(bare, { recursive: true, force: true });
  run(dir, 'git', ['clone', '-q', '--bare', dir, bare]);
  run(bare, 'git', ['config', 'uploadpack.allowFilter', 'true']);
  run(bare, 'git', ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
  // One pack, as a served repository would have.
  run(bare, 'git', ['repack', '-adq']);
  writeFileSync(stamp, head);
  console.error(`# bare remote of the ${n}-project world ready`);
  return bare;
};

/** The leaf the affected bench uses: a top-layer project nothing depends on. */
const leafOf = (plan) => {
  const top = Math.max(...plan.projects.map((p) => p.layer));
  const usedBy = new Set(plan.projects.flatMap((p) => p.deps));
  return plan.projects.find((p) => p.layer === top && !usedBy.has(p.index));
};

const closureOf = (plan, index) => {
  const seen = new Set();
  const stack = [index];
  while (stack.length) {
    const i = stack.pop();
    if (seen.has(i)) continue;
    seen.add(i);
    stack.push(...plan.projects[i].deps);
  }
  return [...seen].map((i) => plan.projects[i]);
};

const countFetches = (traceFile) =>
  readFileSync(traceFile, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"event":"start"'))
    .map((l) => JSON.parse(l).argv.slice(1).filter((a, i, all) => a !== '-c' && all[i - 1] !== '-c')[0])
    .filter((sub) => sub === 'fetch').length;

export const benchClone = ({ size, runs, workDir, out }) => {
  const dir = join(workDir, `world-${size}`);
  const plan = generateWorld(dir, size);
  const url = `file://${bareOf(dir, size)}`;
  const leaf = leafOf(plan);
  const cone = closureOf(plan, leaf.index);
  const scratch = join(workDir, 'clones');
  mkdirSync(scratch, { recursive: true });
  const target = join(scratch, 'c');
  const fresh = () => rmSync(target, { recursive: true, force: true });

  /** Runs `once` (which returns milliseconds) `runs` times on a fresh target; the median and what it left. */
  const measure = (name, once) => {
    const times = [];
    for (let i = 0; i < runs; i++) {
      fresh();
      times.push(once());
    }
    const disk = usage(target, ['.git']);
    const git = usage(join(target, '.git'));
    const objects = usage(join(target, '.git', 'objects'));
    const row = { size, clone: name, ms: median(times), files: disk.files, bytes: disk.bytes, gitBytes: git.bytes, objectBytes: objects.bytes };
    console.error(`  ${name}: ${row.ms.toFixed(0)} ms, ${row.files} files (${human(row.bytes)}), .git ${human(row.gitBytes)}`);
    return row;
  };

  const full = measure('git clone (full)', () => timeCommand(scratch, ['git', 'clone', '-q', url, target]));
  // git's floor for the same result: the cone known in advance (world reads it from the world).
  const dirs = [...cone.map((p) => p.dir), 'modules'];
  const hand = measure('git by hand: blob-less, cone set, checkout', () =>
    timeCommand(scratch, ['git', 'clone', '-q', '--filter=blob:none', '--no-checkout', url, target]) +
    timeCommand(target, ['git', 'sparse-checkout', 'set', '--cone', ...dirs]) +
    timeCommand(target, ['git', 'read-tree', '-mu', 'HEAD']));
  const world = measure(`world clone --project ${leaf.name}`, () =>
    timeCommand(scratch, [WORLD, 'clone', url, target, '--project', leaf.name, '--json']));
  const rows = [full, hand, world];

  // Check the answer: exactly the leaf's closure on disk; count the fetches of one more clone.
  fresh();
  const trace = join(scratch, 'trace.json');
  writeFileSync(trace, '');
  const json = JSON.parse(run(scratch, WORLD, ['clone', url, target, '--project', leaf.name, '--json'], { GIT_TRACE2_EVENT: trace }));
  const expected = cone.map((p) => p.name).sort();
  const got = [...json.roots, ...json.dependencies].sort();
  if (JSON.stringify(got) !== JSON.stringify(expected)) throw new Error(`world clone checked out ${got.join(',')}, expected ${expected.join(',')}`);
  const onDisk = plan.projects.filter((p) => existsSync(join(target, p.dir))).map((p) => p.name).sort();
  if (JSON.stringify(onDisk) !== JSON.stringify(expected)) throw new Error(`projects on disk: ${onDisk.length}, expected ${expected.length}`);
  world.fetches = countFetches(trace);
  world.projectsOnDisk = json.projectsOnDisk;
  fresh();

  const table = [
    `## world clone --project (a leaf of ${size} projects; median of ${runs} runs)`,
    '',
    `Leaf ${leaf.name}: ${cone.length} projects in its closure. Remote: a bare repository over file:// (pack protocol).`,
    '',
    '| clone | wall (ms) | files on disk | bytes on disk | .git | of which objects |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.clone} | ${r.ms.toFixed(0)} | ${r.files} | ${human(r.bytes)} | ${human(r.gitBytes)} | ${human(r.objectBytes)} |`),
    '',
    `world's clone: ${(full.ms / world.ms).toFixed(1)}× faster than a full clone, ${((world.files / full.files) * 100).toFixed(2)}% of its files, ` +
      `.git ${((world.gitBytes / full.gitBytes) * 100).toFixed(0)}% of its size (objects ${((world.objectBytes / full.objectBytes) * 100).toFixed(0)}%; ` +
      `the rest is the index, which lists every file in a sparse checkout too, and world's parse cache); ${world.fetches} \`git fetch\` runs after the clone's own ` +
      `(world.yaml, one batch of project.yaml files, the checkout's batch).`,
    '',
  ].join('\n');
  writeFileSync(join(out, 'clone.json'), JSON.stringify(rows, null, 2));
  return table;
};
