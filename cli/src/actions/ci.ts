/** `world ci`: parse the flags, run the engine's ci, render it; report.json is the JSON result. */
import { runCi } from '@world/engine';
import { parseShard } from '@world/executor';
import { ProfileRecorder } from '@world/reporters';
import { buildFlags, reporterHooks, writeProfile } from '../lib/build-run.js';
import type { Action } from '../lib/flag-spec.js';

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
    profile: buildFlags.profile,
    'keep-going': { type: 'boolean', char: 'k', summary: 'Keep going after a failure (default in CI).', default: true, allowNo: true },
    push: { type: 'boolean', summary: 'Copy the outputs to nix.push after the run (when world.yaml sets it).', default: true, allowNo: true },
    'dry-run': {
      type: 'boolean',
      char: 'n',
      summary: 'Resolve the revisions, the affected set, the plan and the shard; say what would be built and what is cached. Builds, pushes and writes nothing.',
      default: false,
    },
  },
  args: [],
  async run(ctx, flags) {
    const profile = typeof flags.profile === 'string' ? new ProfileRecorder() : undefined;
    const { reporter, hooks } = reporterHooks(ctx.json, flags, profile);
    const outcome = await runCi(
      {
        cwd: ctx.cwd,
        base: flags.base as string | undefined,
        head: flags.head as string | undefined,
        reportDir: flags['report-dir'] as string,
        shard: typeof flags.shard === 'string' ? parseShard(flags.shard) : undefined,
        timingsFile: typeof flags.timings === 'string' ? flags.timings : undefined,
        allIfBaseMissing: flags['all-if-base-missing'] === true,
        jobs: flags.jobs as number | undefined,
        evalJobs: flags['eval-jobs'] as number,
        keepGoing: flags['keep-going'] === true,
        push: flags.push === true,
        dryRun: flags['dry-run'] === true,
      },
      hooks,
    );
    await reporter.finish(outcome.result);
    if (profile) writeProfile(flags.profile as string, profile);
    process.exitCode = outcome.exitCode;
    if (outcome.files === null) {
      // A plan, not a verdict: no `verdict` or `summary.ok` a script could mistake for a pass.
      const { verdict, summary, ...plan } = outcome.report;
      const { ok, ...counts } = summary;
      return { dryRun: true, ...plan, summary: counts, files: null, pushed: null };
    }
    return { dryRun: false, ...outcome.report, files: outcome.files, pushed: outcome.pushed };
  },
};
export default ci;
