/**
 * What `world build` and `world test` share: choose the projects (named, affected, or all;
 * with --precise only the targets whose derivations changed), run their targets of the
 * wanted kinds, report progress, push the outputs to the binary cache `nix.push` names, and
 * map failures to exit 1.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { ExitCode, WorldError } from '@world/core';
import { buildPlan, planTargets, type BuildEvent, type RunResult, type TargetSelection } from '@world/executor';
import { pushToBinaryCache, readBuildLog, readSigningKey, signingKeySource, type PushResult, type TargetKind } from '@world/nix';
import type { PreciseAffected } from '@world/precise';
import { OUTPUT_LOGS, pickReporter, type OutputLogs, type Reporter } from '@world/reporters';
import type { Action, FlagSpecs } from './flag-spec.js';
import { changeFlags, changeRequest } from './flags.js';
import { preciseAffectedFor, preciseJson } from './precise.js';
import { parseSelector } from './selector.js';
import { loadAffected, loadWorkspace, type Workspace } from './workspace.js';

export { parseSelector } from './selector.js';

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

/** A run's reporter: log paths point into this world's projects, and cached logs are replayed from Nix. */
export const reporterFor = (ws: Workspace, json: boolean, flags: { explain?: unknown; 'output-logs'?: unknown }): Reporter =>
  pickReporter({
    json,
    stream: process.stderr,
    explain: flags.explain === true,
    ...(typeof flags['output-logs'] === 'string' ? { outputLogs: flags['output-logs'] as OutputLogs } : {}),
    projectDirs: new Map([...ws.graph.projects.values()].map((p) => [p.name, p.dir])),
    fileExists: (path) => statSync(join(ws.root.root, path), { throwIfNoEntry: false })?.isFile() === true,
    readLog: readBuildLog,
  });

export const buildFlags = {
  affected: { type: 'boolean', summary: 'Only the projects affected by the change (see `world affected`).', default: false },
  precise: {
    type: 'boolean',
    summary: 'With --affected: only the targets whose Nix derivation differs from the base\'s (evaluates the base and the head).',
    default: false,
  },
  ...changeFlags,
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
  jobs: number | undefined;
  'eval-jobs'?: number;
  'keep-going': boolean;
  'dry-run': boolean;
  explain?: boolean;
  'output-logs'?: OutputLogs;
  /** Push to nix.push after the build (default true; only when nix.push is set). */
  push?: boolean;
}

export interface BuildCommandInput {
  cwd: string;
  argv: string[];
  flags: BuildFlagValues;
  json: boolean;
  kinds: readonly TargetKind[];
}

/** A run, what was pushed (null: no push), and the precise comparison when asked for. */
export interface BuildRunResult extends RunResult {
  pushed: PushResult | null;
  precise?: { result: PreciseAffected | undefined; fileBased: string[] };
}

/** Whether this run pushes; checks the signing key up front, so a bad credential fails before the build, not after. */
export const willPush = (ws: Workspace, flags: Pick<BuildFlagValues, 'push' | 'dry-run'>): boolean => {
  const nix = ws.world.config.nix;
  if (!nix.push || flags.push !== true || flags['dry-run']) return false;
  readSigningKey(signingKeySource(nix, ws.root.root));
  return true;
};

/** Copies the run's outputs (built or cached: valid store paths) to nix.push. */
export const pushRunOutputs = async (ws: Workspace, result: RunResult, json: boolean): Promise<PushResult> => {
  const paths = result.results.filter((t) => t.status === 'built' || t.status === 'cached').map((t) => t.out);
  const pushed = await pushToBinaryCache(paths, ws.world.config.nix, ws.root.root);
  if (!json && pushed.paths.length > 0) {
    process.stderr.write(`world: pushed ${pushed.paths.length} output${pushed.paths.length === 1 ? '' : 's'} (with their closures) to ${pushed.url}${pushed.signedBy ? `, signed by ${pushed.signedBy}` : ', unsigned'}\n`);
  }
  return pushed;
};

