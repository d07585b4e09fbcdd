/**
 * A live view for terminals: one status line, redrawn in place, with the counts and what
 * is building now; finished builds and failures scroll above it.
 */
import { describeRebuild, type BuildEvent, type RunResult, type TargetResult } from '@world/executor';
import { failureBlock, formatDuration, outcomeNote, summaryLine, type Reporter, type ReporterStream } from './reporter.js';
import { noticeLines } from './notice.js';

const CLEAR_LINE = '\r\x1b[2K';
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export class LiveReporter implements Reporter {
  private total = 0;
  private cached = 0;
  private built = 0;
  private failed = 0;
  /** Skipped, cancelled, not started: done, neither cached nor built. */
  private other = 0;
  private phase = 'starting';
  private readonly running = new Map<string, number>();
  private frame = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly out: ReporterStream,
    private readonly opts: { explain: boolean } = { explain: false },
  ) {
    this.timer = setInterval(() => this.draw(), 120);
    this.timer.unref();
  }

  private draw(): void {
    const spin = SPINNER[this.frame++ % SPINNER.length];
    const now = Date.now();
    const running = [...this.running].map(([id, t]) => `${id} ${formatDuration(now - t)}`).join(', ');
    const done = this.cached + this.built + this.failed + this.other;
    let line = `${spin} ${this.phase} · ${done}/${this.total} · ${this.cached} cached · ${this.built} built${this.failed ? ` · \x1b[31m${this.failed} failed\x1b[0m` : ''}${running ? ` · ${running}` : ''}`;
    // A terminal that reports no width (0, e.g. under `script`) gets a sensible one.
    const width = this.out.columns || 100;
    if (line.length > width + 10) line = `${line.slice(0, width + 6)}…`;
    this.out.write(`${CLEAR_LINE}${line}`);
  }

  private because(t: TargetResult): string {
    return this.opts.explain && t.reason ? ` — ${describeRebuild(t.reason)}` : '';
  }

  private above(text: string): void {
    this.out.write(`${CLEAR_LINE}${text}\n`);
    this.draw();
  }

  onEvent(e: BuildEvent): void {
    switch (e.type) {
      case 'phase':
        this.phase = e.phase === 'build' ? 'building' : e.phase === 'evaluate' ? 'evaluating' : e.phase === 'sources' ? 'adding sources' : e.phase === 'discovery' ? 'reading the world' : 'fingerprinting';
        break;
      case 'planned':
        this.total = e.total;
        break;
      case 'started':
        this.running.set(e.id, Date.now());
        break;
      case 'log':
        break;
      case 'finished': {
        const t = e.result;
        this.running.delete(t.id);
        if (!e.requested && t.status === 'built') break;
        if (t.status === 'cached') this.cached++;
        else if (t.status === 'built') {
          this.built++;
          this.above(`\x1b[32m✓\x1b[0m ${t.id}${t.durationMs !== undefined ? ` ${formatDuration(t.durationMs)}` : ''}${t.substituted ? ' (fetched)' : ''}${this.because(t)}`);
        } else if (t.status === 'failed') {
          this.failed++;
          this.above(`\x1b[31m✗\x1b[0m ${t.id}${this.because(t)}`);
        } else if (t.status !== 'would-build') {
          this.other++;
          this.above(`- ${t.id} ${t.status}: ${outcomeNote(t)}`);
        }
        break;
      }
      case 'warning':
        this.above(`\x1b[33mwarning:\x1b[0m ${e.message}`);
        break;
      case 'nix-error':
        this.above(`\x1b[31mnix:\x1b[0m ${e.message}`);
        break;
      case 'notice':
        for (const line of noticeLines(e.notice)) this.above(line);
        break;
    }
    this.draw();
  }

  finish(result: RunResult): void {
    clearInterval(this.timer);
    this.out.write(CLEAR_LINE);
    for (const line of failureBlock(result)) this.out.write(`${line}\n`);
    this.out.write(`${result.summary.ok ? '\x1b[32m✓\x1b[0m' : '\x1b[31m✗\x1b[0m'} ${summaryLine(result)}\n`);
  }
}
