/**
 * `world build` and `world test`: their flags, the engine request they make, the reporter that
 * renders the run, and the JSON they print. The work itself is the engine's (runBuild).
 */
import { statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { WorldError } from '@world/core';
import { runBuild, type BuildOutcome, type EngineHooks } from '@world/engine';
import type { BuildEvent } from '@world/executor';
import { readBuildLog, type TargetKind } from '@world/nix';
import { OUTPUT_LOGS, ProfileRecorder, pickReporter, withRepositoryPaths, type OutputLogs, type Reporter } from '@world/reporters';
import type { Action, FlagSpecs } from './flag-spec.js';
import { changeFlags, changeRequest } from './flags.js';
import { preciseJson } from './precise-output.js';

/** One evaluation per core, at most four: evaluation is CPU-bound and each process holds its own copy of the shared modules. */
const defaultEvalJobs = Math.min(4, availableParallelism());

/** How much of the builds' logs a run shows, as Turborepo's flag of the same name. */
export const outputLogsFlag = {
  type: 'string',
  summary:
    "Whose build logs to show: full (every target's, cached ones replayed), new-only (the targets built now), errors-only (failures'; the default) or none. Default on GitHub Actions: new-only, each folded.",
  options: OUTPUT_LOGS,
  helpValue: '<mode>',
} as const satisfies FlagSpecs[string];

/**
 * A run's reporter, and the engine hooks that feed it (and the --profile trace, when asked).
 * Paths in logs point at the projects' directories once the engine has read the world.
 */
export const reporterHooks = (json: boolean, flags: { explain?: unknown; 'output-logs'?: unknown }, profile?: ProfileRecorder): { reporter: Reporter; hooks: EngineHooks } => {
  let ws: Parameters<NonNullable<EngineHooks['onWorkspace']>>[0] | undefined;
  const reporter = pickReporter({
    json,
    stream: process.stderr,
    explain: flags.explain === true,
    ...(typeof flags['output-logs'] === 'string' ? { outputLogs: flags['output-logs'] as OutputLogs } : {}),
    projectDir: (project) => ws?.graph.projects.get(project)?.dir,
    fileExists: (path) => ws !== undefined && statSync(join(ws.root.root, path), { throwIfNoEntry: false })?.isFile() === true,
    readLog: readBuildLog,
  });
  const onEvent = (e: BuildEvent) => {
    profile?.onEvent(e);
    reporter.onEvent(e);
  };
  return { reporter, hooks: { onEvent, notify: (notice) => onEvent({ type: 'notice', notice }), onWorkspace: (w) => (ws = w) } };
};

export const buildFlags = {
  affected: { type: 'boolean', summary: 'Only the projects affected by the change (see `world affected`).', default: false },
  precise: {
    type: 'boolean',
    summary: 'With --affected: only the targets whose Nix derivation differs from the base\'s (evaluates the base and the head).',
    default: false,
  },
  ...changeFlags,
  tag: { type: 'string', multiple: true, summary: 'Only projects with this tag (repeat: every tag given).', helpValue: '<tag>' },
  jobs: {
    type: 'integer',
    char: 'j',
    summary: "How many derivations Nix builds at once on this machine (Nix's --max-jobs; default: nix.conf's max-jobs). 0 builds only on nix.builders.",
    min: 0,
  },
  'eval-jobs': {
    type: 'integer',
    summary: 'How many nix-instantiate processes evaluate a large plan (200+ projects) at once; each takes a slice of the projects.',
    default: defaultEvalJobs,
    min: 1,
  },
  'keep-going': { type: 'boolean', char: 'k', summary: 'Keep building other targets after a failure.', default: false },
  'dry-run': { type: 'boolean', char: 'n', summary: 'Show what would be built and what is cached; build nothing.', default: false },
  profile: { type: 'string', summary: 'Write a Chrome trace of the run (phases, each target on its build slot) to this file, for chrome://tracing or Perfetto.', helpValue: '<file>' },
  explain: { type: 'boolean', summary: 'Say for each target that is not cached what changed since its last build here (always in --json as `reason`).', default: false },
  'output-logs': outputLogsFlag,
  push: {
    type: 'boolean',
    summary: 'Copy the outputs to the binary cache nix.push names, signed with nix.signingKey (when nix.push is set); --no-push skips it.',
    default: true,
    allowNo: true,
  },
} satisfies FlagSpecs;

export interface BuildFlagValues {
  affected: boolean;
  precise?: boolean;
  base?: string | undefined;
  head?: string | undefined;
  uncommitted: boolean;
  'all-if-base-missing': boolean;
  tag?: string[];
  jobs: number | undefined;
  'eval-jobs'?: number;
  'keep-going': boolean;
  'dry-run': boolean;
  explain?: boolean;
  'output-logs'?: OutputLogs;
  profile?: string | undefined;
  /** Push to nix.push after the build (default true; only when nix.push is set). */
  push?: boolean;
}

export interface BuildCommandInput {
  cwd: string;
  argv: string[];
  flags: BuildFlagValues;
  json: boolean;
  kinds: readonly TargetKind[];
  /** The run history's name for it (default: `build`, or `test` for test targets). */
  command?: string;
}

/** Runs the engine's build with a reporter for this terminal (or none with --json). */
export const runBuildCommand = async (input: BuildCommandInput): Promise<BuildOutcome> => {
  const { flags } = input;
  const profile = flags.profile !== undefined ? new ProfileRecorder() : undefined;
  const { reporter, hooks } = reporterHooks(input.json, flags, profile);
  const outcome = await runBuild(
    {
      cwd: input.cwd,
      targets: input.argv,
      tags: flags.tag ?? [],
      kinds: input.kinds,
      affected: flags.affected,
      precise: flags.precise === true,
      change: changeRequest({ ...flags }),
      jobs: flags.jobs,
      evalJobs: flags['eval-jobs'] ?? defaultEvalJobs,
      keepGoing: flags['keep-going'],
      dryRun: flags['dry-run'],
      push: flags.push === true,
      command: input.command ?? (input.kinds.includes('test') ? 'test' : 'build'),
    },
    hooks,
  );
  await reporter.finish(outcome.result);
  if (profile) writeProfile(flags.profile!, profile);
  return outcome;
};

/** The trace file --profile asked for. */
export const writeProfile = (file: string, profile: ProfileRecorder): void => {
  try {
    writeFileSync(file, JSON.stringify(profile.trace()));
  } catch (e) {
    throw new WorldError('USAGE', `--profile ${file} cannot be written (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { hint: 'name a file in a directory that exists and that you can write' });
  }
};

/** The JSON shape of `world build --json` / `world test --json`. */
export const runResultJson = (outcome: Pick<BuildOutcome, 'result' | 'pushed' | 'precise' | 'workspace'>) => ({
  summary: outcome.result.summary,
  evaluated: outcome.result.evaluated,
  plan: outcome.result.plan?.nixFile ?? null,
  sources: outcome.result.sources ?? null,
  targets: withRepositoryPaths(outcome.result.results, (p) => outcome.workspace.graph.projects.get(p)?.dir),
  nixErrors: outcome.result.nixErrors,
  warnings: outcome.result.warnings,
  pushed: outcome.pushed ?? null,
  ...(outcome.precise ? { precise: preciseJson(outcome.precise.result, outcome.precise.fileBased) } : {}),
});

/** `world build` and `world test`: the same run over different target kinds. */
export const targetsAction = (kinds: readonly TargetKind[]): Action => ({
  flags: buildFlags,
  args: [
    {
      name: 'targets',
      description: 'PROJECT[:TARGET] by name or //world/path, a directory (., libs/money), a glob (pay*), NAME... (with its dependents) or ...NAME (with its dependencies); default: the project of the current directory, else every project',
      required: false,
      variadic: true,
    },
  ],
  async run(ctx, flags) {
    const outcome = await runBuildCommand({ cwd: ctx.cwd, argv: ctx.argv, flags: flags as unknown as BuildFlagValues, json: ctx.json, kinds });
    process.exitCode = outcome.exitCode;
    return runResultJson(outcome);
  },
});
