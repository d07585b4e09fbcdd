/**
 * Plain lines (a pipe, CI) and GitHub Actions' form, from the real CLI on real Nix builds:
 * each line is written when its event happens (a target's `built` line while another still
 * builds, its log lines as it runs); --output-logs picks whose logs are shown; paths in logs
 * point at the repository; on GitHub each log is a folded group, each failure an annotation
 * on the file it names, and a build cannot issue workflow commands.
 */
import { spawn } from 'node:child_process';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { gatedWorld, type GatedWorld } from '../helpers/pty-world.js';
import { cleanupTempDirs, WORLD_BIN, type TestRepo } from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

const WAIT_MS = 60_000;

/** `world …` with its stderr piped, as CI runs it; lines can be waited for as they come. */
class PipedRun {
  stderr = '';
  readonly exited: Promise<number>;
  private readonly child;

  constructor(repo: TestRepo, args: string[], env: NodeJS.ProcessEnv = {}) {
    const base: NodeJS.ProcessEnv = { ...process.env, CI: 'true', NO_COLOR: '1', NODE_ENV: undefined };
    delete base.GITHUB_ACTIONS;
    this.child = spawn(process.execPath, [WORLD_BIN, ...args], { cwd: repo.dir, env: { ...base, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (s: string) => (this.stderr += s));
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code ?? -1)));
  }

  /** Resolves when a whole line matching `pattern` has been written; fails if the run ends first. */
  waitForLine(pattern: RegExp): Promise<void> {
    const found = () => this.stderr.split('\n').slice(0, -1).some((l) => pattern.test(l));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line ${pattern} in ${WAIT_MS} ms:\n${this.stderr}`)), WAIT_MS);
      const check = () => {
        if (!found()) return;
        clearTimeout(timer);
        this.child.stderr.off('data', check);
        resolve();
      };
      this.child.stderr.on('data', check);
      check();
      void this.exited.then(() => {
        if (found()) return;
        clearTimeout(timer);
        reject(new Error(`the run ended without a line ${pattern}:\n${this.stderr}`));
      });
    });
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

let running: PipedRun | undefined;
afterEach(() => {
  running?.kill();
  running = undefined;
});
const run = (repo: TestRepo, args: string[], env: NodeJS.ProcessEnv = {}): PipedRun => (running = new PipedRun(repo, args, env));

describe('plain lines as the run goes, and --output-logs', () => {
  let world: GatedWorld;

  test('new-only: lines arrive as targets start, log and finish — while slow:build is still running', async () => {
    world = gatedWorld();
    const r = run(world.repo, ['build', '-j', '2', '-k', '--output-logs=new-only']);
    // All of these come while slow:build waits for the gate the test has not opened yet:
    // a reporter that held lines back to the end would never show them, and the test would time out.
    await r.waitForLine(/^slow:build \| slow waits$/);
    await r.waitForLine(/^ {2}built\s+fast:build \(\d/);
    await r.waitForLine(/^fast:build \| fast says hi$/);
    await r.waitForLine(/^ {2}failed\s+broken:build \(\d/);
    expect(r.stderr).not.toMatch(/built\s+slow:build/);
    expect(r.stderr).not.toContain('slow is done');
    world.open();
    expect(await r.exited).toBe(1);
    const lines = r.stderr.split('\n');
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    expect(at(/^ {2}built\s+fast:build/)).toBeLessThan(at(/^slow:build \| slow is done$/));
    expect(at(/^slow:build \| slow is done$/)).toBeLessThan(at(/^ {2}built\s+slow:build/));
    expect(at(/^ {2}built\s+slow:build/)).toBeLessThan(at(/^ {2}built\s+late:build/));
    expect(lines).toContain('  skipped     after-broken:build — needs broken:build, which failed');
    expect(r.stderr).toMatch(/^world: 6 targets, 0 cached, 4 built, 1 failed, 1 skipped in \d/m);
    // slow:build outlasted fast and broken, which ran and ended while it waited: it is among the
    // three slowest whatever late:build took on a busy machine.
    expect(lines.find((l) => l.startsWith('world: slowest: '))).toMatch(/[ ,]slow:build \d/);
  });

  test("errors-only (the default): only the failure's log, its paths pointing at the repository", async () => {
    const r = run(world.repo, ['build', '-k']);
    expect(await r.exited).toBe(1);
    expect(r.stderr).toContain('broken:build | broken/main.c:3:5: error: boom');
    expect(r.stderr).toContain('broken:build | see broken/main.c');
    expect(r.stderr).not.toMatch(/nix-build-broken|\/nix\/store\/[0-9a-z]{32}-broken-src/);
    expect(r.stderr).not.toContain('fast says hi');
    expect(r.stderr).toContain('✗ broken:build failed after');
  });

  test("full: a cached target's log is replayed from what Nix kept; none: no logs at all", async () => {
    const full = run(world.repo, ['build', 'fast', 'slow', '--output-logs=full']);
    expect(await full.exited).toBe(0);
    expect(full.stderr).toMatch(/^ {2}cached\s+fast:build$/m);
    expect(full.stderr).toContain('fast:build | fast says hi');
    expect(full.stderr).toContain('slow:build | slow is done');

    const none = run(world.repo, ['build', '-k', '--output-logs=none']);
    expect(await none.exited).toBe(1);
    expect(none.stderr).not.toContain(' | ');
    expect(none.stderr).toContain('✗ broken:build failed after');
  });

  test('GitHub Actions: each log folded in a group, the failure annotated on its file, the build unable to issue commands', async () => {
    const r = run(world.repo, ['build', '-k'], { GITHUB_ACTIONS: 'true' });
    expect(await r.exited).toBe(1);
    const lines = r.stderr.split('\n');
    const group = lines.findIndex((l) => /^::group::failed\s+broken:build \(\d/.test(l));
    expect(group).toBeGreaterThan(-1);
    const token = /^::stop-commands::(\w{32})$/.exec(lines[group + 1]!)?.[1];
    expect(token).toBeDefined();
    const end = lines.indexOf(`::${token}::`, group);
    expect(lines.slice(group + 2, end)).toEqual(['::add-mask::forged', 'broken/main.c:3:5: error: boom', 'see broken/main.c', 'world: target failed (exit 3)']);
    expect(lines[end + 1]).toBe('::endgroup::');
    expect(lines).toContain('::error file=broken/main.c,line=3,col=5,title=broken%3Abuild failed::boom');
    // Cached targets printed nothing new: no group for them.
    expect(lines).toContain('  cached      fast:build');
    expect(lines.some((l) => l.startsWith('::group::cached'))).toBe(false);
  });
});
