/**
 * The cone of a sparse checkout: the directories git's cone mode keeps on disk. It is derived,
 * never stored as the user's intent: the chosen root projects, the directories of their
 * transitive dependencies, `checkout.always` from world.yaml and the build files every build
 * reads from disk (the modules directory, a configured nixpkgs `lib`). Cone mode also keeps the
 * files directly inside the repository root and inside every parent of a cone directory.
 */
import { isAbsolute } from 'node:path';
import { CONTROL_CHARS, WorldError, isWithin } from '@world/core';
import type { ProjectGraph } from '@world/graph';

export interface Cone {
  /** The chosen projects, by name, sorted. */
  roots: string[];
  /** What the roots pulled in: their transitive dependencies that are not roots themselves, sorted. */
  dependencies: string[];
  /** Directories that are part of every checkout (checkout.always and the shared build files), sorted. */
  always: string[];
  /** The cone's directories, minimal (none lies inside another) and sorted. */
  dirs: string[];
}

const GLOB_CHARS = /[*?[\]{}!]/;

/** A directory from world.yaml as cone mode takes it, or a clear error. */
const alwaysDir = (entry: string, file: string): string => {
  const dir = entry.replace(/^\.\//, '').replace(/\/+$/, '');
  if (dir === '' || isAbsolute(dir) || dir.split('/').some((s) => s === '..' || s === '.' || s === '') || GLOB_CHARS.test(dir) || CONTROL_CHARS.test(dir)) {
    throw new WorldError('CONFIG_SCHEMA', `checkout.always entry ${JSON.stringify(entry)} is not a directory of the world`, {
      location: { file },
      hint: 'git cone mode checks out whole directories: list directories relative to the world root (e.g. `modules`, `tools`), without globs, ".." or control characters',
    });
  }
  return dir;
};

/** A world-relative directory from a path setting (nix.lib, nix.nixpkgs), if it is one. */
const worldDir = (path: string | null): string | undefined => {
  if (path === null || path === 'builtin' || isAbsolute(path)) return undefined;
  const dir = path.replace(/^\.\//, '').replace(/\/+$/, '');
  return dir === '' || dir.split('/').includes('..') ? undefined : dir;
};

/** Drops directories that lie inside another one of the set; sorts. */
export const minimizeDirs = (dirs: Iterable<string>): string[] => {
  const sorted = [...new Set(dirs)].sort();
  const out: string[] = [];
  for (const d of sorted) if (!out.some((o) => isWithin(d, o))) out.push(d);
  return out;
};

/**
 * Whether cone mode keeps `path` on disk: it lies inside a cone directory, or directly inside
 * the root or a parent of a cone directory. `dirs` containing '' is the whole repository.
 */
export const inCone = (path: string, dirs: readonly string[]): boolean => {
  const slash = path.lastIndexOf('/');
  const parent = slash < 0 ? '' : path.slice(0, slash);
  if (parent === '') return true;
  return dirs.some((d) => isWithin(path, d) || isWithin(d, parent));
};

/** The directories every checkout of this world holds, whatever its roots. */
export const alwaysDirs = (graph: ProjectGraph): string[] => {
  const { config } = graph.world;
  const dirs = config.checkout.always.map((e) => alwaysDir(e, config.file));
  dirs.push(config.modules);
  for (const extra of [worldDir(config.nix.lib), worldDir(config.nix.nixpkgs)]) if (extra) dirs.push(extra);
  return minimizeDirs(dirs);
};

/** The cone for `roots` (project names), at the graph's revision. */
export const computeCone = (graph: ProjectGraph, roots: readonly string[]): Cone => {
  const rootSet = new Set(roots);
  const closure = graph.dependencyClosure(rootSet);
  const always = alwaysDirs(graph);
  const dirs = minimizeDirs([...[...closure].map((n) => graph.get(n)!.dir), ...always]);
  return {
    roots: [...rootSet].sort(),
    dependencies: [...closure].filter((n) => !rootSet.has(n)).sort(),
    always,
    dirs,
  };
};

/** Projects whose whole directory the cone keeps on disk. */
export const projectsInCone = (graph: ProjectGraph, dirs: readonly string[]): string[] =>
  [...graph.projects.values()].filter((p) => dirs.some((d) => isWithin(p.dir, d))).map((p) => p.name).sort();

/** Directories in `a` and not in `b`. */
export const dirsMissingFrom = (a: readonly string[], b: readonly string[]): string[] => {
  const set = new Set(b);
  return a.filter((d) => !set.has(d));
};
