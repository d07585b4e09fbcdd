/**
 * For --json: stdout gets one JSON object (the command prints it); the terminal gets only
 * warnings — world's own and Nix's — on stderr, so none is lost in any output mode.
 */
import type { BuildEvent } from '@world/executor';
import { printNotice } from './notice.js';
import type { Reporter, ReporterStream } from './reporter.js';

export class SilentReporter implements Reporter {
  constructor(private readonly err?: ReporterStream) {}

  onEvent(e: BuildEvent): void {
    if (!this.err) return;
    if (e.type === 'notice' && e.notice.level === 'warning') printNotice(this.err, e.notice);
    else if (e.type === 'warning') printNotice(this.err, { level: 'warning', message: e.message });
  }

  finish(): void {}
}
