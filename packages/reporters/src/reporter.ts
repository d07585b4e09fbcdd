/**
 * Reporters turn a run's events into output for a person or a machine. They are
 * interchangeable implementations of one interface; the CLI picks one for its terminal.
 */
import { describeCause, type BuildEvent, type RunResult, type TargetResult } from '@world/executor';
export { noticeLines, printNotice } from './notice.js';

export interface Reporter {
  onEvent(e: BuildEvent): void;
  /** After the run; prints the summary (and failures' log tails). */
  finish(result: RunResult): void;
}

export interface ReporterStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export const formatDuration = (ms: number): string =>
  ms < 1000 ? `${ms} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;

export const summaryLine = (r: RunResult): string => {
  const s = r.summary;
  const parts = [`${s.total} targets`, `${s.cached} cached`, `${s.built} built`];
  if (s.failed) parts.push(`${s.failed} failed`);
  if (s.skipped) parts.push(`${s.skipped} skipped`);
  if (s.cancelled) parts.push(`${s.cancelled} cancelled`);
  if (s.notStarted) parts.push(`${s.notStarted} not started`);
  if (s.wouldBuild) parts.push(`${s.wouldBuild} to build`);
  return `${parts.join(', ')} in ${formatDuration(s.durationMs)}${r.evaluated ? '' : ' (no evaluation needed)'}`;
};

/** What a target that is not cached or built says about itself in one line. */
export const outcomeNote = (t: TargetResult): string => (t.cause ? describeCause(t.cause) : '');

/** After a red run: each failure with the end of its log, and what Nix itself said. */
export const failureBlock = (r: RunResult): string[] => [
  ...r.results
    .filter((t) => t.status === 'failed')
    .flatMap((t) => [
      `✗ ${t.id} failed${t.durationMs !== undefined ? ` after ${formatDuration(t.durationMs)}` : ''} — last lines of its log (\`world log ${t.id}\` for all):`,
      ...(t.logTail ?? []).map((l) => `    ${l}`),
    ]),
  ...(r.nixErrors.length > 0 ? ['✗ Nix failed:', ...r.nixErrors.flatMap((m) => m.split('\n')).map((l) => `    ${l}`)] : []),
];
