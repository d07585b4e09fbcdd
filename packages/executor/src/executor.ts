/**
 * Runs a set of targets: fingerprint → cache lookup → sources → one evaluation → one build.
 *
 * A target whose project fingerprint is in the cache index and whose output is in the store
 * is cached without running Nix at all. Otherwise the projects that need evaluating (and
 * their dependencies) go into one generated plan, evaluated by one `nix-instantiate`; every
 * output missing from the store is then built by one `nix-store --realise`.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { WorldError, didYouMean } from '@world/core';
import type { World, HeadSource } from '@world/discovery';
import type { ProjectGraph } from '@world/graph';
import { computeFingerprints, readSourceTree, type Fingerprints } from '@world/fingerprint';
import {
  addSources,
  evaluatePlan,
  expandDottedKeys,
  realise,
  validStorePaths,
  writePlanFiles,
  type BuildPlan,
  type EvaluatedTarget,
  type PlanFiles,
  type TargetKind,
} from '@world/nix';
import { CacheIndex, GcRoots, SourceIndex, recordTimings, type CacheEntry } from '@world/cache';
import { summarize, type BuildEvent, type RunSummary, type TargetId, type TargetResult } from './events.js';

/** What to run: whole projects (their targets of the wanted kinds) or single targets. */
export interface TargetSelection {
  project: string;
  /** A single target; undefined selects every target of `kinds`. */
  target?: string;
}

export interface RunRequest {
  world: World;
  graph: ProjectGraph;
  source: HeadSource;
  selection: readonly TargetSelection[];
  kinds: readonly TargetKind[];
  jobs: number;
  keepGoing: boolean;
  dryRun: boolean;
  /** Evaluate even when the cache index knows every target (`world nix show`). */
  alwaysEvaluate?: boolean;
  onEvent?: (e: BuildEvent) => void;
}

export interface RunResult {
  results: TargetResult[];
  summary: RunSummary;
  /** Whether Nix evaluated anything (false: everything came from the cache index). */
  evaluated: boolean;
  /** The generated expression, when one was written. */
  plan?: PlanFiles;
  /** When Nix evaluated: how many project sources were added to the store, and how many were there already. */
  sources?: SourceCounts;
}

export interface SourceCounts {
  added: number;
  reused: number;
}

const LOG_TAIL = 25;
/** The line modules/world/builder.sh ends every successful build with. */
const TARGET_FINISHED = 'world: target finished';

export class Executor {
  private readonly index: CacheIndex;
  private readonly roots: GcRoots;
  private readonly sources: SourceIndex;
  private readonly emit: (e: BuildEvent) => void;
  /** The staging directory's removal, which runs on beside evaluation; awaited before run() returns. */
  private cleanup: Promise<void> = Promise.resolve();

  constructor(private readonly req: RunRequest) {
    this.index = new CacheIndex(req.world.root.sharedStateDir);
    this.roots = new GcRoots(req.world.root.sharedStateDir);
    this.sources = new SourceIndex(req.world.root.sharedStateDir);
    this.emit = req.onEvent ?? (() => {});
  }

