/**
 * world's own world: this repository's packages and CLI, each type-checked and compiled by
 * the `typescript` module inside Nix against its dependencies' build outputs.
 *
 * The repository's files (what `git ls-files` lists: tracked, plus new files not ignored, so
 * the test sees the working tree as `npx world build` does) are copied into a temporary git
 * repository, with node_modules linked to this checkout's (the typescript module takes
 * third-party packages and tsc from there). Slow: a dozen tsc runs, mostly one after another.
 */
import { appendFileSync, chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT, TestRepo, cleanupTempDirs, sh, tempDir } from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

const BUILD_TIMEOUT = 600_000;

interface TargetJson {
  id: string;
  project: string;
  target: string;
  status: string;
  out: string;
  logTail?: string[];
}
interface BuildJson {
  summary: { total: number; cached: number; built: number; failed: number };
  evaluated: boolean;
  targets: TargetJson[];
}

/** The projects of this repository's world: packages/* and cli, by the name in project.yaml. */
const ownProjects = (): string[] =>
  [...readdirSync(join(REPO_ROOT, 'packages')).map((d) => `packages/${d}`), 'cli']
    .filter((dir) => existsSync(join(REPO_ROOT, dir, 'project.yaml')))
    .map((dir) => /^name:\s*(\S+)/m.exec(readFileSync(join(REPO_ROOT, dir, 'project.yaml'), 'utf8'))![1]!)
    .sort();

const copyOfThisRepository = (): TestRepo => {
  const listed = sh(REPO_ROOT, 'git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  if (listed.code !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  const dir = tempDir('world-own-');
  // Nix builds run as its build users, which reach tsc through the world root (nix.hostPath).
  chmodSync(dir, 0o755);
  for (const path of new Set(listed.stdout.split('\0').filter(Boolean))) {
    const from = join(REPO_ROOT, path);
    if (!existsSync(from) || !lstatSync(from).isFile()) continue; // deleted in the working tree, or a link
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    copyFileSync(from, join(dir, path));
  }
  const repo = new TestRepo(dir);
  repo.git('init', '-q', '-b', 'main');
  repo.commit('this repository');
  appendFileSync(join(dir, '.git/info/exclude'), '/node_modules\n');
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  return repo;
};

const run = (repo: TestRepo, command: 'build' | 'test'): { code: number; json: BuildJson; stderr: string } => {
  const r = repo.world(command, '--json');
  try {
    return { code: r.code, json: JSON.parse(r.stdout) as BuildJson, stderr: r.stderr };
  } catch {
    throw new Error(`world ${command} --json did not print JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
};

const failures = (json: BuildJson): string =>
  json.targets
    .filter((t) => t.status !== 'built' && t.status !== 'cached')
    .map((t) => `${t.id}: ${t.status} ${JSON.stringify(t.cause ?? null)}\n  ${(t.logTail ?? []).join('\n  ')}`)
    .join('\n');

describe("this repository's own world", () => {
  const projects = ownProjects();
  let repo: TestRepo;
  let cold: { code: number; json: BuildJson; stderr: string };

  beforeAll(() => {
    repo = copyOfThisRepository();
    cold = run(repo, 'build');
  }, BUILD_TIMEOUT);

  test('world build compiles every package inside Nix, each once', () => {
    expect(projects).toContain('core');
    expect(projects).toContain('cli');
    expect(failures(cold.json)).toBe('');
    expect(cold.code).toBe(0);
    expect(cold.json.targets.map((t) => t.id).sort()).toEqual(projects.map((p) => `${p}:build`));
    // Fresh derivations (the PATH names this temporary world), so each is built by this run.
    expect(cold.json.targets.every((t) => t.status === 'built')).toBe(true);
    for (const t of cold.json.targets) {
      expect(existsSync(join(t.out, 'package.json')), `${t.id}: package.json`).toBe(true);
      expect(readdirSync(join(t.out, 'dist')).some((f) => f.endsWith('.d.ts')), `${t.id}: dist/*.d.ts`).toBe(true);
    }
    const cli = cold.json.targets.find((t) => t.project === 'cli')!;
    expect(existsSync(join(cli.out, 'bin/run.js'))).toBe(true);
    expect(existsSync(join(cli.out, 'dist/commands/build.js'))).toBe(true);
    // Its dependencies' outputs, by package name: the closure of the cli is the whole world.
    expect(readdirSync(join(cli.out, 'node_modules/@world')).sort()).toEqual(projects.filter((p) => p !== 'cli'));
  });

  test('a second build comes from the cache index without evaluating Nix', () => {
    const warm = run(repo, 'build');
    expect(warm.code).toBe(0);
    expect(warm.json.evaluated).toBe(false);
    expect(warm.json.summary.cached).toBe(warm.json.summary.total);
    expect(warm.json.summary.total).toBe(projects.length);
  });

  test(
    'world test imports every compiled module, and the compiled CLI runs',
    () => {
      const r = run(repo, 'test');
      expect(failures(r.json)).toBe('');
      expect(r.code).toBe(0);
      expect(r.json.targets.map((t) => t.id).sort()).toEqual(projects.map((p) => `${p}:test`));
      const cli = r.json.targets.find((t) => t.project === 'cli')!;
      const log = readFileSync(join(cli.out, 'log'), 'utf8');
      expect(log).toMatch(/^world-cli: imported \d+ modules$/m);
      expect(log).toContain('USAGE');
      expect(log).toMatch(/^ {2}build\s/m);
      expect(readFileSync(join(cli.out, 'junit.xml'), 'utf8')).toContain('failures="0"');
    },
    BUILD_TIMEOUT,
  );
});
