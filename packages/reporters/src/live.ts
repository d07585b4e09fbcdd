/**
 * A live view for terminals: one status line, redrawn in place, with the counts and what is
 * building now; finished builds, failures and logs scroll above it.
 *
 * The status line is cut to the terminal's width (measured as the terminal shows it: escapes
 * take no room, wide characters two), one column short of it: a line that wrapped could not
 * be redrawn in place, and each redraw would leave a stale copy behind.
 */
import { describeRebuild, type BuildEvent, type RunPhase, type RunResult, type TargetResult } from '@world/executor';
import { noticeLines } from './notice.js';
import { PrefixedLayout, TargetLogView } from './output-logs.js';
import { failureRecap, formatDuration, outcomeNote, slowestLine, summaryLine, type Reporter, type ReporterSettings, type ReporterStream } from './reporter.js';
import { RunProgress } from './run-progress.js';
import type { Style } from './style.js';
import { fitToWidth, wrapToWidth } from './text-width.js';

const CLEAR_LINE = '\r\x1b[2K';
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const REDRAW_MS = 100;
/** When a terminal does not say how wide it is (0, e.g. under `script`). */
const DEFAULT_COLUMNS = 80;

const PHASE: Record<RunPhase, string> = { discovery: 'reading the world', fingerprint: 'fingerprinting', sources: 'adding sources', evaluate: 'evaluating', build: 'building' };

/**
 * The status line for `progress` at `now`, at most `columns` wide: spinner, phase, counts,
 * and what is running, longest running first, for as long as the line has room.
 */
export const statusLine = (progress: RunProgress, now: number, columns: number, style: Style, spinner = ''): string => {
  const c = progress.counts();
  const running = [...progress.running]
    .sort((a, b) => a[1].since - b[1].since)
    .map(([id, r]) => {
      const text = `${id} ${formatDuration(Math.max(0, now - r.since))}`;
      return r.requested ? text : style.dim(`${text} (dependency)`);
    });
  const parts = [
    `${spinner ? `${spinner} ` : ''}${progress.phase ? PHASE[progress.phase] : 'starting'}${c.total > 0 ? ` ${c.done}/${c.total}` : ''}`,
    ...(c.total > 0 ? [`${c.cached} cached`, `${c.built} built`] : []),
    ...(c.failed > 0 ? [style.red(`${c.failed} failed`)] : []),
    ...(c.skipped > 0 ? [style.yellow(`${c.skipped} skipped`)] : []),
    ...(c.stopped > 0 ? [style.yellow(`${c.stopped} stopped`)] : []),
    ...(running.length > 0 ? [`${running.length} running: ${running.join(', ')}`] : []),
  ];
  return fitToWidth(parts.join(' · '), columns);
};

export class LiveReporter implements Reporter {
  private readonly progress = new RunProgress();
  private readonly logs: TargetLogView;
  private frame = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly out: ReporterStream,
    private readonly s: ReporterSettings,
  ) {
    this.logs = new TargetLogView({
      mode: s.outputLogs,
      style: s.style,
      paths: s.paths,
      layout: new PrefixedLayout(s.style),
      print: (lines) => this.above(lines),
      ...(s.readLog ? { readLog: s.readLog } : {}),
    });
    this.timer = setInterval(() => this.draw(), REDRAW_MS);
    this.timer.unref();
  }

  /** How wide world's own lines may be: one column short of the terminal, so that none ever wraps. */
  private columns(): number {
    return Math.max(1, (this.out.columns || DEFAULT_COLUMNS) - 1);
  }

  private status(): string {
    return statusLine(this.progress, Date.now(), this.columns(), this.s.style, SPINNER[this.frame++ % SPINNER.length]);
  }

  /** One of world's own lines, broken at spaces to the terminal's width ('' stays ''). */
  private wrapped(line: string): string {
    return line === '' ? '' : wrapToWidth(line, this.columns()).join('\n');
  }

  private draw(): void {
    this.out.write(`${CLEAR_LINE}${this.status()}`);
  }

  /** Lines that stay, written over the status line, which is drawn again below them. */
  private above(lines: readonly string[]): void {
    if (lines.length > 0) this.out.write(`${CLEAR_LINE}${lines.join('\n')}\n${this.status()}`);
  }

  private because(t: TargetResult): string {
    return this.s.explain && t.reason ? ` — ${describeRebuild(t.reason)}` : '';
  }

  /** A target's line above the status: built and failed ones, and what was not built; cached ones are counted only. */
  private headline(t: TargetResult, requested: boolean): string {
    const { style } = this.s;
    const time = t.durationMs !== undefined ? ` ${formatDuration(t.durationMs)}` : '';
    switch (t.status) {
      case 'built': {
        const line = `${style.green('✓')} ${t.id}${time}${t.substituted ? ' (fetched)' : ''}${t.machine ? ` on ${t.machine}` : ''}`;
        return requested ? `${line}${this.because(t)}` : style.dim(`${line} (dependency)`);
      }
      case 'failed':
        return `${style.red('✗')} ${t.id} failed${time ? ` after${time}` : ''}${requested ? '' : ' (dependency)'}${this.because(t)}`;
      case 'cached':
      case 'would-build':
        return '';
      default:
        return style.yellow(`- ${t.id} ${t.status}: ${outcomeNote(t)}`);
    }
  }

  onEvent(e: BuildEvent): void {
    this.progress.onEvent(e);
    switch (e.type) {
      case 'phase':
      case 'planned':
        this.draw();
        return;
      case 'started':
        this.logs.started(e.id, e.drv);
        this.draw();
        return;
      case 'log':
        this.logs.log(e.id, e.line);
        return;
      case 'finished':
        this.logs.finished(e.result, this.wrapped(this.headline(e.result, e.requested)));
        this.draw();
        return;
      case 'warning':
        this.above([this.wrapped(`${this.s.style.yellow('warning:')} ${e.message}`)]);
        return;
      case 'nix-error':
        this.above([this.wrapped(`${this.s.style.red('nix:')} ${e.message}`)]);
        return;
      case 'notice':
        this.above(noticeLines(e.notice).map((l) => this.wrapped(l)));
        return;
    }
  }

  async finish(result: RunResult): Promise<void> {
    await this.logs.settled();
    clearInterval(this.timer);
    const { style } = this.s;
    const slowest = slowestLine(this.progress);
    const verdict = result.summary.ok ? style.green('✓') : style.red('✗');
    const lines = [...failureRecap(result, style), `${verdict} ${summaryLine(result)}`, ...(slowest ? [`  ${style.dim(slowest)}`] : [])];
    this.out.write(`${CLEAR_LINE}${lines.map((l) => this.wrapped(l)).join('\n')}\n`);
  }
}
