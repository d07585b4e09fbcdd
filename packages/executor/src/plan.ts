/**
 * Planning: from a selection to a TargetPlan — every selected target's key, derivation and
 * output, the targets it needs, and whether its output is in the store already. A plan is a
 * value: dry runs, shards, precise mode and `world nix show` read it; only buildPlan builds.
 *
 * A project whose fingerprint is in the cache index is planned without Nix. The others (and
 * any dependency the index does not know) are evaluated together by one `nix-instantiate`.
 */
import { WorldError, didYouMean, parseTargetId, targetId, type TargetId } from '@world/core';
import type { World, HeadSource } from '@world/discovery';
import type { ProjectGraph } from '@world/graph';
import { computeFingerprints, readSourceTree, HostDigests, type Fingerprints } from '@world/fingerprint';
import { validStorePaths, type PlanFiles, type TargetKind } from '@world/nix';
import { CacheIndex, readLastBuilds, type CacheEntry } from '@world/cache';
import { rebuildReason, type RebuildReason } from './rebuild-reason.js';
import { evaluateProjects, type SourceCounts } from './evaluation.js';
import type { BuildEvent } from './events.js';

/** What to run: whole projects (their targets of the wanted kinds) or single targets. */
export interface TargetSelection {
  project: string;
  /** A single target; undefined selects every target of `kinds`. */
  target?: string;
}

export interface PlanRequest {
  world: World;
  graph: ProjectGraph;
  source: HeadSource;
  selection: readonly TargetSelection[];
  kinds: readonly TargetKind[];
  /** Evaluate even when the cache index knows every target (`world nix show`). */
  alwaysEvaluate?: boolean;
  /** How many `nix-instantiate` may evaluate a large plan at once (default 1). */
  evalJobs?: number;
  onEvent?: (e: BuildEvent) => void;
}

export interface PlannedTarget {
  readonly id: TargetId;
  readonly project: string;
  readonly target: string;
  readonly kind: TargetKind;
  /** The project's fingerprint. */
  readonly key: string;
  readonly drv: string;
  readonly out: string;
  /** The targets whose outputs it links. */
  readonly needs: readonly TargetId[];
  /** Its output is a valid store path already: cached. */
  readonly inStore: boolean;
  /** When not in the store: what changed since its project's last build on this machine. */
  readonly reason?: RebuildReason;
}

export interface TargetPlan {
  /** The selected targets, sorted by id. */
  readonly targets: readonly PlannedTarget[];
  /** The selected targets and every target they need, transitively. */
  readonly closure: ReadonlyMap<TargetId, PlannedTarget>;
  /** Whether Nix evaluated (false: everything came from the cache index). */
  readonly evaluated: boolean;
  /** The generated expression, when one was written. */
  readonly files?: PlanFiles;
  /** When Nix evaluated: how many sources were added to the store, and how many were there already. */
  readonly sources?: SourceCounts;
}

export const planTargets = async (req: PlanRequest): Promise<TargetPlan> => {
  const { graph, world } = req;
  const emit = req.onEvent ?? (() => {});
  const projects = [...new Set(req.selection.map((s) => s.project))];

  emit({ type: 'phase', phase: 'fingerprint' });
  const tree = await readSourceTree(world.root.root, req.source);
  const fp = computeFingerprints(graph, tree, projects, new HostDigests());

  const index = new CacheIndex(world.root.sharedStateDir);
  const known = new Map<string, CacheEntry>();
  for (const [name, p] of fp.projects) {
    const entry = index.get(p.key, name);
    if (entry) known.set(name, entry);
  }
  const unknown = req.alwaysEvaluate ? projects : [...fp.projects.keys()].filter((p) => !known.has(p));
  let evaluation: Awaited<ReturnType<typeof evaluateProjects>> | undefined;
  if (unknown.length > 0) {
    evaluation = await evaluateProjects({ world, graph, fp, closure: graph.dependencyClosure(unknown), known, emit, ...(req.evalJobs ? { evalJobs: req.evalJobs } : {}) });
    for (const e of evaluation.entries) known.set(e.project, e);
    index.putAll(evaluation.entries);
  }

  const selected = selectTargets(req, known);
  const closure = closureOf(selected, known, fp);
  const valid = await validStorePaths([...closure.values()].map((t) => t.out));
  const planned = new Map<TargetId, PlannedTarget>();
  // Explanations only for what is not cached: a fully cached run reads nothing more.
  const missing = [...closure.values()].filter((t) => !valid.has(t.out));
  const reasons = new Map<TargetId, RebuildReason>();
  if (missing.length > 0) {
    const last = readLastBuilds(world.root.sharedStateDir);
    for (const t of missing) {
      const f = fp.projects.get(t.project)!;
      const before = last.get(t.id);
      reasons.set(t.id, rebuildReason(f.parts, f.key, before, before ? index.peek(before.key, t.project) : undefined));
    }
  }
  for (const [id, t] of closure) {
    const reason = reasons.get(id);
    planned.set(id, { ...t, inStore: valid.has(t.out), ...(valid.has(t.out) || !reason ? {} : { reason }) });
  }
  const targets = selected.sort().map((id) => planned.get(id)!);
  await evaluation?.cleanup;
  return {
    targets,
    closure: planned,
    evaluated: evaluation !== undefined,
    ...(evaluation ? { files: evaluation.files, sources: evaluation.sources } : {}),
  };
};

/** The requested target ids, checked against what the projects have. */
const selectTargets = (req: PlanRequest, known: ReadonlyMap<string, CacheEntry>): TargetId[] => {
  const out = new Set<TargetId>();
  for (const sel of req.selection) {
    const entry = known.get(sel.project)!;
    const names = Object.keys(entry.targets);
    if (sel.target !== undefined && !entry.targets[sel.target]) {
      throw new WorldError('UNKNOWN_TARGET', `project ${sel.project} has no target ${JSON.stringify(sel.target)}${didYouMean(sel.target, names)}`, {
        hint: names.length > 0 ? `its targets: ${names.join(', ')}` : 'it has no targets: give it modules (e.g. `modules: [command]`) in its project.yaml',
      });
    }
    for (const name of sel.target !== undefined ? [sel.target] : names) {
      if (sel.target === undefined && !req.kinds.includes(entry.targets[name]!.kind)) continue;
      out.add(targetId(sel.project, name));
    }
  }
  return [...out];
};

type Unchecked = Omit<PlannedTarget, 'inStore'>;

/** The selected targets and, transitively, the targets they need, from the projects' entries. */
const closureOf = (selected: readonly TargetId[], known: ReadonlyMap<string, CacheEntry>, fp: Fingerprints): Map<TargetId, Unchecked> => {
  const out = new Map<TargetId, Unchecked>();
  const stack = [...selected];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    const { project, target } = parseTargetId(id)!;
    const t = known.get(project)?.targets[target];
    if (!t) throw new WorldError('NIX_FAILED', `the plan names ${id}, which no evaluated project has`, { hint: 'run `world cache gc --older-than 0` and try again; this is a bug in world if it repeats' });
    out.set(id, { id, project, target, kind: t.kind, key: fp.projects.get(project)!.key, drv: t.drv, out: t.out, needs: t.needs });
    stack.push(...t.needs);
  }
  return out;
};

/** The plan narrowed to some of its targets (a shard, a precise selection); what they need stays known. */
export const narrowPlan = (plan: TargetPlan, ids: ReadonlySet<TargetId>): TargetPlan => ({
  ...plan,
  targets: plan.targets.filter((t) => ids.has(t.id)),
});
