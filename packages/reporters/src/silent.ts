/** For --json: nothing on the terminal; the command prints the result as one JSON object. */
import type { Reporter } from './reporter.js';

export class SilentReporter implements Reporter {
  onEvent(): void {}
  finish(): void {}
}
