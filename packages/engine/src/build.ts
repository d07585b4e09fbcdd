/**
 * `world build` and `world test` as one request: choose the targets (named, affected, or all;
 * with precise mode only those whose derivations changed), plan, build, push, record the run.
 */
import { ExitCode, WorldError } from '@world/core';
import { buildPlan, planTargets, prefetchPlan, type RunResult, type TargetSelection } from '@world/executor';
import type { PushResult, TargetKind } from '@world/nix';
import type { PreciseAffected } from '@world/precise';
import { notifier, type EngineHooks } from './hooks.js';
import { preciseAffectedFor } from './precise.js';
import { pushRunOutputs, willPush } from './push.js';
import { recordRun } from './history.js';
import { resolveSelection } from './selection.js';
import { loadAffected, loadWorkspace, type ChangeRequest, type Workspace } from './workspace.js';

export interface BuildRequest {
  cwd: string;
  /** Selectors (see selection.ts); none: the project of the current directory, else every project (or every affected one). */
  targets: readonly string[];
  /** Only projects with every one of these tags. */
  tags: readonly string[];
  kinds: readonly TargetKind[];
  /** Only what the change affects (see `change`). */
  affected: boolean;
  /** With `affected`: only the targets whose derivation differs from the base's. */
  precise: boolean;
  change: ChangeRequest;
  /** Nix's --max-jobs; undefined leaves nix.conf's. */
  jobs: number | undefined;
  evalJobs: number;
  keepGoing: boolean;
  dryRun: boolean;
  /** Push to nix.push afterwards (when world.yaml sets it). */
  push: boolean;
  /** What the run history calls it (`build`, `test`, `watch`). */
  command: string;
}

export interface BuildOutcome {
  workspace: Workspace;
  result: RunResult;
  /** null: nothing pushed (no nix.push, --no-push, or a dry run). */
  pushed: PushResult | null;
  /** With precise mode: its comparison (undefined when there was no base) and the file-based set it narrowed. */
  precise?: { result: PreciseAffected | undefined; fileBased: string[] };
  exitCode: number;
}

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

/** The precise targets a build runs: of the wanted kinds, or those the arguments name. */
const preciseSelection = (p: PreciseAffected, selectors: readonly TargetSelection[], kinds: readonly TargetKind[]): TargetSelection[] =>
  p.targets
    .filter((t) =>
      selectors.length === 0
        ? kinds.includes(t.kind)
        : selectors.some((s) => s.project === t.project && (s.target === undefined ? kinds.includes(t.kind) : s.target === t.target)),
    )
    .map((t) => ({ project: t.project, target: t.target }));

/** What to build: the workspace it was read from, the selection, and precise mode's verdict. */
const choose = async (req: BuildRequest, hooks: EngineHooks): Promise<{ ws: Workspace; selection: TargetSelection[]; precise?: BuildOutcome['precise']; base?: string; head?: string }> => {
  if (!req.affected) {
    if (req.change.base !== undefined) {
      throw new WorldError('USAGE', '--base compares against a base: it needs --affected', { hint: 'e.g. `world build --affected --base origin/main`' });
    }
    const ws = await loadWorkspace(req.cwd, req.change.head, hooks);
    const { selection, defaultedTo } = resolveSelection(ws.graph, ws.root.root, { args: req.targets, cwd: req.cwd, tags: req.tags });
    if (defaultedTo) notifier(hooks)({ level: 'info', message: `${defaultedTo}: the project of this directory (name projects, or run at the world's root, for others)` });
    return { ws, selection };
  }
  const r = await loadAffected(req.cwd, req.change, hooks);
  const projects = r.affected.projects.map((p) => p.name);
  // Without arguments, every affected project (not only the current directory's).
  const selectors = req.targets.length > 0 || req.tags.length > 0 ? resolveSelection(r.graph, r.root.root, { args: req.targets.length > 0 ? req.targets : [...r.graph.projects.keys()], cwd: req.cwd, tags: req.tags }).selection : [];
  const range = r.revisions ? { base: r.revisions.mergeBase, head: r.revisions.head.commit } : {};
  if (!req.precise) {
    const selection = selectors.length > 0 ? selectors.filter((s) => projects.includes(s.project)) : projects.map((project) => ({ project }));
    return { ws: r, selection, ...range };
  }
  const p = await preciseAffectedFor(r, hooks);
  const selection = p ? preciseSelection(p, selectors, req.kinds) : selectors.length > 0 ? selectors : projects.map((project) => ({ project }));
  return { ws: r, selection, precise: { result: p, fileBased: projects }, ...range };
};

export const runBuild = async (req: BuildRequest, hooks: EngineHooks = {}): Promise<BuildOutcome> => {
  if (req.precise && !req.affected) {
    throw new WorldError('USAGE', '--precise narrows the affected set: it needs --affected', { hint: 'e.g. `world build --affected --precise --base origin/main`' });
  }
  const startedAt = Date.now();
  hooks.onEvent?.({ type: 'phase', phase: 'discovery' });
  const chosen = choose(req, hooks);
  // choose() has started `git status`: planning's own reads fill the wait.
  const prefetched = prefetchPlan(req.cwd);
  const { ws, selection, precise, base, head } = await chosen;
  hooks.onWorkspace?.(ws);
  const push = willPush(ws, { push: req.push, dryRun: req.dryRun });
  const onEvent = hooks.onEvent ?? (() => {});
  const plan = await planTargets({ world: ws.world, graph: ws.graph, source: ws.source, selection, kinds: req.kinds, evalJobs: req.evalJobs, onEvent, ...(prefetched ? { prefetched } : {}) });
  if (plan.targets.length === 0 && selection.length > 0) {
    const names = [...new Set(selection.map((s) => s.project))];
    notifier(hooks)({
      level: 'warning',
      message: `${names.length === 1 ? names[0] : `${names.length} projects`} ha${names.length === 1 ? 's' : 've'} no ${req.kinds.join('/')} targets: nothing to run`,
      hint: '`world show <project>` lists a project\'s targets',
    });
  }
  const result = await buildPlan(plan, { world: ws.world, jobs: req.jobs, keepGoing: req.keepGoing, dryRun: req.dryRun, onEvent, startedAt });
  const pushed = push ? await pushRunOutputs(ws, result, hooks) : null;
  if (!req.dryRun) recordRun(ws.root, { command: req.command, startedAt, base: base ?? null, head: head ?? null, result });
  return { workspace: ws, result, pushed, ...(precise ? { precise } : {}), exitCode: verdictExitCode(result) };
};
