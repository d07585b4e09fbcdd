/**
 * Real git repositories in temporary folders, and a way to run the built `world` CLI on them.
 * Tests describe a world as a map of files; commits, branches and remotes are real git.
 */
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunSummary, TargetResult, TargetStatus } from '@world/executor';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const WORLD_BIN = join(REPO_ROOT, 'cli/bin/run.js');

/** Path → content; a Uint8Array writes raw bytes (e.g. a file that is not UTF-8). */
export type Files = Record<string, string | Uint8Array>;

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const sh = (cwd: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): RunResult => {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'World Test',
  GIT_AUTHOR_EMAIL: 'test@world.invalid',
  GIT_COMMITTER_NAME: 'World Test',
  GIT_COMMITTER_EMAIL: 'test@world.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

export class TestRepo {
  constructor(readonly dir: string) {}

  git(...args: string[]): string {
    const r = sh(this.dir, 'git', args, GIT_ENV);
    if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout.trim();
  }

  write(files: Files): this {
    for (const [path, content] of Object.entries(files)) {
      const full = join(this.dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
    return this;
  }

  remove(...paths: string[]): this {
    for (const p of paths) rmSync(join(this.dir, p), { recursive: true, force: true });
    return this;
  }

  exists(path: string): boolean {
    return existsSync(join(this.dir, path));
  }

  commit(message: string, files?: Files): string {
    if (files) this.write(files);
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD');
  }

  /** Runs the built world CLI in this repository. */
  world(...args: string[]): RunResult {
    // Without vitest's NODE_ENV=test, which sends oclif looking for TypeScript sources (start-up 265 → 555 ms).
    return sh(this.dir, process.execPath, [WORLD_BIN, ...args], { ...GIT_ENV, NODE_ENV: undefined, NO_COLOR: '1', CI: 'true' });
  }

  /** Runs world with --json and parses stdout; fails the test with stderr when it is not JSON. */
  worldJson<T = Record<string, unknown>>(...args: string[]): { code: number; json: T; stderr: string } {
    const r = this.world(...args, '--json');
    try {
      return { code: r.code, json: JSON.parse(r.stdout) as T, stderr: r.stderr };
    } catch {
      throw new Error(`world ${args.join(' ')} did not print JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    }
  }
}

const made: string[] = [];

export const tempDir = (prefix = 'world-test-'): string => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
};

/** A new repository on branch main holding `files` in one commit. */
export const makeRepo = (files: Files, dir = tempDir()): TestRepo => {
  const repo = new TestRepo(dir);
  repo.git('init', '-q', '-b', 'main');
  repo.commit('initial', files);
  return repo;
};

/** Clones `url` (a path or file:// URL) into a new temp dir with extra `git clone` options. */
export const cloneRepo = (url: string, ...options: string[]): TestRepo => {
  const dir = tempDir('world-clone-');
  new TestRepo(dir).git('clone', '-q', ...options, url, dir);
  return new TestRepo(dir);
};

/** What `world affected --json` prints. */
export type AffectReason =
  | { reason: 'changed'; files: string[] }
  | { reason: 'dependency'; via: string }
  | { reason: 'global'; files: string[] }
  | { reason: 'module'; module: string; files: string[] }
  | { reason: 'everything'; why: string };

export interface AffectedJson {
  base: { ref: string; mergeBase: string } | null;
  head: { kind: 'worktree'; commit: string; uncommitted: boolean } | { kind: 'commit'; ref: string; commit: string } | null;
  changedFiles: { kind: string; path: string; project?: string; module?: string; pattern?: string }[];
  affected: { name: string; path: string; reasons: AffectReason[] }[];
}

/** Affected project name → its reasons, for exact comparisons with toEqual. */
export const reasonsByName = (json: AffectedJson): Record<string, AffectReason[]> =>
  Object.fromEntries(json.affected.map((p) => [p.name, p.reasons]));

/** A CLI error as printed on stderr: `world: error[CODE]: message` and `  hint: …`. */
export const parseError = (stderr: string): { code: string; message: string; hint: string } | undefined => {
  const m = /^world: error\[([A-Z_]+)\]: ([\s\S]*?)(?:\n  hint: ([\s\S]*?))?\n?$/.exec(stderr.trim() + '\n');
  return m ? { code: m[1]!, message: m[2]!.trim(), hint: (m[3] ?? '').trim() } : undefined;
};

export const cleanupTempDirs = (): void => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
};

/** A small three-layer world used by many tests: libraries, a middle layer, apps, a module and a global input. */
export const layeredWorld = (): Files => ({
  'world.yaml': 'name: acme\nprojects: [libs/**, areas/**]\nglobal: [tools/global.lock]\n',
  'tools/global.lock': 'v1\n',
  'modules/base.nix': '{ ... }: { }\n',
  'modules/node.nix': '{ ... }: { imports = [ ./base.nix ]; }\n',
  'modules/c.nix': '{ ... }: { }\n',
  'libs/money/project.yaml': 'name: money\nmodules: [c]\n',
  'libs/money/src/money.c': 'int money;\n',
  'libs/ui-kit/project.yaml': 'name: ui-kit\nmodules: [node]\n',
  'libs/ui-kit/index.js': 'export {};\n',
  'areas/payments/core/project.yaml': 'name: payments-core\ndeps: [money]\n',
  'areas/payments/core/core.txt': 'core\n',
  'areas/payments/api/project.yaml': 'name: payments-api\ndeps: [payments-core, //libs/ui-kit]\nmodules: [node]\ntags: [service]\nowners: [team-payments]\n',
  'areas/payments/api/src/index.js': 'export {};\n',
  'areas/shop/web/project.yaml': 'name: shop-web\ndeps: [ui-kit]\ntags: [service, web]\nowners: [team-shop]\ninputs: [src/**]\n',
  'areas/shop/web/src/app.js': 'export {};\n',
  'areas/shop/web/README.md': 'docs\n',
  '.gitignore': '*.log\nbuild/\n',
});

/** Every file under `dir` (a directory on disk), as a map for makeRepo. */
export const filesOf = (dir: string): Files => {
  const out: Files = {};
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path);
      else if (e.isFile()) out[path] = readFileSync(join(dir, path));
    }
  };
  walk('');
  return out;
};

/** The example world shipped in examples/<name>, as a new temporary git repository. */
export const exampleRepo = (name = 'acme'): TestRepo => makeRepo(filesOf(join(REPO_ROOT, 'examples', name)));

/** A value unique to this test run: put it in a world's sources so its derivations are new to the store. */
export const nonce = (): string => `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;

/** What `world build --json` and `world test --json` print: the engine's own types. */
export type { TargetStatus } from '@world/executor';
export interface BuildJson {
  summary: RunSummary;
  evaluated: boolean;
  plan: string | null;
  sources: { added: number; reused: number } | null;
  targets: TargetResult[];
  nixErrors: string[];
  warnings: string[];
}

/** Target id → status, for exact comparisons with toEqual. */
export const statusById = (json: BuildJson): Record<string, TargetStatus> =>
  Object.fromEntries(json.targets.map((t) => [t.id, t.status]));