  async run(): Promise<RunResult> {
    const started = Date.now();
    const { graph, world } = this.req;
    const projects = [...new Set(this.req.selection.map((s) => s.project))];

    this.emit({ type: 'phase', phase: 'fingerprint' });
    const tree = await readSourceTree(world.root.root, this.req.source);
    const fp = computeFingerprints(graph, tree, projects);

    // Known targets per project: from the cache index, or from evaluation below.
    const known = new Map<string, CacheEntry>();
    for (const name of fp.projects.keys()) {
      const entry = this.index.get(fp.projects.get(name)!.key);
      if (entry) known.set(name, entry);
    }
    // `world cache gc` prunes by last use.
    this.index.touchAll([...known.values()].map((e) => e.key));
    const needEval = this.req.alwaysEvaluate ? projects : projects.filter((p) => !known.has(p));
    let evaluation: { plan: PlanFiles; sources: SourceCounts } | undefined;
    if (needEval.length > 0) {
      evaluation = await this.evaluate(fp, graph.dependencyClosure(needEval), known);
    }

    const wanted = this.selectTargets(known, fp);
    const cached: TargetResult[] = [];
    const toBuild: TargetResult[] = [];
    const inStore = await validStorePaths(wanted.map((t) => t.out));
    for (const t of wanted) (inStore.has(t.out) ? cached : toBuild).push(t);
    for (const t of cached) t.status = 'cached';
    this.emit({ type: 'planned', total: wanted.length, cached: cached.length, toBuild: toBuild.length, evaluated: evaluation !== undefined });
    for (const t of cached) this.emit({ type: 'finished', result: t });

    if (this.req.dryRun) {
      for (const t of toBuild) {
        t.status = 'would-build';
        this.emit({ type: 'finished', result: t });
      }
    } else if (toBuild.length > 0) {
      wanted.push(...(await this.build(toBuild, known)));
    }
    const outputs = wanted.filter((t) => t.status === 'cached' || t.status === 'built').map((t) => t.out);
    this.roots.addAll(outputs);
    await this.cleanup;

    const results = wanted.sort((a, b) => (a.id < b.id ? -1 : 1));
    return { results, summary: summarize(results, Date.now() - started), evaluated: evaluation !== undefined, ...evaluation };
  }

  /** The requested targets, with derivations known for every selected project. */
  private selectTargets(known: Map<string, CacheEntry>, fp: Fingerprints): TargetResult[] {
    const out = new Map<TargetId, TargetResult>();
    for (const sel of this.req.selection) {
      const entry = known.get(sel.project)!;
      const names = Object.keys(entry.targets);
      if (sel.target !== undefined && !entry.targets[sel.target]) {
        throw new WorldError('UNKNOWN_TARGET', `project ${sel.project} has no target ${JSON.stringify(sel.target)}${didYouMean(sel.target, names)}`, {
          hint: names.length > 0 ? `its targets: ${names.join(', ')}` : 'it has no targets: give it modules (e.g. `modules: [command]`) in its project.yaml',
        });
      }
      for (const name of sel.target !== undefined ? [sel.target] : names) {
        const t = entry.targets[name]!;
        if (sel.target === undefined && !this.req.kinds.includes(t.kind)) continue;
        const id = `${sel.project}:${name}`;
        out.set(id, { id, project: sel.project, target: name, kind: t.kind, status: 'would-build', key: fp.projects.get(sel.project)!.key, drv: t.drv, out: t.out });
      }
    }
    return [...out.values()];
  }

