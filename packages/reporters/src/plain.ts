/** One line per event, for CI logs and pipes. */
import { describeRebuild, type BuildEvent, type RunResult } from '@world/executor';
import { failureBlock, formatDuration, outcomeNote, summaryLine, type Reporter, type ReporterStream } from './reporter.js';
import { noticeLines } from './notice.js';

export class PlainReporter implements Reporter {
  constructor(
    private readonly out: ReporterStream,
    private readonly opts: { explain: boolean } = { explain: false },
  ) {}

  onEvent(e: BuildEvent): void {
    switch (e.type) {
      case 'phase':
        // Reading the world is quick and says nothing yet; an error there should stand alone.
        if (e.phase === 'discovery') break;
        this.out.write(`world: ${e.phase}${e.detail ? ` (${e.detail})` : ''}\n`);
        break;
      case 'planned':
        this.out.write(`world: ${e.total} targets: ${e.cached} cached, ${e.toBuild} to build\n`);
        break;
      case 'started':
        this.out.write(`  building ${e.id}${e.requested ? '' : ' (needed)'}\n`);
        break;
      case 'log':
        break;
      case 'finished': {
        const t = e.result;
        const time = t.durationMs !== undefined ? ` (${formatDuration(t.durationMs)})` : '';
        const what = t.status === 'built' && t.substituted ? 'fetched' : t.status;
        const note = t.status === 'failed' ? '' : outcomeNote(t);
        this.out.write(`  ${what.padEnd(11)} ${t.id}${e.requested ? '' : ' (needed)'}${time}${note ? ` — ${note}` : ''}\n`);
        if (this.opts.explain && t.reason && t.status !== 'cached') this.out.write(`              because: ${describeRebuild(t.reason)}\n`);
        break;
      }
      case 'warning':
        this.out.write(`world: warning: ${e.message}\n`);
        break;
      case 'nix-error':
        this.out.write(`world: nix: ${e.message}\n`);
        break;
      case 'notice':
        for (const line of noticeLines(e.notice)) this.out.write(`${line}\n`);
        break;
    }
  }

  finish(result: RunResult): void {
    for (const line of failureBlock(result)) this.out.write(`${line}\n`);
    this.out.write(`world: ${summaryLine(result)}\n`);
  }
}