/** The precise targets a build runs: of the wanted kinds, or those the arguments name. */
const preciseSelection = (p: PreciseAffected, selectors: readonly TargetSelection[], kinds: readonly TargetKind[]): TargetSelection[] =>
  p.targets
    .filter((t) =>
      selectors.length === 0
        ? kinds.includes(t.kind)
        : selectors.some((s) => s.project === t.project && (s.target === undefined ? kinds.includes(t.kind) : s.target === t.target)),
    )
    .map((t) => ({ project: t.project, target: t.target }));

export const runBuildCommand = async (input: BuildCommandInput): Promise<{ ws: Workspace; result: BuildRunResult }> => {
  const { flags } = input;
  if (flags.precise && !flags.affected) {
    throw new WorldError('USAGE', '--precise narrows the affected set: it needs --affected', { hint: 'e.g. `world build --affected --precise --base origin/main`' });
  }
  let ws: Workspace;
  let projects: string[];
  let precise: BuildRunResult['precise'];
  let selection: TargetSelection[];
  if (flags.affected) {
    const r = await loadAffected(input.cwd, changeRequest({ ...flags }));
    ws = r;
    projects = r.affected.projects.map((p) => p.name);
    const selectors = input.argv.map((a) => parseSelector(ws.graph, a));
    if (flags.precise) {
      const p = await preciseAffectedFor(r);
      precise = { result: p, fileBased: projects };
      if (p) projects = p.projects;
      selection = p ? preciseSelection(p, selectors, input.kinds) : selectors.length > 0 ? selectors : projects.map((project) => ({ project }));
    } else selection = selectors.length > 0 ? selectors.filter((s) => projects.includes(s.project)) : projects.map((project) => ({ project }));
  } else {
    ws = await loadWorkspace(input.cwd, flags.head);
    projects = [...ws.graph.projects.keys()];
    selection = input.argv.length > 0 ? input.argv.map((a) => parseSelector(ws.graph, a)) : projects.map((project) => ({ project }));
  }
  const push = willPush(ws, flags);
  const reporter = reporterFor(ws, input.json, flags);
  const startedAt = Date.now();
  const onEvent = (e: BuildEvent) => reporter.onEvent(e);
  const plan = await planTargets({ world: ws.world, graph: ws.graph, source: ws.source, selection, kinds: input.kinds, evalJobs: flags['eval-jobs'] ?? defaultEvalJobs, onEvent });
  const run = await buildPlan(plan, { world: ws.world, jobs: flags.jobs, keepGoing: flags['keep-going'], dryRun: flags['dry-run'], onEvent, startedAt });
  await reporter.finish(run);
  const pushed = push ? await pushRunOutputs(ws, run, input.json) : null;
  return { ws, result: { ...run, pushed, ...(precise ? { precise } : {}) } };
};

/** The JSON shape of `world build --json` / `world test --json`. */
export const runResultJson = (result: RunResult & Partial<Pick<BuildRunResult, 'pushed' | 'precise'>>) => ({
  summary: result.summary,
  evaluated: result.evaluated,
  plan: result.plan?.nixFile ?? null,
  sources: result.sources ?? null,
  targets: result.results,
  nixErrors: result.nixErrors,
  warnings: result.warnings,
  pushed: result.pushed ?? null,
  ...(result.precise ? { precise: preciseJson(result.precise.result, result.precise.fileBased) } : {}),
});

/**
 * The exit status a run's verdict gives: 0 only when every target is cached or built; 1 when a
 * target failed (or was skipped, cancelled or not started because of one); 4 when Nix itself
 * failed and no target did.
 */
export const verdictExitCode = (result: RunResult): number => {
  const s = result.summary;
  if (s.ok) return ExitCode.ok;
  return s.failed === 0 && result.nixErrors.length > 0 ? ExitCode.environment : ExitCode.targetFailed;
};

/** `world build` and `world test`: the same run over different target kinds. */
export const targetsAction = (kinds: readonly TargetKind[]): Action => ({
  flags: buildFlags,
  args: [{ name: 'targets', description: 'PROJECT or PROJECT:TARGET (name or world path); default: every project', required: false, variadic: true }],
  async run(ctx, flags) {
    const { result } = await runBuildCommand({ cwd: ctx.cwd, argv: ctx.argv, flags: flags as unknown as BuildFlagValues, json: ctx.json, kinds });
    process.exitCode = verdictExitCode(result);
    return runResultJson(result);
  },
});
