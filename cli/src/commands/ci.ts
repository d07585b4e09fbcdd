import { Flags } from '@oclif/core';
import { isMissingBase, fetchMissingHistory, revisionsFromGithubEvent } from '@world/changes';
import { findWorldRoot } from '@world/discovery';
import { readTimings } from '@world/cache';
import { parseShard, runTargets, splitIntoShards, type TargetSelection } from '@world/executor';
import { buildCiReport, pickReporter, writeCiReports } from '@world/reporters';
import { WorldCommand } from '../lib/base-command.js';
import { buildFlags, pushRunOutputs, willPush } from '../lib/build-run.js';
import { loadAffected, type AffectedResult, type ChangeRequest } from '../lib/workspace.js';
import { readJsonFile } from '@world/core';

export default class Ci extends WorldCommand<typeof Ci> {
  static override summary = 'Build and test exactly what a change affects; write reports for a merge queue.';
  static override description =
    'Compares --head (default: HEAD) with its merge-base with --base (default: the default branch); in GitHub Actions the base and head of ' +
    'pull_request and merge_group events are read from GITHUB_EVENT_PATH. A shallow clone is deepened from its remote as needed. ' +
    'Every affected target (build, test, lint, …) is run; --report-dir gets report.json, junit.xml and summary.md (also appended to ' +
    '$GITHUB_STEP_SUMMARY). Exit 0 when all pass, 1 when any target fails, 2 on bad usage or config.';
  static override examples = [
    '<%= config.bin %> ci --base origin/main --head HEAD --report-dir reports',
    '<%= config.bin %> ci --shard 2/4 --timings previous/report.json',
    'GITHUB_EVENT_NAME=merge_group GITHUB_EVENT_PATH=event.json <%= config.bin %> ci',
  ];
  static override flags = {
    base: Flags.string({ summary: 'Compare against the merge-base with this ref.', helpValue: '<ref>' }),
    head: Flags.string({ summary: 'The revision to check (default: HEAD).', helpValue: '<ref>' }),
    'report-dir': Flags.string({ summary: 'Where to write report.json, junit.xml and summary.md.', default: 'world-report', helpValue: '<dir>' }),
    shard: Flags.string({ summary: 'Run only shard i of n (e.g. 2/4); shards split the plan without overlap.', helpValue: '<i/n>' }),
    timings: Flags.string({ summary: "A previous run's report.json whose durations balance the shards (default: this repository's recorded timings).", helpValue: '<file>' }),
    'all-if-base-missing': Flags.boolean({ summary: 'Treat every project as affected when the base cannot be resolved.', default: false }),
    jobs: Flags.integer({ char: 'j', summary: buildFlags.jobs.summary, default: buildFlags.jobs.default, min: buildFlags.jobs.min }),
    'keep-going': Flags.boolean({ char: 'k', summary: 'Keep going after a failure (default in CI).', default: true, allowNo: true }),
    push: Flags.boolean({ summary: 'Copy the outputs to nix.push after the run (when world.yaml sets it).', default: true, allowNo: true }),
  };

  async run() {
    const { flags } = this;
    const shard = flags.shard ? parseShard(flags.shard) : undefined;
    const event = flags.base || flags.head ? undefined : revisionsFromGithubEvent();
    const req: ChangeRequest = {
      base: flags.base ?? event?.base,
      head: flags.head ?? event?.head ?? 'HEAD',
      uncommitted: false,
      allIfBaseMissing: flags['all-if-base-missing'],
    };
    const affected = await this.loadWithHistory(req);
    const { world, graph, source } = affected;
    // A missing signing key must fail before minutes of building, not after.
    const push = willPush(affected, { push: flags.push, 'dry-run': false });
    const kinds = ['build', 'test', 'lint', 'other'] as const;
    const reporter = pickReporter({ json: this.jsonEnabled(), stream: process.stderr });
    let selection: TargetSelection[] = affected.affected.projects.map((p) => ({ project: p.name }));
    if (shard) {
      // Every shard plans the whole change (cheap: evaluation is cached) and keeps its share.
      const plan = await runTargets({ world, graph, source, selection, kinds, jobs: 1, keepGoing: true, dryRun: true });
      const timings = flags.timings ? timingsFromReport(flags.timings) : readTimings(world.root.sharedStateDir);
      const mine = splitIntoShards(plan.results.map((t) => t.id), shard.count, timings)[shard.index - 1]!;
      selection = mine.map((id) => {
        const colon = id.lastIndexOf(':');
        return { project: id.slice(0, colon), target: id.slice(colon + 1) };
      });
    }
    const result = await runTargets({
      world, graph, source, selection, kinds,
      jobs: flags.jobs as number, keepGoing: flags['keep-going'], dryRun: false,
      onEvent: (e) => reporter.onEvent(e),
    });
    reporter.finish(result);
    const pushed = push ? await pushRunOutputs(affected, result, this.jsonEnabled()) : null;
    const report = buildCiReport({
      world: world.config.name,
      base: affected.revisions ? { ref: affected.revisions.baseRef, mergeBase: affected.revisions.mergeBase } : null,
      head: affected.revisions ? { ref: req.head!, commit: affected.revisions.head.commit } : null,
      shard: shard ?? null,
      result,
      reasons: new Map(affected.affected.projects.map((p) => [p.name, p.reasons])),
    });
    const files = writeCiReports(flags['report-dir'], report);
    if (!this.jsonEnabled()) process.stderr.write(`world: reports in ${flags['report-dir']}/ (report.json, junit.xml, summary.md)\n`);
    if (result.summary.failed > 0) process.exitCode = 1;
    return { ...report, files, pushed };
  }

  /** Resolves the revisions, fetching missing history from the remote once when the clone is too shallow. */
  private async loadWithHistory(req: ChangeRequest): Promise<AffectedResult> {
    try {
      return await loadAffected(this.cwd, { ...req, allIfBaseMissing: false });
    } catch (e) {
      if (!isMissingBase(e)) throw e;
      const root = findWorldRoot(this.cwd);
      const fetched = req.base ? await fetchMissingHistory(root, req.base, req.head!) : undefined;
      if (!fetched) return loadAffected(this.cwd, req); // no remote: report the original error (or --all-if-base-missing)
      if (!this.jsonEnabled()) process.stderr.write(`world: fetched missing history: ${fetched.commands.join('; ')}\n`);
      return loadAffected(this.cwd, { ...req, base: fetched.base });
    }
  }
}

const timingsFromReport = (file: string): Record<string, number> => {
  const report = readJsonFile<{ targets?: { id: string; durationMs: number | null }[] }>(file);
  return Object.fromEntries((report?.targets ?? []).filter((t) => t.durationMs !== null).map((t) => [t.id, t.durationMs!]));
};
