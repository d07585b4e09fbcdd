/** What a run reports as it goes: a typed union every reporter consumes. */
import type { TargetKind } from '@world/nix';

/** `project:target`. */
export type TargetId = string;

export type TargetStatus =
  /** Its output was already in the store. */
  | 'cached'
  /** Built (or fetched from a binary cache) by this run. */
  | 'built'
  | 'failed'
  /** Not attempted: something it needs failed. */
  | 'skipped'
  /** --dry-run: would be built. */
  | 'would-build';

export interface TargetResult {
  id: TargetId;
  project: string;
  target: string;
  kind: TargetKind;
  status: TargetStatus;
  /** The project's fingerprint. */
  key: string;
  drv: string;
  out: string;
  durationMs?: number;
  /** True when Nix fetched the output from a substituter instead of building it. */
  substituted?: boolean;
  /** The last lines of the build log, for failures. */
  logTail?: string[];
  /** For skipped targets: what failed that it needed. */
  reason?: string;
}

export type RunPhase = 'fingerprint' | 'sources' | 'evaluate' | 'build';

export type BuildEvent =
  | { type: 'phase'; phase: RunPhase; detail?: string }
  | { type: 'planned'; total: number; cached: number; toBuild: number; evaluated: boolean }
  | { type: 'started'; id: TargetId; drv: string; requested: boolean }
  | { type: 'log'; id: TargetId; line: string }
  | { type: 'finished'; result: TargetResult };

export interface RunSummary {
  total: number;
  cached: number;
  built: number;
  failed: number;
  skipped: number;
  wouldBuild: number;
  durationMs: number;
}

export const summarize = (results: readonly TargetResult[], durationMs: number): RunSummary => ({
  total: results.length,
  cached: results.filter((r) => r.status === 'cached').length,
  built: results.filter((r) => r.status === 'built').length,
  failed: results.filter((r) => r.status === 'failed').length,
  skipped: results.filter((r) => r.status === 'skipped').length,
  wouldBuild: results.filter((r) => r.status === 'would-build').length,
  durationMs,
});
