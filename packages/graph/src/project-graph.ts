/**
 * The project graph: projects as nodes, "depends on" as edges (graphology), plus the module
 * each project composes. Built once per run from discovery's output; every structural error
 * (duplicate names, nested projects, unknown deps or modules, cycles) is found here and
 * names the files involved.
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
import type { ProjectConfig } from '@world/config';
import type { World } from '@world/discovery';

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
  /** Resolved dependency names, in declaration order. */
  deps: string[];
  /** Every shared module the project composes: its own list, project.nix's references, and what those import. */
  modules: string[];
  hasProjectNix: boolean;
}

const SNAPSHOT_VERSION = 2;

/**
 * What building the graph derived from a world: deps and modules in `world.projects` order,
 * and the reverse maps as entries — a warm run takes them as they are, which costs a
 * fraction of rebuilding them edge by edge.
 */
interface GraphSnapshot {
  version: number;
  worldKey: string;
  deps: string[][];
  modules: string[][];
  users: [string, string[]][];
  moduleUsers: [string, string[]][];
}

const snapshotFileOf = (stateDir: string): string => join(stateDir, 'graph-snapshot.json');

const asSnapshot = (v: unknown): GraphSnapshot | null =>
  isRecord(v) && Array.isArray(v.deps) && Array.isArray(v.modules) && Array.isArray(v.users) && Array.isArray(v.moduleUsers) ? (v as unknown as GraphSnapshot) : null;

export class ProjectGraph {
  readonly projects = new Map<string, Project>();
  private readonly byDir = new Map<string, Project>();
  /** Reverse edges: project → the projects that depend on it directly. */
  private readonly users = new Map<string, string[]>();
  private graphologyGraph: GraphologyGraph | undefined;
  /** Module → names of the projects that compose it (directly or through other modules). */
  readonly moduleUsers = new Map<string, string[]>();

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
      modules: projects.map((p) => p.modules),
      users: [...this.users],
      moduleUsers: [...this.moduleUsers],
    };
  }

  private restore(snap: GraphSnapshot): void {
    this.world.projects.forEach((config, i) => this.place(config, snap.deps[i]!, snap.modules[i]!));
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
    this.checkNesting(errors);
    for (const p of this.projects.values()) collect(() => this.resolveDeps(p));
    for (const p of this.projects.values()) collect(() => this.resolveModules(p));
    throwCollected(errors);
    this.checkCycles();
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
    this.place(config, [], []);
    this.users.set(config.name, []);
  }

  private place(config: ProjectConfig, deps: string[], modules: string[]): void {
    const project: Project = {
      name: config.name,
      dir: config.dir,
      worldPath: toWorldPath(config.dir),
      config,
      deps,
      modules,
      hasProjectNix: this.world.projectNix.has(config.dir),
    };
    this.projects.set(config.name, project);
    this.byDir.set(config.dir, project);
  }

  private checkNesting(errors: WorldError[]): void {
    for (const p of this.projects.values()) {
      for (let dir = p.dir; dir !== ''; ) {
        dir = dirOf(dir);
        const outer = this.byDir.get(dir);
        if (outer) {
          errors.push(new WorldError('NESTED_PROJECT', `project ${p.config.file} is nested inside project ${outer.config.file}`, {
            location: { file: p.config.file, line: 1, col: 1 },
            hint: 'projects do not nest: move one of them, or make the inner directory part of the outer project',
            details: { inner: p.config.file, outer: outer.config.file },
          }));
          break;
        }
      }
    }
    throwCollected(errors);
  }

  private resolveDeps(p: Project): void {
    p.config.deps.forEach((ref, i) => {
      const location = { file: p.config.file, ...p.config.positions.deps[i]! };
      const dep = isWorldPath(ref) ? this.byDir.get(parseWorldPath(ref, location)) : this.projects.get(ref);
      if (!dep) {
        const candidates = isWorldPath(ref) ? [...this.projects.values()].map((q) => q.worldPath) : this.projects.keys();
        throw new WorldError('UNKNOWN_DEPENDENCY', `project ${p.name} depends on ${JSON.stringify(ref)}, which is not a project${didYouMean(ref, candidates)}`, {
          location,
          hint: 'name a project by its `name` or its world path (//dir/of/project); `world projects` lists them',
        });
      }
      if (dep.name === p.name) {
        throw new WorldError('DEPENDENCY_CYCLE', `project ${p.name} depends on itself`, { location, hint: 'remove it from its own deps' });
      }
      if (!p.deps.includes(dep.name)) {
        p.deps.push(dep.name);
        this.users.get(dep.name)!.push(p.name);
      }
    });
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

  /** Iterative three-colour DFS; reports one cycle, with the files that declare each edge. */
  private checkCycles(): void {
    const state = new Map<string, 1 | 2>();
    for (const start of this.projects.keys()) {
      if (state.has(start)) continue;
      const stack: { name: string; next: number }[] = [{ name: start, next: 0 }];
      state.set(start, 1);
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const deps = this.projects.get(top.name)!.deps;
        if (top.next >= deps.length) {
          state.set(top.name, 2);
          stack.pop();
          continue;
        }
        const dep = deps[top.next++]!;
        const s = state.get(dep);
        if (s === 1) {
          const from = stack.findIndex((f) => f.name === dep);
          const cycle = [...stack.slice(from).map((f) => f.name), dep];
          throw new WorldError('DEPENDENCY_CYCLE', `dependency cycle: ${cycle.join(' → ')}`, {
            location: { file: this.projects.get(dep)!.config.file },
            hint: `break the cycle by removing one of these deps: ${cycle
              .slice(0, -1)
              .map((n, i) => `${n} → ${cycle[i + 1]} (${this.projects.get(n)!.config.file})`)
              .join(', ')}`,
            details: { cycle },
          });
        }
        if (s === undefined) {
          state.set(dep, 1);
          stack.push({ name: dep, next: 0 });
        }
      }
    }
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

  /** Projects in dependency order (deps first); ties broken by name for stable output. */
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
