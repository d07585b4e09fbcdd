/**
 * Faults, damaged state and signals: world answers with a located error and a documented exit
 * code (never a stack trace), never serves what a damaged state file claims, never writes or
 * deletes outside its state directory, and stops its Nix children when it is stopped.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseWorldConfig } from '@world/config';
import { readWorktreeStatus } from '@world/discovery';
import { readSourceTree, sourceSet } from '@world/fingerprint';
import { addSources } from '@world/nix';
import { WORLD_BIN, cleanupTempDirs, makeRepo, nonce, statusById, tempDir, type BuildJson, type Files, type TestRepo } from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

const WORLD_YAML = 'name: faults\nnix:\n  hostPath: [/usr/local/bin, /usr/bin, /bin]\n';

const world = (extra: Files = {}): Files => ({
  'world.yaml': WORLD_YAML,
  'lib/project.yaml': 'name: lib\nmodules: [command]\nconfig:\n  command.build: mkdir -p "$out" && cat value.txt > "$out/value"\n',
  'lib/value.txt': 'lib-1\n',
  'app/project.yaml': 'name: app\ndeps: [lib]\nmodules: [command]\nconfig:\n  command.build: mkdir -p "$out" && cat "$WORLD_DEPS/lib/build/value" value.txt > "$out/value"\n',
  'app/value.txt': 'app-1\n',
  'salt.txt': `${nonce()}\n`,
  ...extra,
});

const NO_STACK = /^\s+at .+\(?.*:\d+:\d+\)?$/m;

const expectCleanError = (r: { code: number; stdout: string; stderr: string }, code: number, errorCode: string) => {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toMatch(new RegExp(`^world: error\\[${errorCode}\\]`, 'm'));
  expect(r.stderr).toMatch(/^ {2}hint: /m);
  expect(r.stderr + r.stdout).not.toMatch(NO_STACK);
};

/** world with extra environment (repo.world fixes its own). */
const runWorld = (repo: TestRepo, args: string[], env: NodeJS.ProcessEnv): { code: number; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, [WORLD_BIN, ...args], { cwd: repo.dir, env: { ...process.env, NODE_ENV: undefined, CI: 'true', NO_COLOR: '1', ...env }, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};

const valueOf = (json: BuildJson, id: string) => readFileSync(join(json.targets.find((t) => t.id === id)!.out, 'value'), 'utf8');

const cacheDir = (repo: TestRepo, ...rest: string[]) => join(repo.dir, '.git/world/cache', ...rest);

/** Every file under a directory, with its content, to show nothing outside changed. */
const snapshotTree = (dir: string): Record<string, string> => {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[p] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
};

describe('damaged state is rebuilt, never served', () => {
  test('an index entry pointing at another target\'s output is discarded; the answer is correct', () => {
    const repo = makeRepo(world());
    const first = repo.worldJson<BuildJson>('build');
    expect(first.code, first.stderr).toBe(0);
    const lib = first.json.targets.find((t) => t.id === 'lib:build')!;
    const app = first.json.targets.find((t) => t.id === 'app:build')!;
    // Point app's entry at lib's derivation and output.
    const file = join(cacheDir(repo, 'index'), app.key.slice(0, 2), `${app.key}.json`);
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { targets: Record<string, { drv: string; out: string }> };
    entry.targets.build = { ...entry.targets.build!, drv: lib.drv, out: lib.out };
    writeFileSync(file, JSON.stringify(entry));
    const again = repo.worldJson<BuildJson>('build');
    expect(again.code, again.stderr).toBe(0);
    expect(again.json.targets.find((t) => t.id === 'app:build')!.out).toBe(app.out);
    expect(valueOf(again.json, 'app:build')).toBe('lib-1\napp-1\n');
  });

  test('a sources record pointing at another project\'s sources is not used', () => {
    const repo = makeRepo(world());
    expect(repo.worldJson<BuildJson>('build').code).toBe(0);
    const records = cacheDir(repo, 'sources');
    const paths = readdirSync(records).flatMap((shard) => readdirSync(join(records, shard)).map((k) => join(records, shard, k)));
    const libSrc = paths.map((p) => readFileSync(p, 'utf8')).find((p) => p.endsWith('-lib-src'))!;
    for (const p of paths) writeFileSync(p, libSrc);
    rmSync(cacheDir(repo, 'index'), { recursive: true });
    repo.commit('re-key', { 'world.yaml': `${WORLD_YAML}  builders: []\n`, 'app/value.txt': 'app-2\n' });
    const r = repo.worldJson<BuildJson>('build');
    expect(r.code, r.stderr).toBe(0);
    expect(valueOf(r.json, 'app:build')).toBe('lib-1\napp-2\n');
  });

  test('zero-length, null and wrongly shaped state files give the right answer', () => {
    const repo = makeRepo(world());
    const first = repo.worldJson<BuildJson>('build');
    expect(first.code, first.stderr).toBe(0);
    const state = join(repo.dir, '.git/world');
    for (const f of ['world-snapshot.json', 'graph-snapshot.json', 'parse-cache.json', 'world-config.json', 'cache/timings.json']) {
      if (existsSync(join(state, f))) writeFileSync(join(state, f), f.startsWith('world-snapshot') ? '{"version":1,"key":null,"projects":[null]}' : f.startsWith('graph') ? '' : 'null');
    }
    for (const f of readdirSync(join(state, 'nix'))) writeFileSync(join(state, 'nix', f), '');
    const shard = readdirSync(cacheDir(repo, 'index'))[0]!;
    for (const f of readdirSync(cacheDir(repo, 'index', shard))) writeFileSync(cacheDir(repo, 'index', shard, f), '{"key":null,"targets":null}');
    repo.commit('change', { 'app/value.txt': 'app-3\n' });
    for (const args of [['build'], ['build']]) {
      const r = repo.worldJson<BuildJson>(...args);
      expect(r.code, r.stderr).toBe(0);
      expect(valueOf(r.json, 'app:build')).toBe('lib-1\napp-3\n');
    }
    expect(repo.worldJson('affected', '--base', 'HEAD~1').code).toBe(0);
  });

  test('an index entry named like a path outside the state directory is never followed by cache gc', () => {
    const repo = makeRepo(world());
    expect(repo.worldJson<BuildJson>('build').code).toBe(0);
    const outside = tempDir('world-victim-');
    writeFileSync(join(outside, 'victim.json'), 'keep me\n');
    const before = snapshotTree(outside);
    const shard = readdirSync(cacheDir(repo, 'index'))[0]!;
    const evil = `../../../../../../../../..${outside}/victim`;
    writeFileSync(cacheDir(repo, 'index', shard, 'evil.json'), JSON.stringify({ key: evil, project: 'app', src: '/nix/store/x', targets: {}, createdAt: '2000-01-01' }));
    mkdirSync(cacheDir(repo, 'index', '..'), { recursive: true });
    writeFileSync(cacheDir(repo, 'index', '..', 'evil.json'), '{}');
    const gc = repo.world('cache', 'gc', '--older-than', '0');
    expect(gc.code, gc.stderr).toBe(0);
    expect(snapshotTree(outside)).toEqual(before);
    expect(repo.worldJson<BuildJson>('build').code).toBe(0);
  });
});

describe('an edit during a build', () => {
  test('sources reach the store as the bytes that were hashed, not what the file holds by then', async () => {
    const repo = makeRepo(world());
    repo.write({ 'app/value.txt': 'hashed\n' });
    const tree = await readSourceTree(repo.dir, { kind: 'worktree', status: await readWorktreeStatus(repo.dir) });
    // Edited after the fingerprint was taken, before the sources are staged.
    repo.write({ 'app/value.txt': 'edited during the build\n' });
    const file = tree.get('app/value.txt')!;
    const nix = parseWorldConfig(Buffer.from(WORLD_YAML)).nix;
    const { paths, cleanup } = await addSources(repo.dir, tempDir(), [sourceSet('app-src', 'app', [file])], nix);
    await cleanup;
    expect(readFileSync(join(paths[0]!, 'value.txt'), 'utf8')).toBe('hashed\n');
  });
});

describe('faults in the environment', () => {
  test('Nix printing garbage is NIX_FAILED (exit 4), not a crash', () => {
    const repo = makeRepo(world());
    const bin = tempDir('world-fake-nix-');
    writeFileSync(join(bin, 'nix-instantiate'), '#!/bin/sh\necho "\\033[31mgarbage {[ not json"\nexit 0\n');
    chmodSync(join(bin, 'nix-instantiate'), 0o755);
    const r = runWorld(repo, ['build'], { PATH: `${bin}:${process.env.PATH}` });
    expectCleanError(r, 4, 'NIX_FAILED');
  });

  test('a Nix daemon that cannot be reached: world ci is red (exit 4) and writes no passing report', () => {
    const repo = makeRepo(world());
    repo.commit('change', { 'app/value.txt': 'app-2\n' });
    const reports = join(tempDir(), 'reports');
    const r = runWorld(repo, ['ci', '--base', 'HEAD~1', '--report-dir', reports], { NIX_REMOTE: 'daemon' });
    expectCleanError(r, 4, 'NIX_FAILED');
    expect(r.stderr).toContain('daemon-socket');
    expect(existsSync(join(reports, 'report.json'))).toBe(false);
  });

  test('git missing is GIT_MISSING (exit 4)', () => {
    const repo = makeRepo(world());
    const r = runWorld(repo, ['affected'], { PATH: '/nonexistent' });
    expectCleanError(r, 4, 'GIT_MISSING');
  });

  test('a corrupt .git/index is a repository error (exit 3)', () => {
    const repo = makeRepo(world());
    writeFileSync(join(repo.dir, '.git/index'), 'DIRC garbage');
    expectCleanError(repo.world('build'), 3, 'GIT_FAILED');
  });

  test('a state directory that cannot be written is STATE_UNWRITABLE (exit 4) naming the file', () => {
    const repo = makeRepo(world());
    mkdirSync(join(repo.dir, '.git/world/cache'), { recursive: true });
    // A file where world's index directory belongs: nothing can be written below it.
    writeFileSync(join(repo.dir, '.git/world/cache/index'), 'not a directory\n');
    const r = repo.world('build');
    expectCleanError(r, 4, 'STATE_UNWRITABLE');
    expect(r.stderr).toContain('.git/world/cache/index');
    rmSync(join(repo.dir, '.git/world/cache/index'));
    expect(repo.worldJson<BuildJson>('build').code).toBe(0);
  });
});


describe('signals', () => {
  test.each(['SIGTERM', 'SIGINT'] as const)('%s stops the Nix build with world; a re-run builds correctly', async (signal) => {
    const marks = tempDir('world-marks-');
    chmodSync(marks, 0o777);
    const repo = makeRepo(
      world({
        'slow/project.yaml': `name: slow\nmodules: [command]\nconfig:\n  command.env: { MARKS: ${JSON.stringify(marks)} }\n  command.build: |\n    echo $$ > "$MARKS/pid"\n    sleep 20\n    touch "$MARKS/finished"\n    mkdir -p "$out"\n`,
      }),
    );
    const child = spawn(process.execPath, [WORLD_BIN, 'build', 'slow'], { cwd: repo.dir, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    // Wait for the builder to start, by what world prints and the builder writes.
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (b: Buffer) => {
        stderr += b.toString();
        if (/building slow:build/.test(stderr)) {
          const poll = () => (existsSync(join(marks, 'pid')) ? resolve() : setTimeout(poll, 20));
          poll();
        }
      });
      child.on('exit', () => reject(new Error(`world exited early: ${stderr}`)));
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
    child.kill(signal);
    const end = await exited;
    expect(end.signal ?? end.code).toBe(end.signal ? signal : signal === 'SIGINT' ? 130 : 143);
    const builder = Number(readFileSync(join(marks, 'pid'), 'utf8'));
    // The builder is gone soon after world: Nix was stopped with it.
    const gone = await new Promise<boolean>((resolve) => {
      const deadline = Date.now() + 5000;
      const check = () => {
        try {
          process.kill(builder, 0);
        } catch {
          resolve(true);
          return;
        }
        if (Date.now() > deadline) resolve(false);
        else setTimeout(check, 50);
      };
      check();
    });
    expect(gone).toBe(true);
    expect(existsSync(join(marks, 'finished'))).toBe(false);

    repo.write({ 'slow/project.yaml': `name: slow\nmodules: [command]\nconfig:\n  command.build: mkdir -p "$out" && echo ${nonce()} > "$out/salt"\n` });
    const again = repo.worldJson<BuildJson>('build');
    expect(again.code, again.stderr).toBe(0);
    expect(statusById(again.json)['slow:build']).toBe('built');
  });
});
