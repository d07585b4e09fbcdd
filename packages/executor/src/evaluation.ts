/**
 * Evaluating projects the cache index does not know: their sources (and the world's modules,
 * globals, and a lib or nixpkgs inside the world) into the store, one generated plan, one
 * `nix-instantiate`. Returns the cache entries it learnt; the caller records them.
 */
import { join } from 'node:path';
import { stateLayout, type TargetId } from '@world/core';
import type { World } from '@world/discovery';
import { checkTargetCycles, type ProjectGraph } from '@world/graph';
import type { Fingerprints, NixInput, SourceSet } from '@world/fingerprint';
import { addSources, evaluatePlan, expandDottedKeys, writePlanFiles, type BuildPlan, type PlanFiles } from '@world/nix';
import { SourceIndex, type CacheEntry, type CachedTarget } from '@world/cache';
import type { BuildEvent } from './events.js';

export interface SourceCounts {
  added: number;
  reused: number;
}

export interface EvaluationRequest {
  world: World;
  graph: ProjectGraph;
  fp: Fingerprints;
  /** The projects to evaluate: closed over dependencies. */
  closure: ReadonlySet<string>;
  /** What the cache index knows already (an entry's sources are reused). */
  known: ReadonlyMap<string, CacheEntry>;
  /** How many `nix-instantiate` to run at once on a large plan (default: 1). */
  evalJobs?: number;
  emit: (e: BuildEvent) => void;
}

/** Below this many projects one evaluation is as fast as several (a process start is ~20 ms; a project ~1.5 ms). */
const PARALLEL_EVAL_MIN_PROJECTS = 200;

/**
 * Splits an evaluation across workers: contiguous slices of the topological order, so that a
 * slice's dependencies mostly lie in the slices before it. Each worker evaluates its slice
 * and the dependency closure of it — a shared dependency at most once per worker.
 */
export const evaluationParts = (graph: ProjectGraph, projects: ReadonlySet<string>, workers: number): Set<string>[] => {
  if (workers <= 1 || projects.size < PARALLEL_EVAL_MIN_PROJECTS) return [new Set(projects)];
  const order = graph.topologicalOrder(new Set(projects));
  const size = Math.ceil(order.length / workers);
  const parts: Set<string>[] = [];
  for (let i = 0; i < order.length; i += size) parts.push(graph.dependencyClosure(order.slice(i, i + size)));
  return parts;
};

export interface Evaluation {
  entries: CacheEntry[];
  files: PlanFiles;
  sources: SourceCounts;
  /** The staging directory's removal, which runs on after evaluation. */
  cleanup: Promise<void>;
}

/** Store paths for source sets: from the source index when there, else staged and added in one batch. */
class SourceResolver {
  private readonly index: SourceIndex;
  private readonly paths = new Map<string, string>();
  private readonly missing = new Map<string, SourceSet>();
  added = 0;
  reused = 0;

  constructor(private readonly world: World) {
    this.index = new SourceIndex(world.root.sharedStateDir);
  }

  /** Asks for a set; `known` is a store path an index entry already holds for it. */
  want(set: SourceSet, known?: string): void {
    if (this.paths.has(set.key) || this.missing.has(set.key)) return;
    const path = known ?? this.index.get(set.key, set.name);
    if (path !== undefined) {
      this.paths.set(set.key, path);
      this.reused++;
    } else this.missing.set(set.key, set);
  }

  /** Stages and adds what is missing; returns the staging directory's removal, which runs on. */
  async resolve(): Promise<{ cleanup: Promise<void> }> {
    const sets = [...this.missing.values()];
    const { paths, cleanup } = await addSources(this.world.root.root, stateLayout(this.world.root).staging, sets, this.world.config.nix);
    const added = new Map(sets.map((s, i) => [s.key, paths[i]!]));
    for (const [k, p] of added) this.paths.set(k, p);
    this.index.putAll(added);
    this.added = sets.length;
    return { cleanup };
  }

  pathOf(set: SourceSet): string {
    return this.paths.get(set.key)!;
  }
}

const importPath = (input: NixInput, sources: SourceResolver): string =>
  input.kind === 'world' ? sources.pathOf(input.sources) : input.path;

