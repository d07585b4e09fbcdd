/**
 * The world CLI on a pseudo-terminal of a given size, read as a person sees it: `script`
 * (util-linux) gives the command a real terminal, and a terminal emulator (@xterm/headless)
 * plays what it wrote onto a screen of the same size. Tests read both the bytes (every
 * status line ever drawn) and the final screen (what is left for the person to read).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import xterm from '@xterm/headless';
import { WORLD_BIN } from './world-fixture.js';

const WAIT_MS = 60_000;

/** A word for `sh -c`, quoted. */
const shellWord = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export interface PtyOptions {
  cols: number;
  rows?: number;
  /** Added to an environment without CI, GITHUB_ACTIONS, NO_COLOR and FORCE_COLOR, with TERM=xterm-256color. */
  env?: NodeJS.ProcessEnv;
}

export class PtySession {
  /** Everything the command wrote, as the terminal received it. */
  raw = '';
  readonly exited: Promise<number>;
  private readonly term: InstanceType<typeof xterm.Terminal>;
  private readonly child: ChildProcess;

  constructor(cwd: string, args: readonly string[], readonly opts: PtyOptions) {
    const rows = opts.rows ?? 40;
    this.term = new xterm.Terminal({ cols: opts.cols, rows, scrollback: 10_000, allowProposedApi: true });
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', NODE_ENV: undefined };
    for (const k of ['CI', 'GITHUB_ACTIONS', 'NO_COLOR', 'FORCE_COLOR']) delete env[k];
    Object.assign(env, opts.env);
    // The terminal's size is set inside it, where the command reads it (ioctl TIOCGWINSZ).
    const command = `stty cols ${opts.cols} rows ${rows}; exec ${[process.execPath, WORLD_BIN, ...args].map(shellWord).join(' ')}`;
    this.child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (s: string) => {
      this.raw += s;
      this.term.write(s);
    });
    this.child.stderr!.resume();
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code ?? -1)));
  }

  /** The screen and its scrollback, one string per row, without trailing blank rows. */
  async screen(): Promise<string[]> {
    await new Promise<void>((resolve) => this.term.write('', resolve));
    const buffer = this.term.buffer.active;
    const rows: string[] = [];
    for (let i = 0; i < buffer.length; i++) rows.push(buffer.getLine(i)!.translateToString(true));
    while (rows.length > 0 && rows.at(-1) === '') rows.pop();
    return rows;
  }

  /** How many rows of the screen continue a row that wrapped. */
  async wrappedRows(): Promise<number> {
    await this.screen();
    const buffer = this.term.buffer.active;
    let wrapped = 0;
    for (let i = 0; i < buffer.length; i++) if (buffer.getLine(i)!.isWrapped) wrapped++;
    return wrapped;
  }

  /**
   * Every status line drawn, in order: what follows the last line break after each
   * "carriage return, erase line" (how the live view redraws in place).
   */
  statusLines(): string[] {
    return this.raw
      .split('\r\x1b[2K')
      .slice(1)
      .map((segment) => segment.split(/\r?\n/).at(-1)!)
      .filter((s) => s !== '');
  }

  /** Resolves when the newest status line, escapes stripped, matches `pattern` (a redraw may trail the line above it). */
  waitForStatus(pattern: RegExp, strip: (s: string) => string): Promise<void> {
    return this.waitUntil(() => pattern.test(strip(this.statusLines().at(-1) ?? '')), `a status line matching ${pattern}`);
  }

  /** Resolves when `pattern` is in what the command wrote (checked as each chunk arrives); fails when the command ends without it. */
  waitFor(pattern: RegExp): Promise<void> {
    return this.waitUntil(() => pattern.test(this.raw), String(pattern));
  }

  private waitUntil(met: () => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.child.stdout!.off('data', check);
        if (error) reject(error);
        else resolve();
      };
      const fail = (why: string) => settle(new Error(`the terminal ${why} without showing ${what}; it got:\n${JSON.stringify(this.raw)}`));
      const check = () => {
        if (met()) settle();
      };
      const timer = setTimeout(() => fail(`waited ${WAIT_MS} ms`), WAIT_MS);
      this.child.stdout!.on('data', check);
      check();
      void this.exited.then(() =>
        setImmediate(() => {
          check();
          fail('closed');
        }),
      );
    });
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}
