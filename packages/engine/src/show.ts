/**
 * `world show` and `world projects --targets`: what a project is — its files, modules,
 * dependencies (with their kind and where each is written) and dependents, the projects nested
 * in it, its cycle, its inputs — and its targets.
 *
 * Targets exist only once Nix has evaluated a project's modules. They come from the cache
 * index when it knows the project's current fingerprint; otherwise they are planned now
 * (planTargets, which evaluates what the index does not know and remembers it), or, when
 * evaluation is declined, reported as unknown — never guessed.
 */
import { WorldError, didYouMean, isWithin, targetId, type TargetId } from '@world/core';
import { CacheIndex, readLastBuilds, type CacheEntry } from '@world/cache';
import { computeFingerprints, readSourceTree, HostDigests, type Fingerprints } from '@world/fingerprint';
import { planTargets, rebuildReason, type RebuildReason, type TargetSelection } from '@world/executor';
import { validStorePaths, type TargetKind } from '@world/nix';
import type { DependencyEdge } from '@world/graph';
import { notifier, type EngineHooks } from './hooks.js';
import { resolveSelection } from './selection.js';
import { loadWorkspace, type Workspace } from './workspace.js';

const ALL_KINDS: readonly TargetKind[] = ['build', 'test', 'lint', 'other'];

/** Where a project's targets were read from. */
export type TargetsFrom = 'cache-index' | 'evaluated-now' | 'not-evaluated';

export interface ShownTarget {
  id: TargetId;
  name: string;
  kind: TargetKind;
  /** Whether its output is in the store now; a build would make it otherwise. */
  status: 'cached' | 'would-build';
  /** When it would build: what changed since its project's last build on this machine. */
  reason: RebuildReason | null;
  drv: string;
  out: string;
  needs: TargetId[];
}

export interface ShownProject {
  name: string;
  path: string;
  /** Its package.json's name, when the world reads manifests. */
  package: string | null;
  dir: string;
  file: string;
  owners: string[];
  tags: string[];
  modules: {
    /** As project.yaml lists them. */
    direct: string[];
    /** Composed through `imports` of those (or project.nix's references). */
    viaImports: string[];
    projectNix: boolean;
  };
  /** Each dependency with its kind (runtime, or dev: test and lint targets only) and where it is written. */
  edges: DependencyEdge[];
  /** The projects that depend on it directly. */
  dependents: string[];
  /** The projects in its directory: their files are theirs. */
  nested: string[];
  /** The other members of the cycle it is in, or null. */
  cycle: string[] | null;
  /** `inputs:` (null: every file of the project) and how many files that is now. */
  inputs: { patterns: string[] | null; files: number };
  /** The project's fingerprint now. */
  key: string;
  targets: {
    from: TargetsFrom;
    /** When the index entry was made (evaluated now: now). */
    evaluatedAt: string | null;
    /** null when not evaluated. */
    list: ShownTarget[] | null;
  };
}

export interface DescribeOptions {
  /** Run Nix for projects the cache index does not know (false: report their targets as unknown). */
  evaluate: boolean;
  evalJobs?: number;
}

/** Each project's selected target names; undefined where the whole project is selected. */
const targetsWanted = (selection: readonly TargetSelection[]): Map<string, Set<string> | undefined> => {
  const out = new Map<string, Set<string> | undefined>();
  for (const s of selection) {
    if (s.target === undefined) out.set(s.project, undefined);
    else if (!out.has(s.project)) out.set(s.project, new Set([s.target]));
    // undefined: the whole project is selected already.
    else out.get(s.project)?.add(s.target);
  }
  return out;
};

/** The targets an index entry names, with their state in the store and why they would build. */
const targetsOfEntry = async (ws: Workspace, fp: Fingerprints, entry: CacheEntry, wanted: Set<string> | undefined): Promise<ShownTarget[]> => {
  const names = Object.keys(entry.targets);
  for (const t of wanted ?? []) {
    if (!entry.targets[t]) {
      throw new WorldError('UNKNOWN_TARGET', `project ${entry.project} has no target ${JSON.stringify(t)}${didYouMean(t, names)}`, {
        hint: names.length > 0 ? `its targets: ${names.join(', ')}` : 'it has no targets: give it modules (e.g. `modules: [command]`) in its project.yaml',
      });
    }
  }
  const chosen = names.filter((t) => !wanted || wanted.has(t)).sort();
  const valid = await validStorePaths(chosen.map((t) => entry.targets[t]!.out));
  let lastBuilds: ReturnType<typeof readLastBuilds> | undefined;
  const why = (name: string): RebuildReason => {
    lastBuilds ??= readLastBuilds(ws.root.sharedStateDir);
    const f = fp.projects.get(entry.project)!;
    const last = lastBuilds.get(targetId(entry.project, name));
    return rebuildReason(f.parts, f.key, last, last ? new CacheIndex(ws.root.sharedStateDir).peek(last.key, entry.project) : undefined);
  };
  return chosen.map((name) => {
    const t = entry.targets[name]!;
    const cached = valid.has(t.out);
    return { id: targetId(entry.project, name), name, kind: t.kind, status: cached ? 'cached' : 'would-build', reason: cached ? null : why(name), drv: t.drv, out: t.out, needs: [...t.needs] };
  });
};

