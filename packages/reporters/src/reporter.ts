/**
 * Reporters turn a run's events into output for a person or a machine. They are
 * interchangeable implementations of one interface; the CLI picks one for its terminal.
 */
import { describeCause, type BuildEvent, type RunResult, type TargetResult } from '@world/executor';
import type { LogPaths } from './log-paths.js';
import type { OutputLogs } from './output-logs.js';
import type { RunProgress } from './run-progress.js';
import type { Style } from './style.js';
export { noticeLines, printNotice } from './notice.js';

export interface Reporter {
  onEvent(e: BuildEvent): void;
  /** After the run: prints what is still to show (replayed logs, failures, the summary). */
  finish(result: RunResult): void | Promise<void>;
}

export interface ReporterStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** What every reporter that prints is told. */
export interface ReporterSettings {
  /** One line per target that is not cached, saying what changed since its last build. */
  explain: boolean;
  style: Style;
  outputLogs: OutputLogs;
  paths: LogPaths;
  /** The log Nix kept for a derivation (`--output-logs=full` replays cached targets' logs). */
  readLog?: (drv: string) => Promise<string | undefined>;
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

/** The run's longest builds, dependencies included; '' when it built nothing. */
export const slowestLine = (progress: RunProgress): string => {
  const slowest = progress.slowest(3);
  return slowest.length === 0 ? '' : `slowest: ${slowest.map((t) => `${t.id} ${formatDuration(t.ms)}`).join(', ')}`;
};

/** What a target that is not cached or built says about itself in one line. */
export const outcomeNote = (t: TargetResult): string => (t.cause ? describeCause(t.cause) : '');

/**
 * After a red run: each failure in a line (its log was shown when it failed, as
 * --output-logs says; `world log` has all of it), and what Nix itself said.
 */
export const failureRecap = (r: RunResult, style: Style): string[] => [
  ...r.results
    .filter((t) => t.status === 'failed')
    .map(
      (t) =>
        `${style.red('✗')} ${t.id} failed${t.durationMs !== undefined ? ` after ${formatDuration(t.durationMs)}` : ''}${t.cause ? `: ${describeCause(t.cause)}` : ''} — \`world log ${t.id}\` prints its log`,
    ),
  ...(r.nixErrors.length > 0 ? [`${style.red('✗')} Nix failed:`, ...r.nixErrors.flatMap((m) => m.split('\n')).map((l) => `    ${l}`)] : []),
];
