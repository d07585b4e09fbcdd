/**
 * `world watch --json` for tools: one JSON object per line on stdout for each rebuild (the
 * changed files, the affected projects, the run as `world build --json` gives it) and for
 * each change that could not be built, written as it happens; nothing else on stdout.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { WORLD_BIN, cleanupTempDirs, makeRepo, nonce, type BuildJson, type Files } from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

const WAIT_MS = 60_000;

interface RebuildLine extends BuildJson {
  event: 'rebuild';
  changed: string[];
  affected: string[];
}
interface ErrorLine {
  event: 'error';
  changed: string[];
  error: { code: string; message: string; hint?: string };
}
type WatchLine = RebuildLine | ErrorLine;

const project = (name: string, deps: string[], build: string, salt: string): Files => ({
  [`${name}/project.yaml`]: `name: ${name}\ndeps: [${deps.join(', ')}]\nmodules: [command]\nconfig:\n  command.build: ${JSON.stringify(build)}\n`,
  [`${name}/value.txt`]: `${name}-1\n`,
  [`${name}/salt.txt`]: `${salt}\n`,
});

/** A running `world watch --json`: its stdout lines, each awaited as it is written. */
class JsonWatch {
  private stdout = '';
  stderr = '';
  private taken = 0;
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (s: string) => (this.stdout += s));
    child.stderr.on('data', (s: string) => (this.stderr += s));
    this.exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  }

  /** Every complete line written so far. */
  lines(): string[] {
    return this.stdout.split('\n').slice(0, -1);
  }

  /** The next stdout line, parsed, when it is written. */
  next(): Promise<WatchLine> {
    return this.when(() => this.lines().length > this.taken, this.child.stdout).then(() => JSON.parse(this.lines()[this.taken++]!) as WatchLine);
  }

  /** Resolves when `ready` holds, checked as `stream` delivers data. */
  when(ready: () => boolean, stream: NodeJS.ReadableStream): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`world watch --json: nothing came in ${WAIT_MS} ms; stdout:\n${this.stdout}\nstderr:\n${this.stderr}`)), WAIT_MS);
      const check = () => {
        if (!ready()) return;
        clearTimeout(timer);
        stream.off('data', check);
        resolve();
      };
      stream.on('data', check);
      check();
    });
  }
}

let running: JsonWatch | undefined;
afterEach(() => {
  running?.child.kill('SIGKILL');
  running = undefined;
});

describe('world watch --json', () => {
  test('one line per rebuild, and one per change that could not be built; stdout holds nothing else', async () => {
    const salt = nonce();
    const repo = makeRepo({
      'world.yaml': 'name: watched\nnix:\n  hostPath: [/usr/local/bin, /usr/bin, /bin]\n',
      ...project('lib', [], 'mkdir -p "$out" && cp value.txt "$out/"', salt),
      ...project('app', ['lib'], 'mkdir -p "$out" && cat "$WORLD_DEPS/lib/build/value.txt" value.txt > "$out/value.txt"', salt),
      ...project('tool', [], 'echo "tool breaks"; exit 4', salt),
    });
    const child = spawn(process.execPath, [WORLD_BIN, 'watch', '--json'], { cwd: repo.dir, env: { ...process.env, NO_COLOR: '1', CI: 'true', NODE_ENV: undefined } });
    const w = (running = new JsonWatch(child));
    await w.when(() => w.stderr.includes('Ctrl-C to stop'), child.stderr);

    repo.write({ 'lib/value.txt': 'lib-2\n' });
    const first = await w.next();
    expect(first.event).toBe('rebuild');
    const rebuild = first as RebuildLine;
    expect(rebuild.changed).toEqual(['lib/value.txt']);
    expect(rebuild.affected.sort()).toEqual(['app', 'lib']);
    expect(rebuild.summary).toMatchObject({ total: 2, built: 2, failed: 0, ok: true });
    expect(Object.fromEntries(rebuild.targets.map((t) => [t.id, t.status]))).toEqual({ 'app:build': 'built', 'lib:build': 'built' });

    // A failing build is a rebuild too, with its verdict.
    repo.write({ 'tool/value.txt': 'tool-2\n' });
    const failed = (await w.next()) as RebuildLine;
    expect(failed.event).toBe('rebuild');
    expect(failed.summary).toMatchObject({ total: 1, failed: 1, ok: false });
    expect(failed.targets[0]!.logTail).toContain('tool breaks');

    // A project.yaml that does not parse: an error line with its code, and the watch goes on.
    repo.write({ 'tool/project.yaml': 'name: tool\nmodules: [command\n' });
    const broken = (await w.next()) as ErrorLine;
    expect(broken.event).toBe('error');
    expect(broken.changed).toEqual(['tool/project.yaml']);
    expect(broken.error.code).toMatch(/^[A-Z_]+$/);
    expect(broken.error.message).toContain('tool/project.yaml');

    repo.write({ 'tool/project.yaml': `name: tool\nmodules: [command]\nconfig:\n  command.build: 'mkdir -p "$out"'\n` });
    const fixed = (await w.next()) as RebuildLine;
    expect(fixed.summary).toMatchObject({ total: 1, built: 1, ok: true });

    child.kill('SIGINT');
    expect(await w.exited).toBe(0);
    // Every line of stdout is one of those objects: no pretty-printed result, no text.
    expect(w.lines().map((l) => (JSON.parse(l) as WatchLine).event)).toEqual(['rebuild', 'rebuild', 'error', 'rebuild']);
  });
});
