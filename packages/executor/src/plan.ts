/**
 * Planning: from a selection to a TargetPlan — every selected target's key, derivation and
 * output, the targets it needs, and whether its output is in the store already. A plan is a
 * value: dry runs, shards, precise mode and `world nix show` read it; only buildPlan builds.
 *
 * A project whose fingerprint is in the cache index is planned without Nix. The others (and
 * any dependency the index does not know) are evaluated together by one `nix-instantiate`.
 */
import { WorldError, didYouMean, parseTargetId, promisorRemote, targetId, traceStep, type TargetId } from '@world/core';
import { findWorldRoot, type HeadSource, type World, type WorldRoot } from '@world/discovery';
import type { ProjectGraph } from '@world/graph';
import { computeFingerprints, FingerprintMemo, hostInputs, HostDigests, memoKey, readMemoHead, readSourceTree } from '@world/fingerprint';
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
  /** What this run started before its workspace was read (prefetchPlan). */
  prefetched?: PlanPrefetch;
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
  const { index, packed, early, memo, hostDigests } = req.prefetched?.root.stateDir === world.root.stateDir ? req.prefetched : startPlan(world.root);
  const valid = (outs: readonly string[]) => validOutputs(outs, new Set(packed), early);

  const host = timed('host tools', () => hostInputs(graph, hostDigests));
  const head = readMemoHead(world, req.source);
  const key = head ? memoKey(graph, host, head) : undefined;
  if (key !== undefined && !req.alwaysEvaluate) {
    const keys = timed('fingerprint memo', () => memo.get(key, graph.dependencyClosure(projects)));
    const plan = keys ? await cachedPlan(req, index, keys, valid) : undefined;
    if (plan) return plan;
  }
  // Sources that must be staged are read from git, after asking whether this is a partial
  // clone (a git process): ask now, while the keys are computed.
  promisorRemote(world.root.root).catch(() => undefined);
  const tree = await timed('source tree', () => readSourceTree(world.root.root, req.source, head?.dirty));
  const fp = timed('fingerprints', () => computeFingerprints(graph, tree, projects, host));
  if (key !== undefined) memo.put(key, fp);

  const known = timed('cache index', () => {
    const out = new Map<string, CacheEntry>();
    for (const [name, p] of fp.projects) {
      const entry = index.get(p.key, name);
      if (entry) out.set(name, entry);
    }
    return out;
  });
  const unknown = req.alwaysEvaluate ? projects : [...fp.projects.keys()].filter((p) => !known.has(p));
  let evaluation: Awaited<ReturnType<typeof evaluateProjects>> | undefined;
  if (unknown.length > 0) {
    evaluation = await timed('evaluation', () => evaluateProjects({ world, graph, fp, closure: graph.dependencyClosure(unknown), known, emit, ...(req.evalJobs ? { evalJobs: req.evalJobs } : {}) }));
    // Evaluation also yields the entries of the dependencies it needed, known ones included
    // (the same facts: equal keys, equal derivations): only the new ones are written.
    index.putAll(evaluation.entries.filter((e) => !known.has(e.project)));
    for (const e of evaluation.entries) known.set(e.project, e);
  }

  const selected = selectTargets(req, known);
  const closure = closureOf(selected, known, (p) => fp.projects.get(p)!.key);
  index.savePack();
  const inStore = await timed('store validity', () => valid([...closure.values()].map((t) => t.out)));
  const planned = new Map<TargetId, PlannedTarget>();
  // Explanations only for what is not cached: a fully cached run reads nothing more.
  const missing = [...closure.values()].filter((t) => !inStore.has(t.out));
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
    planned.set(id, { ...t, inStore: inStore.has(t.out), ...(inStore.has(t.out) || !reason ? {} : { reason }) });
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

/** What planning starts with; prefetchPlan starts it while git reads the working tree. */
export interface PlanPrefetch {
  root: WorldRoot;
  index: CacheIndex;
  /** The outputs of the cache index's pack, and Nix's answer about them, asked early. */
  packed: string[];
  early: Promise<Set<string>>;
  memo: FingerprintMemo;
  /** Host tool digests, those of the last run's hostPath read already. */
  hostDigests: HostDigests;
}