  /** Sources into the store, one plan, one evaluation; records every evaluated project in the index. */
  private async evaluate(fp: Fingerprints, closure: Set<string>, known: Map<string, CacheEntry>): Promise<{ plan: PlanFiles; sources: SourceCounts }> {
    const { world, graph } = this.req;
    const { config } = world;
    this.emit({ type: 'phase', phase: 'sources', detail: `${closure.size} projects` });

    const srcOf = new Map<string, string>();
    const missing: string[] = [];
    for (const name of closure) {
      // Sources unchanged since an earlier run (with other modules or settings) are in the store already.
      const src = known.get(name)?.src ?? this.sources.get(fp.projects.get(name)!.sourceKey);
      if (src) srcOf.set(name, src);
      else missing.push(name);
    }
    const usesWorldModules = [...closure].some((n) => graph.get(n)!.config.modules.some((m) => world.modules.has(m)));
    const knownModulesSrc = usesWorldModules ? this.sources.get(fp.modulesSourceKey) : undefined;
    const requests = missing.map((name) => ({ name: `${name}-src`, base: graph.get(name)!.dir, files: fp.projects.get(name)!.files }));
    const addModules = usesWorldModules && !knownModulesSrc;
    if (addModules) requests.push({ name: `${config.name}-modules`, base: config.modules, files: fp.moduleFiles });
    const { paths, cleanup } = await addSources(world.root.root, join(world.root.stateDir, 'tmp'), requests, config.nix);
    cleanup.catch(() => undefined); // reported when run() awaits it; until then not an unhandled rejection
    this.cleanup = cleanup;
    missing.forEach((name, i) => srcOf.set(name, paths[i]!));
    const modulesSrc = addModules ? paths[paths.length - 1]! : knownModulesSrc;
    const added = new Map(missing.map((name, i) => [fp.projects.get(name)!.sourceKey, paths[i]!]));
    if (addModules) added.set(fp.modulesSourceKey, modulesSrc!);
    this.sources.putAll(added);

    // Relative hostPath entries (e.g. node_modules/.bin) name host tools inside this checkout.
    const hostPath = config.nix.hostPath.map((d) => (isAbsolute(d) ? d : resolve(world.root.root, d))).join(':');
    const plan: BuildPlan = { hostPath, projects: {} };
    for (const name of closure) {
      const p = graph.get(name)!;
      plan.projects[name] = {
        name,
        path: p.worldPath,
        dir: p.dir,
        file: p.config.file,
        src: srcOf.get(name)!,
        modules: p.config.modules.map((m) => this.moduleFile(m, modulesSrc)),
        projectNix: p.hasProjectNix,
        config: expandDottedKeys(p.config.config),
        deps: p.deps,
      };
    }
    const files = writePlanFiles(join(world.root.stateDir, 'nix'), world.root.root, config.name, plan, config.nix);
    this.emit({ type: 'phase', phase: 'evaluate', detail: `${closure.size} projects` });
    const targets = await evaluatePlan(files.nixFile, config.nix);

    const byProject = new Map<string, Record<string, EvaluatedTarget>>([...closure].map((n) => [n, {}]));
    for (const [id, t] of targets) {
      const colon = id.lastIndexOf(':');
      byProject.get(id.slice(0, colon))![id.slice(colon + 1)] = t;
    }
    const entries: CacheEntry[] = [];
    for (const [name, projectTargets] of byProject) {
      const entry: CacheEntry = { key: fp.projects.get(name)!.key, project: name, src: srcOf.get(name)!, targets: projectTargets, createdAt: new Date().toISOString() };
      entries.push(entry);
      known.set(name, entry);
    }
    // Sources get no GC roots of their own: a rooted output keeps its derivation (Nix's
    // keep-derivations) and a derivation its sources. Those of targets not built yet may be
    // collected; their index entries are then dropped and the next run adds them again.
    this.index.putAll(entries);
    return { plan: files, sources: { added: missing.length, reused: closure.size - missing.length } };
  }

  private moduleFile(name: string, modulesSrc: string | undefined): string {
    const { world } = this.req;
    const own = world.modules.get(name);
    if (own && modulesSrc) {
      const rel = own.files.find((f) => f === `${world.config.modules}/${name}.nix`) ?? `${world.config.modules}/${name}/default.nix`;
      return `${modulesSrc}/${rel.slice(world.config.modules.length + 1)}`;
    }
    return world.builtinModules.get(name)!;
  }

