/**
 * One line per event, for CI logs and pipes: each line is written the moment its event
 * happens (a target's `built` line when its builder ends, not when the run does), and logs
 * as --output-logs says, each line prefixed by its target's id.
 */
import { describeRebuild, type BuildEvent, type Notice, type RunResult, type TargetResult } from '@world/executor';
import { noticeLines } from './notice.js';
import { PrefixedLayout, TargetLogView, type LogLayout } from './output-logs.js';
import { failureRecap, formatDuration, outcomeNote, slowestLine, summaryLine, type Reporter, type ReporterSettings, type ReporterStream } from './reporter.js';
import { RunProgress } from './run-progress.js';

export class PlainReporter implements Reporter {
  protected readonly progress = new RunProgress();
  protected readonly logs: TargetLogView;

  constructor(
    protected readonly out: ReporterStream,
    protected readonly s: ReporterSettings,
    layout: LogLayout = new PrefixedLayout(s.style),
  ) {
    this.logs = new TargetLogView({
      mode: s.outputLogs,
      style: s.style,
      paths: s.paths,
      layout,
      print: (lines) => this.print(lines),
      ...(s.readLog ? { readLog: s.readLog } : {}),
    });
  }

  protected print(lines: readonly string[]): void {
    if (lines.length > 0) this.out.write(lines.map((l) => `${l}\n`).join(''));
  }

  /** A target's line in the report: `  built       web:build (1.2 s)`. */
  protected headline(t: TargetResult, requested: boolean): string {
    const time = t.durationMs !== undefined ? ` (${formatDuration(t.durationMs)})` : '';
    const what = t.status === 'built' && t.substituted ? 'fetched' : t.status;
    const word = what.padEnd(11);
    const coloured = t.status === 'built' ? this.s.style.green(word) : t.status === 'failed' ? this.s.style.red(word) : t.status === 'cached' ? word : this.s.style.yellow(word);
    const note = t.status === 'failed' ? '' : outcomeNote(t);
    return `  ${coloured} ${t.id}${requested ? '' : ' (needed)'}${time}${note ? ` — ${note}` : ''}`;
  }

  protected warning(message: string): void {
    this.print([`world: warning: ${message}`]);
  }

  protected nixError(message: string): void {
    this.print([`world: nix: ${message}`]);
  }

  protected notice(n: Notice): void {
    this.print(noticeLines(n));
  }

  onEvent(e: BuildEvent): void {
    this.progress.onEvent(e);
    switch (e.type) {
      case 'phase':
        // Reading the world is quick and says nothing yet; an error there should stand alone.
        if (e.phase !== 'discovery') this.print([`world: ${e.phase}${e.detail ? ` (${e.detail})` : ''}`]);
        return;
      case 'planned':
        this.print([`world: ${e.total} targets: ${e.cached} cached, ${e.toBuild} to build`]);
        return;
      case 'started':
        this.logs.started(e.id, e.drv);
        this.print([`  building ${e.id}${e.requested ? '' : ' (needed)'}${e.machine ? ` on ${e.machine}` : ''}`]);
        return;
      case 'log':
        this.logs.log(e.id, e.line);
        return;
      case 'finished': {
        const t = e.result;
        this.logs.finished(t, this.headline(t, e.requested));
        if (this.s.explain && t.reason && t.status !== 'cached') this.print([`              because: ${describeRebuild(t.reason)}`]);
        return;
      }
      case 'warning':
        this.warning(e.message);
        return;
      case 'nix-error':
        this.nixError(e.message);
        return;
      case 'notice':
        this.notice(e.notice);
        return;
    }
  }

  async finish(result: RunResult): Promise<void> {
    await this.logs.settled();
    const slowest = slowestLine(this.progress);
    this.print([...failureRecap(result, this.s.style), `world: ${summaryLine(result)}`, ...(slowest ? [`world: ${slowest}`] : [])]);
  }
}
