/**
 * Worlds for the sparse-checkout tests: a generated world of libraries and apps committed into
 * a bare repository that serves partial clones (uploadpack.allowFilter) over file://, and small
 * helpers to look at what a clone holds on disk and in its object database.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestRepo, WORLD_BIN, makeRepo, sh, tempDir, type Files, type RunResult } from './world-fixture.js';

export interface GeneratedWorld {
  files: Files;
  libs: string[];
  apps: string[];
  /** Project name → its directory. */
  dirs: Record<string, string>;
  /** Project name → its direct dependencies. */
  deps: Record<string, string[]>;
}

const pad = (i: number) => String(i).padStart(2, '0');

/**
 * `libs` libraries in two layers and `apps` apps: lNN (NN ≥ half) depends on l(NN - half), app
 * aNN on l(half + NN), so aNN's closure is {aNN, l(half+NN), lNN}. Every project builds with
 * the built-in `command` module, copying its data.txt and its dependencies' data into $out/data;
 * libraries with an even number also compose the world's own module `stamp`.
 */
export const generatedWorld = (opts: { libs?: number; apps?: number; salt?: string } = {}): GeneratedWorld => {
  const nLibs = opts.libs ?? 40;
  const nApps = opts.apps ?? 20;
  const half = nLibs / 2;
  const salt = opts.salt ?? '';
  const build = 'mkdir -p $out; cat data.txt > $out/data; for d in $WORLD_DEPS/*/build; do if [ -e $d/data ]; then cat $d/data >> $out/data; fi; done';
  const files: Files = {
    'world.yaml': 'name: gen\nprojects: [libs/**, apps/**]\nglobal: [tools/global.lock]\ncheckout:\n  always: [tools]\n',
    'tools/global.lock': 'v1\n',
    'tools/bin/helper.sh': 'echo helper\n',
    'modules/stamp.nix': '{ ... }: { }\n',
    '.gitignore': '*.log\n',
    'README.md': 'a generated world\n',
  };
  const libs: string[] = [];
  const apps: string[] = [];
  const dirs: Record<string, string> = {};
  const deps: Record<string, string[]> = {};
  const project = (name: string, dir: string, projectDeps: string[], modules: string[]) => {
    dirs[name] = dir;
    deps[name] = projectDeps;
    files[`${dir}/project.yaml`] =
      `name: ${name}\ndeps: [${projectDeps.join(', ')}]\nmodules: [${modules.join(', ')}]\nconfig:\n  command.build: ${JSON.stringify(build)}\n`;
    files[`${dir}/data.txt`] = `${name} ${salt}\n`;
    files[`${dir}/src/main.txt`] = `source of ${name}\n`;
  };
  for (let i = 0; i < nLibs; i++) {
    const name = `l${pad(i)}`;
    libs.push(name);
    project(name, `libs/${name}`, i >= half ? [`l${pad(i - half)}`] : [], i % 2 === 0 ? ['command', 'stamp'] : ['command']);
  }
  for (let i = 0; i < nApps; i++) {
    const name = `a${pad(i)}`;
    apps.push(name);
    project(name, `apps/${name}`, [`l${pad(half + (i % half))}`], ['command']);
  }
  return { files, libs, apps, dirs, deps };
};

/** A bare repository that serves partial clones, holding `repo`'s branches; returns its file:// URL. */
export const bareRemote = (repo: TestRepo): string => {
  const dir = tempDir('world-remote-');
  sh(repo.dir, 'git', ['clone', '-q', '--bare', repo.dir, dir]);
  const bare = new TestRepo(dir);
  bare.git('config', 'uploadpack.allowFilter', 'true');
  bare.git('config', 'uploadpack.allowAnySHA1InWant', 'true');
  repo.git('remote', 'add', 'origin', dir);
  repo.git('fetch', '-q', 'origin');
  repo.git('branch', '-q', '--set-upstream-to=origin/main', 'main');
  return `file://${dir}`;
};

/** A world of `files` as a repository (branch main) with a bare remote serving partial clones. */
export const remoteWorld = (files: Files): { origin: TestRepo; url: string } => {
  const origin = makeRepo(files);
  return { origin, url: bareRemote(origin) };
};

/** The generated world as a repository with a bare remote. */
export const generatedRemote = (opts?: Parameters<typeof generatedWorld>[0]): { world: GeneratedWorld; origin: TestRepo; url: string } => {
  const world = generatedWorld(opts);
  return { world, ...remoteWorld(world.files) };
};

/**
 * Runs the world CLI in `cwd` (which need not be a world, e.g. for `world clone`), with the
 * environment a user has: vitest's NODE_ENV=test sends oclif looking for TypeScript sources,
 * which doubles the start-up of every command (~250 → ~500 ms).
 */
export const worldAt = (cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): RunResult =>
  sh(cwd, process.execPath, [WORLD_BIN, ...args], { NODE_ENV: undefined, NO_COLOR: '1', CI: 'true', GIT_CONFIG_NOSYSTEM: '1', ...env });

export const worldJsonAt = <T = Record<string, unknown>>(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): { code: number; json: T; stderr: string } => {
  const r = worldAt(cwd, [...args, '--json'], env);
  try {
    return { code: r.code, json: JSON.parse(r.stdout) as T, stderr: r.stderr };
  } catch {
    throw new Error(`world ${args.join(' ')} did not print JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
};

/** Directories directly below `sub` in the working tree (e.g. which of libs/* are on disk). */
export const dirsOnDisk = (root: string, sub: string): string[] => {
  try {
    return readdirSync(join(root, sub), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `${sub}/${e.name}`).sort();
  } catch {
    return [];
  }
};

/** Blob ids the clone does not have (never fetched), read without fetching anything. */
export const missingObjects = (repo: TestRepo): Set<string> =>
  new Set(repo.git('rev-list', '--objects', '--missing=print', '--all').split('\n').filter((l) => l.startsWith('?')).map((l) => l.slice(1)));

/** The blob id of `path` at HEAD (trees are local in a blob-less clone: no fetch). */
export const blobAt = (repo: TestRepo, path: string, rev = 'HEAD'): string => repo.git('rev-parse', `${rev}:${path}`);

/** Runs `f` with GIT_TRACE2_EVENT pointed at a file; returns how many `git fetch` processes ran. */
export const countFetches = (run: (env: NodeJS.ProcessEnv) => void): number => {
  const file = join(tempDir('world-trace-'), 'trace.json');
  writeFileSync(file, '');
  run({ GIT_TRACE2_EVENT: file });
  let fetches = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.includes('"event":"start"')) continue;
    const argv = (JSON.parse(line) as { argv: string[] }).argv;
    const sub = argv.slice(1).filter((a, i, all) => a !== '-c' && all[i - 1] !== '-c')[0];
    if (sub === 'fetch') fetches++;
  }
  return fetches;
};
