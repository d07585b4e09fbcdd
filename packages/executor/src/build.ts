/**
 * Building a plan: one `nix-store --realise` for every selected target whose output is not in
 * the store, its structured log turned into each target's fate as it streams (RunTracker),
 * the verdict from the outputs Nix leaves. Cached targets are reported without running Nix.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { stateLayout } from '@world/core';
import type { World } from '@world/discovery';
import { realise, validStorePaths, type PlanFiles } from '@world/nix';
import { GcRoots, recordLastBuilds } from '@world/cache';
import { summarize, type BuildEvent, type RunSummary, type TargetResult } from './events.js';
import type { SourceCounts } from './evaluation.js';
import type { TargetPlan } from './plan.js';
import { RunTracker } from './run-tracker.js';

export interface BuildOptions {
  world: World;
  /** Nix's --max-jobs; undefined leaves nix.conf's setting alone (0: remote builders only). */
  jobs: number | undefined;
  keepGoing: boolean;
  dryRun: boolean;
  onEvent?: (e: BuildEvent) => void;
  /** When the run began (before planning), for its duration; default: now. */
  startedAt?: number;
}

export interface RunResult {
  results: TargetResult[];
  summary: RunSummary;
  /** Whether Nix evaluated anything (false: everything came from the cache index). */
  evaluated: boolean;
  /** The generated expression, when one was written. */
  plan?: PlanFiles;
  /** When Nix evaluated: how many sources were added to the store, and how many were there already. */
  sources?: SourceCounts;
  /** What Nix said that is no target's own failure (a malformed builder, a store it cannot reach). */
  nixErrors: string[];
  /** Nix's warnings during the build (a substitute refused, a builder skipped). */
  warnings: string[];
}

/** Where world keeps the logs of builds Nix keeps none of (cancelled) or that it shows stripped. */
export const logFileOf = (world: World, drv: string): string => join(stateLayout(world.root).logs, `${basename(drv, '.drv')}.log`);

export const buildPlan = async (plan: TargetPlan, opts: BuildOptions): Promise<RunResult> => {
  const started = opts.startedAt ?? Date.now();
  const emit = opts.onEvent ?? (() => {});
  const toBuild = plan.targets.filter((t) => !t.inStore);
  const cached = plan.targets.filter((t) => t.inStore);
  emit({ type: 'planned', total: plan.targets.length, cached: cached.length, toBuild: toBuild.length, evaluated: plan.evaluated });
  const cachedResults: TargetResult[] = cached.map((t) => ({ id: t.id, project: t.project, target: t.target, kind: t.kind, status: 'cached', key: t.key, drv: t.drv, out: t.out }));
  for (const result of cachedResults) emit({ type: 'finished', requested: true, result });

  let results: TargetResult[];
  let nixErrors: string[] = [];
  let warnings: string[] = [];
  if (opts.dryRun || toBuild.length === 0) {
    const wouldBuild = toBuild.map((t): TargetResult => ({ id: t.id, project: t.project, target: t.target, kind: t.kind, status: 'would-build', key: t.key, drv: t.drv, out: t.out, ...(t.reason ? { reason: t.reason } : {}) }));
    for (const result of wouldBuild) emit({ type: 'finished', requested: true, result });
    results = [...cachedResults, ...wouldBuild];
  } else {
    emit({ type: 'phase', phase: 'build', detail: `${toBuild.length} targets` });
    const tracker = new RunTracker(plan, { keepGoing: opts.keepGoing, now: Date.now, emit });
    const { exitCode } = await realise(toBuild.map((t) => t.drv), opts.world.config.nix, {
      jobs: opts.jobs,
      keepGoing: opts.keepGoing,
      onEvent: (e) => tracker.onNix(e),
    });
    const pending = [...plan.closure.values()].filter((t) => !t.inStore).map((t) => t.out);
    const tracked = tracker.finish(await validStorePaths(pending), exitCode);
    results = tracked.results;
    nixErrors = tracked.nixErrors;
    warnings = tracked.warnings;
    writeLogs(opts.world, tracked.logs);
    recordLastBuilds(opts.world.root.sharedStateDir, tracked.built);
  }
  new GcRoots(opts.world.root.sharedStateDir).addAll(results.filter((t) => t.status === 'cached' || t.status === 'built').map((t) => t.out));
  results.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    results,
    summary: summarize(results, Date.now() - started),
    evaluated: plan.evaluated,
    ...(plan.files ? { plan: plan.files } : {}),
    ...(plan.sources ? { sources: plan.sources } : {}),
    nixErrors,
    warnings,
  };
};

const writeLogs = (world: World, logs: ReadonlyMap<string, string>): void => {
  for (const [drv, text] of logs) {
    try {
      const file = logFileOf(world, drv);
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, text);
    } catch {
      /* a read-only state directory: `world log` falls back to Nix's log */
    }
  }
};