const startPlan = (root: WorldRoot): PlanPrefetch => {
  const index = new CacheIndex(root.sharedStateDir);
  // A run like the last one asks Nix about the same outputs: ask now, while the keys are
  // computed, instead of after (Nix answers for this moment either way).
  const packed = index.packedOutputs();
  const early = validStorePaths(packed);
  early.catch(() => undefined); // awaited when planning; a failure meanwhile must not be unhandled
  return { root, index, packed, early, memo: new FingerprintMemo(root.stateDir), hostDigests: new HostDigests() };
};

/**
 * Starts what planning in `cwd`'s world will need, for a command to call while `git status`
 * runs (its longest wait): the cache index's pack is read and checked and Nix asked about its
 * outputs, and the host directories the last run read are digested. Planning still decides
 * (an entry serves only its key and project, hostPath is world.yaml's); only time is saved.
 * Undefined outside a world (the command reports that itself).
 */
export const prefetchPlan = (cwd: string): PlanPrefetch | undefined => {
  try {
    const pre = startPlan(findWorldRoot(cwd));
    timed('host tools, early', () => {
      for (const dir of pre.memo.lastHostPath()) pre.hostDigests.pathDirectory(dir);
    });
    timed('cache index, early', () => pre.index.checkPack());
    return pre;
  } catch {
    return undefined;
  }
};

/**
 * The plan from remembered keys when every target it needs is in the cache index and its
 * output in the store: a no-op run. Anything else (a target to evaluate, to build or to
 * explain) is planned from freshly computed fingerprints instead.
 */
const cachedPlan = async (req: PlanRequest, index: CacheIndex, keys: ReadonlyMap<string, string>, valid: (outs: readonly string[]) => Promise<Set<string>>): Promise<TargetPlan | undefined> => {
  const known = timed('cache index', () => {
    const out = new Map<string, CacheEntry>();
    for (const [name, key] of keys) {
      const entry = index.get(key, name);
      if (!entry) return undefined;
      out.set(name, entry);
    }
    return out;
  });
  if (!known) return undefined;
  const selected = selectTargets(req, known);
  const closure = closureOf(selected, known, (p) => keys.get(p)!);
  const inStore = await timed('store validity', () => valid([...closure.values()].map((t) => t.out)));
  if ([...closure.values()].some((t) => !inStore.has(t.out))) return undefined;
  index.savePack();
  const planned = new Map([...closure].map(([id, t]) => [id, { ...t, inStore: true }] as const));
  return { targets: selected.sort().map((id) => planned.get(id)!), closure: planned, evaluated: false };
};

/** Runs a step of planning; WORLD_TRACE=1 prints how long it took (an async step: until it settles). */
const timed = <T>(what: string, run: () => T): T => {
  const t0 = performance.now();
  const out = run();
  if (out instanceof Promise) return out.finally(() => traceStep?.(what, t0)) as T;
  traceStep?.(what, t0);
  return out;
};

/** The outputs Nix holds as valid: those asked about early, then the rest. */
const validOutputs = async (outs: readonly string[], asked: ReadonlySet<string>, early: Promise<Set<string>>): Promise<Set<string>> => {
  const rest = await validStorePaths(outs.filter((o) => !asked.has(o)));
  for (const o of await early) rest.add(o);
  return rest;
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
const closureOf = (selected: readonly TargetId[], known: ReadonlyMap<string, CacheEntry>, keyOf: (project: string) => string): Map<TargetId, Unchecked> => {
  const out = new Map<TargetId, Unchecked>();
  const stack = [...selected];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    const { project, target } = parseTargetId(id)!;
    const t = known.get(project)?.targets[target];
    if (!t) throw new WorldError('NIX_FAILED', `the plan names ${id}, which no evaluated project has`, { hint: 'run `world cache gc --older-than 0` and try again; this is a bug in world if it repeats' });
    out.set(id, { id, project, target, kind: t.kind, key: keyOf(project), drv: t.drv, out: t.out, needs: t.needs });
    stack.push(...t.needs);
  }
  return out;
};

/** The plan narrowed to some of its targets (a shard, a precise selection); what they need stays known. */
export const narrowPlan = (plan: TargetPlan, ids: ReadonlySet<TargetId>): TargetPlan => ({
  ...plan,
  targets: plan.targets.filter((t) => ids.has(t.id)),
});
