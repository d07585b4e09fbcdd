/**
 * The project graph: projects as nodes, "depends on" as edges (graphology), plus the module
 * each project composes. Built once per run from discovery's output; every structural error
 * (duplicate names, unknown deps or modules) is found here and names the files involved.
 *
 * Edges come from project.yaml and, where the world says so, from package manifests (see
 * dependency-edges.ts); each is runtime (every target links the dependency's build) or
 * test-only (only test and lint targets do). Cycles are accepted — a change anywhere in one
 * affects all of it — and listed in `cycles`; only targets that need each other's outputs
 * cannot be built (target-cycles.ts). Projects may nest: a path belongs to the deepest
 * project directory above it (`owner`).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { DirectedGraph as GraphologyGraph } from 'graphology';
import {
  WorldError,
  didYouMean,
  dirOf,
  isWorldPath,
  parseWorldPath,
  throwCollected,
  toWorldPath,
  isRecord,
  prefetchStateJson,
  readStateJson,
  readStateJsonAsync,
  writeStateJson,
} from '@world/core';
import type { PackageManifest, ProjectConfig } from '@world/config';
import type { World } from '@world/discovery';
import { cyclicComponents, shortestCycle } from './components.js';
import { dependencyEdges, type DependencyEdge, type EdgeContext } from './dependency-edges.js';

// graphology is loaded only by the commands that ask for `graphology`: building it costs
// ~45 ms for 5,000 projects (bench), too much for `world affected`, which walks plain
// adjacency lists instead.
const loadGraphology = () => createRequire(import.meta.url)('graphology') as typeof import('graphology');

export interface Project {
  name: string;
  /** Repository-relative directory. */
  dir: string;
  /** `//dir`. */
  worldPath: string;
  config: ProjectConfig;
  /**
   * Every resolved dependency, runtime and test-only, in declaration order: what `affected`,
   * keys and sparse cones follow.
   */
  deps: string[];
  /** The test-only ones among `deps` (devDeps, devDependencies): only test and lint targets link them. */
  devDeps: string[];
  /** The package name in its package.json, when the world reads manifests and it has one. */
  packageName: string | null;
  /** Every shared module the project composes: its own list, project.nix's references, and what those import. */
  modules: string[];
  hasProjectNix: boolean;
}

// 3: test-only edges, package names, cycles, nesting.
const SNAPSHOT_VERSION = 3;

/** A cycle of the project graph: its members, and one closed path through them for messages. */
export interface DependencyCycle {
  members: string[];
  path: string[];
}

/** The files of a project that are its configuration: they count as inputs whatever `inputs:` says. */
const CONFIG_FILES = ['project.yaml', 'project.nix'];

/**
 * What building the graph derived from a world: deps and modules in `world.projects` order,
 * and the reverse maps as entries — a warm run takes them as they are, which costs a
 * fraction of rebuilding them edge by edge.
 */
interface GraphSnapshot {
  version: number;
  worldKey: string;
  deps: string[][];
  devDeps: string[][];
  packages: (string | null)[];
  cycles: string[][];
  modules: string[][];
  users: [string, string[]][];
  moduleUsers: [string, string[]][];
}

const snapshotFileOf = (stateDir: string): string => join(stateDir, 'graph-snapshot.json');

const asSnapshot = (v: unknown): GraphSnapshot | null =>
  isRecord(v) && v.version === SNAPSHOT_VERSION && Array.isArray(v.deps) && Array.isArray(v.devDeps) && Array.isArray(v.packages) && Array.isArray(v.cycles) && Array.isArray(v.modules) && Array.isArray(v.users) && Array.isArray(v.moduleUsers)
    ? (v as unknown as GraphSnapshot)
    : null;

export class ProjectGraph {
  readonly projects = new Map<string, Project>();
  private readonly byDir = new Map<string, Project>();
  /** Reverse edges: project → the projects that depend on it directly. */
  private readonly users = new Map<string, string[]>();
  private graphologyGraph: GraphologyGraph | undefined;
  /** Module → names of the projects that compose it (directly or through other modules). */
  readonly moduleUsers = new Map<string, string[]>();
  /** The graph's cycles (strongly connected components of more than one project), members sorted. */
  cycles: string[][] = [];
  private byPackageName: Map<string, { project: string; manifest: PackageManifest }[]> | undefined;
  /** Files of every project that count as its configuration (package.json too when the world reads it). */
  readonly configFiles: readonly string[];

  /** Starts reading the graph's snapshot while slower work (git status) runs; `load` picks it up. */
  static prefetch(stateDir: string): void {
    prefetchStateJson(snapshotFileOf(stateDir));
  }

  /** The graph of `world`, its snapshot read without blocking. */
  static async load(world: World): Promise<ProjectGraph> {
    return new ProjectGraph(world, asSnapshot(await readStateJsonAsync(snapshotFileOf(world.root.stateDir))));
  }

