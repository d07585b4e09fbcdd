/** `world ci`: exactly what a change affects, built and tested, with reports for a merge queue. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveCiRevisions } from '@world/changes';
import { findWorldRoot } from '@world/discovery';
import { buildPlan, committedTimings, narrowPlan, planTargets, readTimingsFile, shardTargets, type RunResult, type ShardSpec } from '@world/executor';
import type { PushResult } from '@world/nix';
import { buildCiReport, prepareCiReports, writeCiReports, type CiReport, type WrittenReports } from '@world/reporters';
import { verdictExitCode } from './build.js';
import { notifier, type EngineHooks } from './hooks.js';
import { recordRun } from './history.js';
import { pushRunOutputs, willPush } from './push.js';
import { loadAffected, type ChangeRequest } from './workspace.js';

export interface CiRequest {
  cwd: string;
  base: string | undefined;
  head: string | undefined;
  reportDir: string;
  shard: ShardSpec | undefined;
  /** A report.json or timings file whose durations balance the shards. */
  timingsFile: string | undefined;
  allIfBaseMissing: boolean;
  jobs: number | undefined;
  evalJobs: number;
  keepGoing: boolean;
  push: boolean;
  /**
   * Plan only: resolve the revisions, the affected set, the plan and the shard, and say what
   * would be built and what is cached. Nothing is built or pushed, and no report is written —
   * a report.json of a run that built nothing must never read as a verdict.
   */
  dryRun: boolean;
}

export interface CiOutcome {
  result: RunResult;
  /** What the run found; in a dry run it is not written, and its verdict means nothing. */
  report: CiReport;
  /** null in a dry run. */
  files: WrittenReports | null;
  pushed: PushResult | null;
  exitCode: number;
}

/** The JUnit XML each test target wrote: in its output when it passed, kept from its log when it failed. */
const readJunit = (result: RunResult): Map<string, string> => {
  const junit = new Map<string, string>();
  for (const t of result.results) {
    if (t.kind !== 'test') continue;
    if (t.junit !== undefined) junit.set(t.id, t.junit);
    else if (t.status === 'cached' || t.status === 'built') {
      try {
        junit.set(t.id, readFileSync(join(t.out, 'junit.xml'), 'utf8'));
      } catch {
        /* it wrote none: one case for the target */
      }
    }
  }
  return junit;
};

export const runCi = async (req: CiRequest, hooks: EngineHooks = {}): Promise<CiOutcome> => {
  const notify = notifier(hooks);
  // Every bad flag, file or variable fails here, before any build.
  const givenTimings = req.timingsFile !== undefined ? readTimingsFile(req.timingsFile) : undefined;
  const root = findWorldRoot(req.cwd);
  if (!req.dryRun) prepareCiReports(req.reportDir);
  const revs = await resolveCiRevisions(root.root, { base: req.base, head: req.head });
  for (const w of revs.warnings) notify({ level: 'warning', message: w });
  if (revs.fetched.length > 0) notify({ level: 'info', message: `fetched missing history: ${revs.fetched.join('; ')}` });
  const change: ChangeRequest = { base: revs.base, head: revs.head, uncommitted: false, allIfBaseMissing: req.allIfBaseMissing };
  hooks.onEvent?.({ type: 'phase', phase: 'discovery' });
  const affected = await loadAffected(req.cwd, change, hooks);
  hooks.onWorkspace?.(affected);
  const { world, graph, source } = affected;
  // A missing signing key must fail before minutes of building, not after.
  const push = willPush(affected, { push: req.push, dryRun: req.dryRun });
  const kinds = ['build', 'test', 'lint', 'other'] as const;
  const onEvent = hooks.onEvent ?? (() => {});
  const startedAt = Date.now();
  const selection = affected.affected.projects.map((p) => ({ project: p.name }));
  let plan = await planTargets({ world, graph, source, selection, kinds, evalJobs: req.evalJobs, onEvent });
  if (req.shard) {
    // Every shard plans the whole change and keeps its share. Timings every runner of this
    // commit has, never this runner's own: or the shards disagree.
    const { timings, source: balancedBy } = givenTimings ?? (await committedTimings(root.root, affected.revisions?.head.commit ?? revs.head));
    const mine = shardTargets(plan.targets.map((t) => t.id), req.shard, timings);
    notify({ level: 'info', message: `shard ${req.shard.index}/${req.shard.count}: ${mine.length} of ${plan.targets.length} targets, balanced by ${balancedBy ?? 'count'}` });
    plan = narrowPlan(plan, new Set(mine));
  }
  const result = await buildPlan(plan, { world, jobs: req.jobs, keepGoing: req.keepGoing, dryRun: req.dryRun, onEvent, startedAt });
  const pushed = push ? await pushRunOutputs(affected, result, hooks) : null;
  const report = buildCiReport({
    world: world.config.name,
    base: affected.revisions ? { ref: affected.revisions.baseRef, mergeBase: affected.revisions.mergeBase } : null,
    head: affected.revisions ? { ref: change.head!, commit: affected.revisions.head.commit } : null,
    shard: req.shard ?? null,
    result,
    reasons: new Map(affected.affected.projects.map((p) => [p.name, p.reasons])),
    projectDirs: new Map([...graph.projects.values()].map((p) => [p.name, p.dir])),
  });
  if (req.dryRun) {
    const s = result.summary;
    notify({ level: 'info', message: `dry run: ${s.wouldBuild} would build, ${s.cached} cached; nothing built, no reports written` });
    return { result, report, files: null, pushed: null, exitCode: 0 };
  }
  const files = writeCiReports(req.reportDir, report, readJunit(result));
  notify({ level: 'info', message: `reports in ${req.reportDir}/ (report.json, junit.xml, summary.md)` });
  recordRun(root, { command: 'ci', startedAt, base: affected.revisions?.mergeBase ?? null, head: affected.revisions?.head.commit ?? null, result });
  return { result, report, files, pushed, exitCode: verdictExitCode(result) };
};
