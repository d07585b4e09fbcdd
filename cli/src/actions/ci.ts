/** `world ci`: exactly what a change affects, built and tested, with reports for a merge queue. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveCiRevisions } from '@world/changes';
import { findWorldRoot } from '@world/discovery';
import { buildPlan, committedTimings, narrowPlan, parseShard, planTargets, readTimingsFile, shardTargets, type BuildEvent, type RunResult } from '@world/executor';
import { buildCiReport, prepareCiReports, writeCiReports } from '@world/reporters';
import { buildFlags, pushRunOutputs, reporterFor, verdictExitCode, willPush } from '../lib/build-run.js';
import type { Action } from '../lib/flag-spec.js';
import { loadAffected, type ChangeRequest } from '../lib/workspace.js';

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

const ci: Action = {
  flags: {
    base: { type: 'string', summary: 'Compare against the merge-base with this ref.', helpValue: '<ref>' },
    head: { type: 'string', summary: 'The revision to check (default: HEAD).', helpValue: '<ref>' },
    'report-dir': { type: 'string', summary: 'Where to write report.json, junit.xml and summary.md.', default: 'world-report', helpValue: '<dir>' },
    shard: { type: 'string', summary: 'Run only shard i of n (e.g. 2/4); shards split the plan without overlap.', helpValue: '<i/n>' },
    timings: { type: 'string', summary: "A previous run's report.json whose durations balance the shards (default: world-timings.json committed at the head, else by count).", helpValue: '<file>' },
    'all-if-base-missing': { type: 'boolean', summary: 'Treat every project as affected when the base cannot be resolved.', default: false },
    jobs: buildFlags.jobs,
    'eval-jobs': buildFlags['eval-jobs'],
    explain: buildFlags.explain,
    'output-logs': buildFlags['output-logs'],
    'keep-going': { type: 'boolean', char: 'k', summary: 'Keep going after a failure (default in CI).', default: true, allowNo: true },
    push: { type: 'boolean', summary: 'Copy the outputs to nix.push after the run (when world.yaml sets it).', default: true, allowNo: true },
  },
  args: [],
  async run(ctx, flags) {
    const base = flags.base as string | undefined;
    const head = flags.head as string | undefined;
    const reportDir = flags['report-dir'] as string;
    const shard = typeof flags.shard === 'string' ? parseShard(flags.shard) : undefined;
    // Every bad flag, file or variable fails here, before any build.
    const givenTimings = typeof flags.timings === 'string' ? readTimingsFile(flags.timings) : undefined;
    const root = findWorldRoot(ctx.cwd);
    prepareCiReports(reportDir);
    const revs = await resolveCiRevisions(root.root, { base, head });
    for (const w of revs.warnings) process.stderr.write(`world: warning: ${w}\n`);
    if (revs.fetched.length > 0 && !ctx.json) process.stderr.write(`world: fetched missing history: ${revs.fetched.join('; ')}\n`);
    const req: ChangeRequest = { base: revs.base, head: revs.head, uncommitted: false, allIfBaseMissing: flags['all-if-base-missing'] === true };
    const affected = await loadAffected(ctx.cwd, req);
    const { world, graph, source } = affected;
    // A missing signing key must fail before minutes of building, not after.
    const push = willPush(affected, { push: flags.push === true, 'dry-run': false });
    const kinds = ['build', 'test', 'lint', 'other'] as const;
    const reporter = reporterFor(affected, ctx.json, flags);
    const onEvent = (e: BuildEvent) => reporter.onEvent(e);
    const startedAt = Date.now();
    const selection = affected.affected.projects.map((p) => ({ project: p.name }));
    let plan = await planTargets({ world, graph, source, selection, kinds, evalJobs: flags['eval-jobs'] as number, onEvent });
    if (shard) {
      // Every shard plans the whole change and keeps its share. Timings every runner of this
      // commit has, never this runner's own: or the shards disagree.
      const { timings, source: balancedBy } = givenTimings ?? (await committedTimings(root.root, affected.revisions?.head.commit ?? revs.head));
      const mine = shardTargets(plan.targets.map((t) => t.id), shard, timings);
      if (!ctx.json) process.stderr.write(`world: shard ${shard.index}/${shard.count}: ${mine.length} of ${plan.targets.length} targets, balanced by ${balancedBy ?? 'count'}\n`);
      plan = narrowPlan(plan, new Set(mine));
    }
    const result: RunResult = await buildPlan(plan, {
      world, jobs: flags.jobs as number | undefined, keepGoing: flags['keep-going'] === true, dryRun: false, onEvent, startedAt,
    });
    await reporter.finish(result);
    const pushed = push ? await pushRunOutputs(affected, result, ctx.json) : null;
    const report = buildCiReport({
      world: world.config.name,
      base: affected.revisions ? { ref: affected.revisions.baseRef, mergeBase: affected.revisions.mergeBase } : null,
      head: affected.revisions ? { ref: req.head!, commit: affected.revisions.head.commit } : null,
      shard: shard ?? null,
      result,
      reasons: new Map(affected.affected.projects.map((p) => [p.name, p.reasons])),
    });
    const files = writeCiReports(reportDir, report, readJunit(result));
    if (!ctx.json) process.stderr.write(`world: reports in ${reportDir}/ (report.json, junit.xml, summary.md)\n`);
    process.exitCode = verdictExitCode(result);
    return { ...report, files, pushed };
  },
};
export default ci;
