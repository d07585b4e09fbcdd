/**
 * The one way world runs other programs (git, Nix). It spawns them with node:child_process
 * directly: execa 9's import alone costs 87-122 ms on our 2-core machines against 3 ms for
 * child_process (measured with a bare `await import()`, three runs each), and `world affected`
 * has a budget of a few tens of milliseconds for start-up.
 *
 * Every child runs in a process group of its own and is remembered while it runs: when world
 * is stopped by SIGINT, SIGTERM or SIGHUP, it stops its children's groups with the same
 * signal (a Nix build, its builders) before it exits, so no orphaned build writes on into the
 * store while the user re-runs. A command that handles the signal itself (`world watch`) keeps
 * control of its own exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ProcessOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed; without it stdin is closed at once. */
  input?: string | Buffer;
  /** Called with each line of stderr as it arrives (progress, logs). */
  onStderrLine?: (line: string) => void;
  /** Stops it (its whole process group) after this long; it then ends like any killed process. */
  timeoutMs?: number;
}

export interface ProcessResult {
  stdout: Buffer;
  stderr: string;
  /** The exit status; -1 when it was killed by a signal. */
  exitCode: number;
  signal: NodeJS.Signals | null;
}

/** It could not be started at all: `code` is Node's (ENOENT: not installed or not on PATH). */
export class SpawnError extends Error {
  constructor(
    readonly command: string,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'SpawnError';
  }
}

/** WORLD_TRACE=1 prints each git and Nix call with its start and duration (ms since process start). */
export const traceProcess = process.env.WORLD_TRACE ? (command: string, args: readonly string[], t0: number) =>
  process.stderr.write(`[trace] ${command} ${args.filter((a) => !a.startsWith('/')).slice(0, 3).join(' ')} @${t0.toFixed(0)} +${(performance.now() - t0).toFixed(0)}ms\n`) : undefined;

/** The same for a step of world's own work (`[trace] step <what> @start +duration`), begun at `t0`. */
export const traceStep = process.env.WORLD_TRACE ? (what: string, t0: number) =>
  process.stderr.write(`[trace] step ${what} @${t0.toFixed(0)} +${(performance.now() - t0).toFixed(0)}ms\n`) : undefined;

const live = new Set<ChildProcess>();
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let forwarding = false;

const stopChildren = (signal: NodeJS.Signals): void => {
  for (const child of live) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  }
};

const forwardSignals = (): void => {
  if (forwarding) return;
  forwarding = true;
  for (const signal of SIGNALS) {
    const onSignal = () => {
      stopChildren(signal);
      // Alone, end the way the signal would have ended us (exit 128+n); a command with its own
      // handler decides how it exits.
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
  // An exit for any other reason (an error) must not leave a build running either.
  process.on('exit', () => stopChildren('SIGTERM'));
};

export const runProcess = (command: string, args: readonly string[], opts: ProcessOptions = {}): Promise<ProcessResult> =>
  new Promise((resolve, reject) => {
    forwardSignals();
    const t0 = performance.now();
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    live.add(child);
    const timer =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            try {
              if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
            } catch {
              /* gone meanwhile */
            }
          }, opts.timeoutMs);
    const out: Buffer[] = [];
    const err: string[] = [];
    let pending = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (!opts.onStderrLine) {
        err.push(chunk);
        return;
      }
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        err.push(line, '\n');
        opts.onStderrLine(line);
      }
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      live.delete(child);
      reject(new SpawnError(command, e.code, e.message));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      traceProcess?.(command, args.filter((a, i) => a !== '--option' && args[i - 1] !== '--option' && args[i - 2] !== '--option'), t0);
      if (pending) {
        err.push(pending);
        opts.onStderrLine?.(pending);
      }
      resolve({ stdout: Buffer.concat(out), stderr: err.join(''), exitCode: code ?? -1, signal });
    });
    child.stdin.on('error', () => {
      /* it may exit before reading all input; its exit status tells the story */
    });
    child.stdin.end(opts.input ?? '');
  });