  /** One realise for everything missing; maps Nix's progress back to targets. */
  /** Builds `toBuild`; returns the results of dependencies (not requested) that failed, so their logs are shown too. */
  private async build(toBuild: TargetResult[], known: Map<string, CacheEntry>): Promise<TargetResult[]> {
    this.emit({ type: 'phase', phase: 'build', detail: `${toBuild.length} targets` });
    const byDrv = new Map<string, TargetId>();
    for (const entry of known.values()) for (const [t, v] of Object.entries(entry.targets)) byDrv.set(v.drv, `${entry.project}:${t}`);
    const requested = new Map(toBuild.map((t) => [t.drv, t]));
    const startedAt = new Map<string, number>();
    const stoppedAt = new Map<string, number>();
    const logs = new Map<string, string[]>();
    const substituted = new Set<string>();
    const failedIds: string[] = [];
    const stoppedDeps: { drv: string; id: string }[] = [];

    const result = await realise(toBuild.map((t) => t.drv), this.req.world.config.nix, {
      jobs: this.req.jobs,
      keepGoing: this.req.keepGoing,
      onEvent: (e) => {
        if (e.type === 'substituted') {
          substituted.add(e.path);
          return;
        }
        const id = byDrv.get(e.drv) ?? e.drv.replace(/^\/nix\/store\/[a-z0-9]+-/, '').replace(/\.drv$/, '');
        if (e.type === 'started') {
          startedAt.set(e.drv, Date.now());
          this.emit({ type: 'started', id, drv: e.drv, requested: requested.has(e.drv) });
        } else if (e.type === 'log') {
          if (e.line === TARGET_FINISHED) {
            stoppedAt.set(e.drv, Date.now());
            return;
          }
          const lines = logs.get(e.drv) ?? [];
          lines.push(e.line);
          if (lines.length > LOG_TAIL) lines.shift();
          logs.set(e.drv, lines);
          this.emit({ type: 'log', id, line: e.line });
        } else if (e.type === 'stopped') {
          if (!stoppedAt.has(e.drv)) stoppedAt.set(e.drv, Date.now());
          if (!requested.has(e.drv)) stoppedDeps.push({ drv: e.drv, id });
        }
      },
    });

    // A failed build may leave its output on disk, unregistered: only valid paths count.
    const depTargets = stoppedDeps.map((d) => ({ ...d, target: targetOf(known, d.drv) }));
    const valid = await validStorePaths([...toBuild.map((t) => t.out), ...depTargets.flatMap((d) => (d.target ? [d.target.out] : []))]);
    // A dependency that failed makes its users "skipped": report it (with its log) and say why.
    const failedDeps: TargetResult[] = [];
    for (const d of depTargets) {
      if (d.target && valid.has(d.target.out)) continue;
      failedIds.push(d.id);
      if (d.target) {
        const began = startedAt.get(d.drv);
        failedDeps.push({
          ...d.target,
          status: 'failed',
          logTail: logs.get(d.drv) ?? [],
          ...(began !== undefined ? { durationMs: (stoppedAt.get(d.drv) ?? Date.now()) - began } : {}),
        });
      }
    }
    for (const t of toBuild) {
      const began = startedAt.get(t.drv);
      if (began !== undefined) t.durationMs = (stoppedAt.get(t.drv) ?? Date.now()) - began;
      if (valid.has(t.out)) {
        t.status = 'built';
        if (substituted.has(t.out)) t.substituted = true;
      } else if (began !== undefined) {
        t.status = 'failed';
        t.logTail = logs.get(t.drv) ?? result.errors.slice(-5);
        failedIds.push(t.id);
      } else {
        t.status = 'skipped';
      }
    }
    recordTimings(
      this.req.world.root.sharedStateDir,
      Object.fromEntries(toBuild.filter((t) => t.durationMs !== undefined && t.status !== 'skipped').map((t) => [t.id, t.durationMs!])),
    );
    for (const t of [...failedDeps, ...toBuild]) {
      if (t.status === 'skipped') t.reason = failedIds.length > 0 ? `needs ${failedIds.join(', ')}, which failed` : 'not built (an earlier failure stopped the build; use --keep-going)';
      this.emit({ type: 'finished', result: t });
    }
    return failedDeps;
  }
}

/** The target a derivation belongs to, as a result to fill in. */
const targetOf = (known: Map<string, CacheEntry>, drv: string): Omit<TargetResult, 'status'> | undefined => {
  for (const e of known.values()) {
    for (const [name, t] of Object.entries(e.targets)) {
      if (t.drv === drv) return { id: `${e.project}:${name}`, project: e.project, target: name, kind: t.kind, key: e.key, drv: t.drv, out: t.out };
    }
  }
  return undefined;
};

export const runTargets = (req: RunRequest): Promise<RunResult> => new Executor(req).run();
