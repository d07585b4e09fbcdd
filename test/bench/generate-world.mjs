/**
 * Generates a committed world for benchmarks: `n` projects in a random layered DAG (a
 * project depends only on projects of lower layers), ~10 files each, a global input and a
 * few shared modules. The commit is written with `git fast-import` (seconds, not minutes,
 * for 100,000 files) and then checked out. The generator returns the graph so the bench can
 * check every answer against an independently computed expected set.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Small deterministic PRNG (mulberry32), so a seed always gives the same world. */
export const rng = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const LAYERS = 8;
const FILES_PER_PROJECT = 9; // plus project.yaml
const MODULES = ['base', 'node', 'c', 'docs'];

/** The world as data: projects with layer, dir and deps. */
export const planWorld = (n, seed = 42) => {
  const random = rng(seed);
  const projects = [];
  const perLayer = Math.ceil(n / LAYERS);
  for (let i = 0; i < n; i++) {
    const layer = Math.floor(i / perLayer);
    const name = `p${String(i).padStart(5, '0')}`;
    const deps = new Set();
    if (layer > 0) {
      const count = 1 + Math.floor(random() * 3);
      for (let k = 0; k < count; k++) {
        // Mostly the layer just below, sometimes further down: a realistic mix of depths.
        const target = random() < 0.7 ? layer - 1 : Math.floor(random() * layer);
        deps.add(target * perLayer + Math.floor(random() * perLayer));
      }
    }
    const module = MODULES[1 + Math.floor(random() * (MODULES.length - 1))];
    projects.push({ index: i, name, layer, dir: `areas/l${layer}/g${Math.floor(i / 50) % 20}/${name}`, deps: [...deps].filter((d) => d < i), module });
  }
  return { n, seed, projects };
};

/** Projects that depend, directly or transitively, on any of `names` — plus those names. */
export const reverseClosure = (plan, indices) => {
  const users = new Map();
  for (const p of plan.projects) for (const d of p.deps) users.set(d, [...(users.get(d) ?? []), p.index]);
  const seen = new Set(indices);
  const queue = [...indices];
  while (queue.length) for (const u of users.get(queue.pop()) ?? []) if (!seen.has(u)) (seen.add(u), queue.push(u));
  return new Set([...seen].map((i) => plan.projects[i].name));
};

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@world.invalid',
  GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@world.invalid',
};

const run = (cwd, cmd, args, input) => {
  const r = spawnSync(cmd, args, { cwd, input, env: gitEnv, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.toString();
};

/** What every buildable project's build does, in world's `command` module and in the package's npm script alike. */
const BUILD = (out) => `mkdir -p ${out} && cat src/*.txt > ${out}/all.txt`;

/**
 * With `buildable`, every project also composes the built-in `command` module with a small
 * build. With `turbo`, the same world is also an npm workspace Turborepo runs: a package.json
 * per project (its deps as dependencies, a `build` script doing the same work into `out/`)
 * and a turbo.json whose build needs the dependencies' builds, as world's targets do.
 */
const filesOf = (plan, buildable, salt, turbo) => {
  const files = new Map();
  files.set('world.yaml', `name: bench\nprojects: [areas/**]\nglobal: [global.lock]\n`);
  files.set('global.lock', 'v1\n');
  files.set('.gitignore', turbo ? '*.log\nout/\n.turbo/\nnode_modules/\n' : '*.log\n');
  if (turbo) {
    files.set('package.json', `${JSON.stringify({ name: 'bench', private: true, packageManager: 'npm@10.9.0', workspaces: ['areas/*/*/*'] }, null, 2)}\n`);
    files.set('turbo.json', `${JSON.stringify({ $schema: 'https://turbo.build/schema.json', tasks: { build: { dependsOn: ['^build'], outputs: ['out/**'] } } }, null, 2)}\n`);
  }
  files.set('modules/base.nix', '{ ... }: { }\n');
  for (const m of MODULES.slice(1)) files.set(`modules/${m}.nix`, `{ ... }: { imports = [ ./base.nix ]; }\n`);
  for (const p of plan.projects) {
    const deps = p.deps.map((d) => plan.projects[d].name);
    const build = buildable
      ? `modules: [${p.module}, command]\nconfig:\n  command.build: '${BUILD('"$out"')}${salt ? ` # ${salt}` : ''}'\n`
      : `modules: [${p.module}]\n`;
    files.set(`${p.dir}/project.yaml`, `name: ${p.name}\ndeps: [${deps.join(', ')}]\n${build}tags: [layer${p.layer}]\n`);
    for (let f = 0; f < FILES_PER_PROJECT; f++) files.set(`${p.dir}/src/file${f}.txt`, `${p.name} file ${f}\n`);
    if (turbo) {
      const manifest = { name: p.name, version: '1.0.0', private: true, scripts: { build: `${BUILD('out')}${salt ? ` # ${salt}` : ''}` }, dependencies: Object.fromEntries(deps.map((d) => [d, '1.0.0'])) };
      files.set(`${p.dir}/package.json`, `${JSON.stringify(manifest, null, 2)}\n`);
    }
  }
  return files;
};

/** Creates (or reuses) the world's repository in `dir`; returns the plan. */
export const generateWorld = (dir, n, seed = 42, { buildable = false, salt = '', turbo = false } = {}) => {
  const plan = planWorld(n, seed);
  const stamp = join(dir, '.git', 'bench-world.json');
  const id = JSON.stringify({ n, seed, buildable, salt, turbo, v: 3 });
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === id) return plan;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  run(dir, 'git', ['init', '-q', '-b', 'main']);
  const chunks = ['commit refs/heads/main\ncommitter bench <bench@world.invalid> 1700000000 +0000\ndata 12\nbench world\n'];
  for (const [path, content] of filesOf(plan, buildable, salt, turbo)) {
    chunks.push(`M 100644 inline ${path}\ndata ${Buffer.byteLength(content)}\n${content}\n`);
  }
  run(dir, 'git', ['fast-import', '--quiet'], chunks.join(''));
  run(dir, 'git', ['reset', '-q', '--hard', 'main']);
  if (turbo) {
    // The lockfile npm writes for the workspace, committed: Turborepo reads it on every run.
    run(dir, 'npm', ['install', '--package-lock-only', '--offline', '--ignore-scripts', '--no-audit', '--no-fund']);
    run(dir, 'git', ['add', 'package-lock.json']);
    run(dir, 'git', ['commit', '-q', '-m', 'lockfile']);
  }
  writeFileSync(stamp, id);
  return plan;
};