  /** `snapshot`: the snapshot file's content when the caller read it already (null: there is none). */
  constructor(readonly world: World, snapshot?: GraphSnapshot | null) {
    this.configFiles = world.config.deps.from.includes('package.json') ? [...CONFIG_FILES, 'package.json'] : CONFIG_FILES;
    // A world seen before was valid then and resolves the same way now: skip the checks.
    const snapshotFile = snapshotFileOf(world.root.stateDir);
    const snap = snapshot === undefined ? asSnapshot(readStateJson(snapshotFile)) : snapshot;
    if (snap?.version === SNAPSHOT_VERSION && snap.worldKey === world.key) {
      this.restore(snap);
      return;
    }
    this.build();
    try {
      writeStateJson(snapshotFile, this.snapshot());
    } catch {
      /* read-only .git: build again next time */
    }
  }

  private snapshot(): GraphSnapshot {
    const projects = [...this.projects.values()];
    return {
      version: SNAPSHOT_VERSION,
      worldKey: this.world.key,
      deps: projects.map((p) => p.deps),
      devDeps: projects.map((p) => p.devDeps),
      packages: projects.map((p) => p.packageName),
      cycles: this.cycles,
      modules: projects.map((p) => p.modules),
      users: [...this.users],
      moduleUsers: [...this.moduleUsers],
    };
  }

  private restore(snap: GraphSnapshot): void {
    this.world.projects.forEach((config, i) => this.place(config, snap.deps[i]!, snap.devDeps[i]!, snap.packages[i]!, snap.modules[i]!));
    this.cycles = snap.cycles;
    for (const [name, users] of snap.users) this.users.set(name, users);
    for (const [module, users] of snap.moduleUsers) this.moduleUsers.set(module, users);
  }

  private build(): void {
    const errors: WorldError[] = [];
    const collect = (f: () => void) => {
      try {
        f();
      } catch (e) {
        if (e instanceof WorldError) errors.push(e);
        else throw e;
      }
    };
    for (const config of this.world.projects) collect(() => this.addProject(config));
    throwCollected(errors);
    for (const p of this.projects.values()) collect(() => this.resolveDeps(p));
    for (const p of this.projects.values()) collect(() => this.resolveModules(p));
    throwCollected(errors);
    this.cycles = cyclicComponents(this.projects.keys(), (n) => this.projects.get(n)!.deps);
  }

  private addProject(config: ProjectConfig): void {
    const other = this.projects.get(config.name);
    if (other) {
      throw new WorldError('DUPLICATE_PROJECT', `project name ${JSON.stringify(config.name)} is used by both ${other.config.file} and ${config.file}`, {
        location: { file: config.file, ...(config.positions.name ?? { line: 1, col: 1 }) },
        hint: 'give one of them another `name:` in its project.yaml',
        details: { name: config.name, files: [other.config.file, config.file] },
      });
    }
    this.place(config, [], [], this.manifestOf(config.dir)?.name ?? null, []);
    this.users.set(config.name, []);
  }

  private place(config: ProjectConfig, deps: string[], devDeps: string[], packageName: string | null, modules: string[]): void {
    const project: Project = {
      name: config.name,
      dir: config.dir,
      worldPath: toWorldPath(config.dir),
      config,
      deps,
      devDeps,
      packageName,
      modules,
      hasProjectNix: this.world.projectNix.has(config.dir),
    };
    this.projects.set(config.name, project);
    this.byDir.set(config.dir, project);
  }

  /** How dependency names, world paths and package names resolve in this graph. */
  private get edgeContext(): EdgeContext {
    return {
      byName: (name) => this.projects.get(name),
      byDir: (dir) => this.byDir.get(dir),
      byPackage: (name) => this.packageIndex().get(name) ?? [],
      projectNames: () => this.projects.keys(),
      worldPaths: () => [...this.projects.values()].map((q) => q.worldPath),
    };
  }

  private packageIndex(): Map<string, { project: string; manifest: PackageManifest }[]> {
    if (!this.byPackageName) {
      this.byPackageName = new Map();
      for (const p of this.projects.values()) {
        const manifest = this.manifestOf(p.dir);
        if (manifest?.name == null) continue;
        const list = this.byPackageName.get(manifest.name) ?? [];
        list.push({ project: p.name, manifest });
        this.byPackageName.set(manifest.name, list);
      }
    }
    return this.byPackageName;
  }

  /** The project's package.json, when the world reads manifests (`deps.from`). */
  private manifestOf(dir: string): PackageManifest | undefined {
    return this.configFiles.includes('package.json') ? this.world.manifests.get(dir) : undefined;
  }

  /** A project's edges with where each is written (project.yaml, package.json), computed on demand. */
  edges(name: string): DependencyEdge[] {
    const p = this.projects.get(name)!;
    return dependencyEdges(this.edgeContext, p.name, p.config, this.manifestOf(p.dir));
  }

