/** What a run reports as it goes, and what it ends with: typed unions every reporter consumes. */
import type { TargetId } from '@world/core';
import type { TargetKind } from '@world/nix';
import type { RebuildReason } from './rebuild-reason.js';

export type { TargetId } from '@world/core';

export type TargetStatus =
  /** Its output was already in the store. */
  | 'cached'
  /** Built (or fetched from a binary cache) by this run. */
  | 'built'
  /** Its own builder failed. */
  | 'failed'
  /** Never attempted: something in its own closure failed. */
  | 'skipped'
  /** Never started: the run stopped first (a failure without --keep-going, or Nix itself failed). */
  | 'not-started'
  /** It was building when the run stopped because another target failed (without --keep-going). */
  | 'cancelled'
  /** --dry-run: would be built. */
  | 'would-build';

/** Why a target is not cached or built: one reason each, with the facts behind it. */
export type TargetCause =
  | { reason: 'builder-failed'; message: string }
  | { reason: 'dependency-failed'; /** The failed targets in its own closure. */ failed: TargetId[] }
  | { reason: 'stopped-after-failure'; /** What failed first; --keep-going builds on past it. */ failed: TargetId[] }
  | { reason: 'nix-error'; message: string };

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
  /** From its builder's start to its builder's last line. */
  durationMs?: number;
  /** True when Nix fetched the output from a substituter instead of building it. */
  substituted?: boolean;
  /** The remote builder it ran on, when not this machine. */
  machine?: string;
  /** The last lines of its build log, for targets that ran and did not succeed. */
  logTail?: string[];
  /** Set for every status but cached, built and would-build. */
  cause?: TargetCause;
  /** JUnit XML a failed test target wrote before Nix discarded its output. */
  junit?: string;
  /** For every target that was not cached: what changed since its last build on this machine. */
  reason?: RebuildReason;
}

export type RunPhase = 'discovery' | 'fingerprint' | 'sources' | 'evaluate' | 'build';

export type BuildEvent =
  | { type: 'phase'; phase: RunPhase; detail?: string }
  | { type: 'planned'; total: number; cached: number; toBuild: number; evaluated: boolean }
  | { type: 'started'; id: TargetId; drv: string; requested: boolean; machine: string }
  | { type: 'log'; id: TargetId; line: string }
  /** `requested`: one of the plan's targets (not only needed by one), which counts in totals. */
  | { type: 'finished'; requested: boolean; result: TargetResult }
  /** Something Nix (or world) wants the user to know that is not a target's fate: an untrusted cache, an unreachable builder. */
  | { type: 'warning'; message: string }
  /** Nix failed as a whole (not a builder): the message is Nix's own. */
  | { type: 'nix-error'; message: string }
  /** Something world itself wants the user to know (a fetched history, a push, a drifted checkout). */
  | { type: 'notice'; notice: Notice };

/** A warning or a piece of information from world, rendered by whichever reporter is active. */
export interface Notice {
  level: 'warning' | 'info';
  message: string;
  code?: string;
  hint?: string;
}

export interface RunSummary {
  total: number;
  cached: number;
  built: number;
  failed: number;
  skipped: number;
  notStarted: number;
  cancelled: number;
  wouldBuild: number;
  durationMs: number;
  /**
   * The verdict: true only when every target is cached or built (or, in a dry run, would be
   * built). Anything else — a failure, a skip, a target never started — is red.
   */
  ok: boolean;
}

export const summarize = (results: readonly TargetResult[], durationMs: number): RunSummary => {
  const count = (s: TargetStatus) => results.filter((r) => r.status === s).length;
  const summary = {
    total: results.length,
    cached: count('cached'),
    built: count('built'),
    failed: count('failed'),
    skipped: count('skipped'),
    notStarted: count('not-started'),
    cancelled: count('cancelled'),
    wouldBuild: count('would-build'),
    durationMs,
  };
  return { ...summary, ok: summary.cached + summary.built + summary.wouldBuild === summary.total };
};

/** A cause in a sentence, for people. */
export const describeCause = (cause: TargetCause): string => {
  switch (cause.reason) {
    case 'builder-failed':
      return cause.message;
    case 'dependency-failed':
      return `needs ${cause.failed.join(', ')}, which failed`;
    case 'stopped-after-failure':
      return `the run stopped when ${cause.failed.join(', ')} failed (--keep-going builds the rest)`;
    case 'nix-error':
      // The message itself is shown once for the run, not once per target.
      return 'Nix failed before building it';
  }
};
