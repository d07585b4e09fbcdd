/**
 * `world watch` as a person uses it: start it, save files, read what it says. A save
 * rebuilds the projects it affects (and only those); a failing build or a broken
 * project.yaml is reported and the watch goes on; Ctrl-C (SIGINT) ends it cleanly.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { WORLD_BIN, cleanupTempDirs, makeRepo, nonce, statusById, type BuildJson, type Files, type TestRepo } from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

const WAIT_MS = 30_000;

const commandProject = (name: string, deps: string[], build: string, salt: string): Files => ({
  [`${name}/project.yaml`]: `name: ${name}\ndeps: [${deps.join(', ')}]\nmodules: [command]\nconfig:\n  command.build: ${JSON.stringify(build)}\n`,
  [`${name}/value.txt`]: `${name}-1\n`,
  [`${name}/salt.txt`]: `${salt}\n`,
});

const world = (salt = nonce()): Files => ({
  'world.yaml': 'name: watched\nnix:\n  hostPath: [/usr/local/bin, /usr/bin, /bin]\n',
  ...commandProject('lib', [], 'mkdir -p "$out" && cp value.txt "$out/"', salt),
  ...commandProject('app', ['lib'], 'mkdir -p "$out" && cat "$WORLD_DEPS/lib/build/value.txt" value.txt > "$out/value.txt"', salt),
  ...commandProject('tool', [], 'mkdir -p "$out" && cp value.txt "$out/"', salt),
});

/** A running `world watch` whose stderr can be waited on. */
class Watcher {
  private output = '';
  private seen = 0;
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => (this.output += s));
    child.stdout.resume();
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  /** Waits for `pattern` in what the watch printed since the last wait; returns that text. */
  async waitFor(pattern: RegExp): Promise<string> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const fresh = this.output.slice(this.seen);
      const m = pattern.exec(fresh);
      if (m) {
        this.seen += m.index + m[0].length;
        return fresh.slice(0, m.index + m[0].length);
      }
      if (Date.now() > deadline) throw new Error(`world watch did not print ${pattern} within ${WAIT_MS} ms; it printed:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

let running: Watcher | undefined;
afterEach(() => {
  running?.child.kill('SIGKILL');
  running = undefined;
});

const startWatch = async (repo: TestRepo, ...args: string[]): Promise<Watcher> => {
  const child = spawn(process.execPath, [WORLD_BIN, 'watch', ...args], { cwd: repo.dir, env: { ...process.env, NO_COLOR: '1', CI: 'true' } });
  running = new Watcher(child);
  await running.waitFor(/world: watching watched \(3 projects\); Ctrl-C to stop\n/);
  return running;
};

describe('world watch', () => {
  test('a save rebuilds what it affects; failures and broken config keep the watch going; Ctrl-C stops it', async () => {
    const repo = makeRepo(world());
    expect(repo.world('build').code).toBe(0);
    const w = await startWatch(repo);

    repo.write({ 'lib/value.txt': 'lib-2\n' });
    const rebuilt = await w.waitFor(/world: watching…\n/);
    expect(rebuilt).toContain('world: 1 file changed → lib, app');
    expect(rebuilt).toMatch(/built\s+lib:build/);
    expect(rebuilt).toMatch(/built\s+app:build/);
    expect(rebuilt).not.toContain('tool:build');
    // What the watch built is what `world build` now finds in the cache.
    const after = repo.worldJson<BuildJson>('build').json;
    expect(statusById(after)).toEqual({ 'lib:build': 'cached', 'app:build': 'cached', 'tool:build': 'cached' });

    // A build that fails is reported, and the watch waits for the fix.
    repo.write({ 'tool/project.yaml': 'name: tool\nmodules: [command]\nconfig:\n  command.build: "echo broken on purpose; exit 3"\n' });
    const failed = await w.waitFor(/world: watching \(fix and save to retry\)…\n/);
    expect(failed).toMatch(/failed\s+tool:build/);
    expect(failed).toContain('broken on purpose');

    // So is a project.yaml that does not parse.
    repo.write({ 'tool/project.yaml': 'name: tool\nmodules: [command\n' });
    const broken = await w.waitFor(/world: watching…\n/);
    // Reported like any error: its code, the file and line, and a hint.
    expect(broken).toMatch(/world: warning\[CONFIG_YAML\]: tool\/project\.yaml:\d+:\d+/);
    expect(broken).toMatch(/\n {2}hint: /);

    repo.write({ 'tool/project.yaml': 'name: tool\nmodules: [command]\nconfig:\n  command.build: \'mkdir -p "$out" && cp value.txt "$out/"\'\n' });
    expect(await w.waitFor(/world: watching…\n/)).toMatch(/(built|cached)\s+tool:build/);

    w.child.kill('SIGINT');
    expect(await w.exited).toBe(0);
    await w.waitFor(/world: stopped watching\n/);
  });

  test('watching named projects rebuilds only among them and what they depend on', async () => {
    const repo = makeRepo(world());
    expect(repo.world('build').code).toBe(0);
    const w = await startWatch(repo, 'lib');

    repo.write({ 'tool/value.txt': 'tool-2\n' });
    repo.write({ 'lib/value.txt': 'lib-2\n' });
    const out = await w.waitFor(/world: watching…\n/);
    expect(out).toMatch(/changed → lib\n/);
    expect(out).not.toContain('tool:build');
    expect(out).not.toContain('app:build');
    w.child.kill('SIGINT');
    expect(await w.exited).toBe(0);
  });
});