  private resolveDeps(p: Project): void {
    for (const edge of this.edges(p.name)) {
      p.deps.push(edge.to);
      if (edge.kind === 'dev') p.devDeps.push(edge.to);
      this.users.get(edge.to)!.push(p.name);
    }
  }

  private resolveModules(p: Project): void {
    const { modules, builtinModules } = this.world;
    p.config.modules.forEach((m, i) => {
      if (!modules.has(m) && !builtinModules.has(m)) {
        const known = [...modules.keys(), ...builtinModules.keys()];
        throw new WorldError('UNKNOWN_MODULE', `project ${p.name} uses module ${JSON.stringify(m)}, which is neither in ${this.world.config.modules}/ nor built in${didYouMean(m, known)}`, {
          location: { file: p.config.file, ...p.config.positions.modules[i]! },
          hint: `modules are ${this.world.config.modules}/<name>.nix or ${this.world.config.modules}/<name>/default.nix, or built in (${[...builtinModules.keys()].join(', ')})`,
        });
      }
    });
    const seen = new Set<string>();
    const visit = (m: string) => {
      if (seen.has(m)) return;
      seen.add(m);
      for (const r of modules.get(m)?.references ?? []) visit(r);
    };
    for (const m of [...p.config.modules, ...(this.world.projectNix.get(p.dir) ?? [])]) visit(m);
    p.modules = [...seen];
    for (const m of p.modules) {
      const users = this.moduleUsers.get(m) ?? [];
      users.push(p.name);
      this.moduleUsers.set(m, users);
    }
  }

  /** Each cycle with a shortest closed path through it, from its first member (for warnings). */
  describeCycles(): DependencyCycle[] {
    return this.cycles.map((members) => ({ members, path: shortestCycle(members[0]!, new Set(members), (n) => this.projects.get(n)!.deps) }));
  }

  /** The dependencies every target links (deps that are not test-only). */
  runtimeDeps(name: string): string[] {
    const p = this.projects.get(name)!;
    return p.devDeps.length === 0 ? p.deps : p.deps.filter((d) => !p.devDeps.includes(d));
  }

  /** Whether `rel`, a path relative to its project, is one of the project's config files (counted whatever `inputs:` says). */
  isConfigFile(rel: string): boolean {
    return this.configFiles.includes(rel);
  }

  get(name: string): Project | undefined {
    return this.projects.get(name);
  }

  /** A project by name or world path, or a clear error. */
  resolve(ref: string, flag = 'project'): Project {
    const p = isWorldPath(ref) ? this.byDir.get(parseWorldPath(ref)) : this.projects.get(ref);
    if (!p) {
      const candidates = isWorldPath(ref) ? [...this.projects.values()].map((q) => q.worldPath) : this.projects.keys();
      throw new WorldError('UNKNOWN_PROJECT', `${flag} ${JSON.stringify(ref)} is not a project of this world${didYouMean(ref, candidates)}`, {
        hint: '`world projects` lists the projects',
      });
    }
    return p;
  }

  /** The project owning a repository-relative path: the deepest project directory above it. */
  owner(path: string): Project | undefined {
    for (let dir = dirOf(path); ; dir = dirOf(dir)) {
      const p = this.byDir.get(dir);
      if (p) return p;
      if (dir === '') return undefined;
    }
  }

  /** Direct dependents (reverse edges). */
  dependents(name: string): readonly string[] {
    return this.users.get(name) ?? [];
  }

  /** The graph as a graphology DirectedGraph (edge a → b: a depends on b), for graph algorithms and export. */
  get graphology(): GraphologyGraph {
    if (!this.graphologyGraph) {
      const g = new (loadGraphology().DirectedGraph)();
      for (const p of this.projects.values()) g.addNode(p.name, { path: p.worldPath });
      for (const p of this.projects.values()) for (const d of p.deps) g.addEdge(p.name, d);
      this.graphologyGraph = g;
    }
    return this.graphologyGraph;
  }

  /** Every project reachable from `names` through deps, the starts included. */
  dependencyClosure(names: Iterable<string>): Set<string> {
    const seen = new Set<string>();
    const stack = [...names];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      for (const d of this.projects.get(n)!.deps) stack.push(d);
    }
    return seen;
  }

  /** Projects in dependency order (deps first; within a cycle, the order the walk meets them); ties broken by name for stable output. */
  topologicalOrder(names?: Set<string>): string[] {
    const order: string[] = [];
    const done = new Set<string>();
    const visit = (n: string) => {
      if (done.has(n)) return;
      done.add(n);
      for (const d of this.projects.get(n)!.deps) visit(d);
      if (!names || names.has(n)) order.push(n);
    };
    for (const n of [...(names ?? this.projects.keys())].sort()) visit(n);
    return order;
  }
}