export const evaluateProjects = async (req: EvaluationRequest): Promise<Evaluation> => {
  const { world, graph, fp, closure, known, emit } = req;
  const { config } = world;
  // Nix would only say "infinite recursion": name the edge to cut first.
  checkTargetCycles(graph, closure);
  emit({ type: 'phase', phase: 'sources', detail: `${closure.size} projects` });

  const sources = new SourceResolver(world);
  for (const name of closure) {
    const p = fp.projects.get(name)!;
    sources.want(p.sources, known.get(name)?.src);
    if (p.nixSources) sources.want(p.nixSources);
  }
  const usesWorldModules = [...closure].some((n) => graph.get(n)!.config.modules.some((m) => world.modules.has(m)));
  if (usesWorldModules) sources.want(fp.modules);
  if (fp.world.globals.files.length > 0) sources.want(fp.world.globals);
  for (const input of [fp.world.lib, fp.world.nixpkgs]) if (input?.kind === 'world') sources.want(input.sources);
  const { cleanup } = await sources.resolve();

  const plan: BuildPlan = {
    hostPath: fp.world.hostPath.join(':'),
    hostTools: fp.world.hostTools,
    globals: fp.world.globals.files.length > 0 ? sources.pathOf(fp.world.globals) : null,
    projects: {},
  };
  for (const name of closure) {
    const p = graph.get(name)!;
    const f = fp.projects.get(name)!;
    // A project with its own project.nix is evaluated from its Nix sources, where the modules
    // sit at their repository paths too: its relative imports resolve as in the checkout.
    const nixRoot = f.nixSources ? sources.pathOf(f.nixSources) : undefined;
    const moduleFile = (m: string): string => {
      const own = world.modules.get(m);
      if (!own) return world.builtinModules.get(m)!;
      const rel = own.files.find((file) => file === `${config.modules}/${m}.nix`) ?? `${config.modules}/${m}/default.nix`;
      return nixRoot ? `${nixRoot}/${rel}` : `${sources.pathOf(fp.modules)}/${rel.slice(config.modules.length + 1)}`;
    };
    plan.projects[name] = {
      name,
      path: p.worldPath,
      dir: p.dir,
      file: p.config.file,
      src: sources.pathOf(f.sources),
      modules: p.config.modules.map(moduleFile),
      projectNix: nixRoot ? `${nixRoot}/${p.dir === '' ? '' : `${p.dir}/`}project.nix` : null,
      config: expandDottedKeys(p.config.config),
      deps: graph.runtimeDeps(name),
      devDeps: p.devDeps,
    };
  }
  const imports = {
    lib: importPath(fp.world.lib, sources),
    nixpkgs: fp.world.nixpkgs ? importPath(fp.world.nixpkgs, sources) : null,
  };
  const planDir = stateLayout(world.root).plans;
  const files = writePlanFiles(planDir, config.name, plan, imports);
  const parts = evaluationParts(graph, closure, req.evalJobs ?? 1);
  emit({ type: 'phase', phase: 'evaluate', detail: `${closure.size} projects${parts.length > 1 ? ` in ${parts.length} parts` : ''}` });
  const partPlan = (part: ReadonlySet<string>): BuildPlan => ({ ...plan, projects: Object.fromEntries([...part].map((n) => [n, plan.projects[n]!])) });
  const evaluated = (
    await Promise.all(
      parts.length === 1 ? [evaluatePlan(files.nixFile, config.nix)] : parts.map((part) => evaluatePlan(writePlanFiles(planDir, config.name, partPlan(part), imports).nixFile, config.nix)),
    )
  ).flat();

  const byProject = new Map<string, Record<string, CachedTarget>>([...closure].map((n) => [n, Object.create(null) as Record<string, CachedTarget>]));
  // A dependency evaluated by several workers comes back once per worker, the same each time.
  for (const t of evaluated) {
    const needs: TargetId[] = t.needs;
    byProject.get(t.project)![t.target] = { drv: t.drv, out: t.out, kind: t.kind, needs };
  }
  const createdAt = new Date().toISOString();
  // Sources get no GC roots of their own: a rooted output keeps its derivation (Nix's
  // keep-derivations) and a derivation its sources. Those of targets not built yet may be
  // collected; their index entries are then dropped and the next run adds them again.
  const entries = [...byProject].map(([name, targets]) => {
    const f = fp.projects.get(name)!;
    return { key: f.key, project: name, src: sources.pathOf(f.sources), targets, createdAt, parts: f.parts };
  });
  return { entries, files, sources: { added: sources.added, reused: sources.reused }, cleanup };
};