/** Describes the selected projects (and, of a project selected by target, those targets). */
export const describeProjects = async (ws: Workspace, selection: readonly TargetSelection[], opts: DescribeOptions, hooks: EngineHooks = {}): Promise<ShownProject[]> => {
  const wanted = targetsWanted(selection);
  const names = [...wanted.keys()];
  const tree = await readSourceTree(ws.root.root, ws.source);
  const fp = computeFingerprints(ws.graph, tree, names, new HostDigests());
  const index = new CacheIndex(ws.root.sharedStateDir);
  const known = new Map<string, CacheEntry>();
  for (const name of names) {
    const entry = index.get(fp.projects.get(name)!.key, name);
    if (entry) known.set(name, entry);
  }
  const unknown = names.filter((n) => !known.has(n));
  const evaluatedNow = new Set<string>();
  if (opts.evaluate && unknown.length > 0) {
    notifier(hooks)({ level: 'info', message: `evaluating ${unknown.length === 1 ? unknown[0] : `${unknown.length} projects`} with Nix: the cache index does not know ${unknown.length === 1 ? 'it' : 'them'} yet` });
    await planTargets({ world: ws.world, graph: ws.graph, source: ws.source, selection: unknown.map((project) => ({ project })), kinds: ALL_KINDS, ...(opts.evalJobs ? { evalJobs: opts.evalJobs } : {}) });
    // The plan put every evaluated project into the index: read each back as the others are read.
    for (const name of unknown) {
      const entry = index.get(fp.projects.get(name)!.key, name);
      if (!entry) throw new WorldError('NIX_FAILED', `${name} was evaluated, but the cache index has no entry for it`, { hint: 'run the command again; this is a bug in world if it repeats' });
      known.set(name, entry);
      evaluatedNow.add(name);
    }
  }
  const out: ShownProject[] = [];
  for (const name of names) {
    const p = ws.graph.get(name)!;
    const f = fp.projects.get(name)!;
    const entry = known.get(name);
    const cycle = ws.graph.cycles.find((c) => c.includes(name));
    out.push({
      name,
      path: p.worldPath,
      package: p.packageName,
      dir: p.dir,
      file: p.config.file,
      owners: p.config.owners,
      tags: p.config.tags,
      modules: { direct: p.config.modules, viaImports: p.modules.filter((m) => !p.config.modules.includes(m)), projectNix: p.hasProjectNix },
      edges: ws.graph.edges(name),
      dependents: [...ws.graph.dependents(name)].sort(),
      nested: [...ws.graph.projects.values()].filter((q) => q.name !== name && isWithin(q.dir, p.dir)).map((q) => q.name).sort(),
      cycle: cycle ? cycle.filter((m) => m !== name) : null,
      inputs: { patterns: p.config.inputs, files: f.sources.files.length },
      key: f.key,
      targets: entry
        ? { from: evaluatedNow.has(name) ? 'evaluated-now' : 'cache-index', evaluatedAt: entry.createdAt, list: await targetsOfEntry(ws, fp, entry, wanted.get(name)) }
        : { from: 'not-evaluated', evaluatedAt: null, list: null },
    });
  }
  return out;
};

export interface ShowRequest {
  cwd: string;
  /** Selectors as `world build` takes them; none: the current directory's project, else every project. */
  selectors: readonly string[];
  tags: readonly string[];
  evaluate: boolean;
  evalJobs?: number;
}

export const showProjects = async (req: ShowRequest, hooks: EngineHooks = {}): Promise<ShownProject[]> => {
  const ws = await loadWorkspace(req.cwd, undefined, hooks);
  const { selection } = resolveSelection(ws.graph, ws.root.root, { args: req.selectors, cwd: req.cwd, tags: req.tags });
  return describeProjects(ws, selection, { evaluate: req.evaluate, ...(req.evalJobs ? { evalJobs: req.evalJobs } : {}) }, hooks);
};
