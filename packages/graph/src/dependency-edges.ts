/**
 * A project's dependency edges and where each came from: project.yaml's `deps` (runtime) and
 * `devDeps` (test-only), and, when the world reads manifests (`deps.from: [package.json]`),
 * the entries of its package.json that name another project:
 *
 * - `workspace:…` (pnpm, yarn): always the workspace package of that name;
 * - `file:`, `link:`, `portal:` paths (and pnpm's `workspace:../dir`): the project in that
 *   directory (a path to anything else — a tarball, a directory that is no project — is not an edge);
 * - a semver range (`^1.2.3`, `1.x`, `*`): the workspace package of that name when its version
 *   satisfies the range, as npm and yarn link it; otherwise the registry's package, no edge;
 * - anything else (a dist-tag, a git or tarball URL, an `npm:` alias): not an edge.
 *
 * devDependencies are test-only edges; dependencies, peerDependencies and
 * optionalDependencies runtime. An edge written several ways is runtime if any way is.
 */
import { createRequire } from 'node:module';
import { WorldError, didYouMean, isWorldPath, parseWorldPath, quote, type SourceLocation } from '@world/core';
import type { DepSection, PackageManifest, ProjectConfig } from '@world/config';
import { normalizePath } from '@world/discovery';

export type EdgeKind = 'runtime' | 'dev';

/** Where an edge is written: project.yaml's `deps`/`devDeps`, or a package.json section. */
export interface EdgeOrigin {
  source: 'deps' | 'devDeps' | DepSection;
  file: string;
  line: number;
  col: number;
  /** For package.json entries: the package name and version spec as written. */
  package?: string;
  spec?: string;
}

export interface DependencyEdge {
  to: string;
  kind: EdgeKind;
  origins: EdgeOrigin[];
}

/** What resolving names needs of the graph. */
export interface EdgeContext {
  byName(name: string): { name: string } | undefined;
  byDir(dir: string): { name: string } | undefined;
  /** Projects whose package.json has this `name`, with that manifest. */
  byPackage(name: string): readonly { project: string; manifest: PackageManifest }[];
  projectNames(): Iterable<string>;
  worldPaths(): Iterable<string>;
}

type Semver = { satisfies(version: string, range: string): boolean; validRange(range: string): string | null; valid(v: string): string | null };
// semver is needed only when a graph is built from manifests, never on a warm run.
let semver: Semver | undefined;
const loadSemver = (): Semver => (semver ??= createRequire(import.meta.url)('semver') as Semver);

/** A dependency on a directory: `file:../x`, `link:../x`, `portal:../x`, and pnpm's `workspace:../x`. */
const LOCAL_PATH = /^(?:file:|link:|portal:|workspace:(?=\.{1,2}\/))(.*)$/;

const isDev = (source: EdgeOrigin['source']): boolean => source === 'devDeps' || source === 'devDependencies';

/** A manifest entry's meaning to world: an edge to a project, or nothing world builds (with why, for `world init`). */
export type ManifestTarget = { project: string } | { external: 'registry' | 'range-mismatch' | 'outside' | 'no-project'; detail?: string };

export const manifestTarget = (ctx: EdgeContext, dir: string, file: string, dep: PackageManifest['deps'][number]): ManifestTarget => {
  const at: SourceLocation = { file, line: dep.line, col: dep.col };
  const local = LOCAL_PATH.exec(dep.spec);
  if (local) {
    const target = normalizePath(`${dir}/${local[1]!}`);
    if (target === undefined) return { external: 'outside' };
    const p = ctx.byDir(target);
    return p ? { project: p.name } : { external: 'no-project', detail: target };
  }
  const candidates = ctx.byPackage(dep.name);
  const workspace = dep.spec.startsWith('workspace:');
  if (candidates.length === 0) {
    if (!workspace) return { external: 'registry' };
    throw new WorldError('UNKNOWN_DEPENDENCY', `${quote(dep.name)} (${dep.section}, ${quote(dep.spec)}) names no project's package${didYouMean(dep.name, [...ctx.projectNames()])}`, {
      location: at,
      hint: 'a workspace: dependency must be a package of the world: give that package a project.yaml (`world init` writes one for every workspace package)',
    });
  }
  if (candidates.length > 1) {
    throw new WorldError('DUPLICATE_PROJECT', `${quote(dep.name)} is the package name of several projects: ${candidates.map((c) => c.manifest.file).join(', ')}`, {
      location: at,
      hint: 'give the packages different names in their package.json, or depend on one by path (file:../dir)',
      details: { name: dep.name, files: candidates.map((c) => c.manifest.file) },
    });
  }
  const [{ project, manifest }] = candidates as [{ project: string; manifest: PackageManifest }];
  if (workspace) return { project };
  const spec = dep.spec.trim();
  if (spec === '' || spec === '*' || spec === 'x') return { project };
  const s = loadSemver();
  if (s.validRange(spec) === null) return { external: 'registry', detail: `the version spec ${quote(dep.spec)} is not a range a workspace package can satisfy` };
  if (manifest.version !== null && s.valid(manifest.version) !== null && s.satisfies(manifest.version, spec)) return { project };
  return { external: 'range-mismatch', detail: `the workspace has ${dep.name}@${manifest.version ?? '(no version)'}, which ${quote(dep.spec)} does not accept` };
};

/**
 * The project's edges in declaration order: project.yaml's deps, its devDeps, then its
 * manifest's entries. `self` names the project; depending on itself through project.yaml is
 * an error, through a manifest nothing (it is no edge).
 */
export const dependencyEdges = (ctx: EdgeContext, self: string, config: ProjectConfig, manifest: PackageManifest | undefined): DependencyEdge[] => {
  const edges = new Map<string, DependencyEdge>();
  const add = (to: string, origin: EdgeOrigin) => {
    const kind: EdgeKind = isDev(origin.source) ? 'dev' : 'runtime';
    const edge = edges.get(to);
    if (!edge) edges.set(to, { to, kind, origins: [origin] });
    else {
      edge.origins.push(origin);
      if (kind === 'runtime') edge.kind = 'runtime';
    }
  };
  for (const source of ['deps', 'devDeps'] as const) {
    config[source].forEach((ref, i) => {
      const location = { file: config.file, ...config.positions[source][i]! };
      const dep = isWorldPath(ref) ? ctx.byDir(parseWorldPath(ref, location)) : ctx.byName(ref);
      if (!dep) {
        const candidates = isWorldPath(ref) ? ctx.worldPaths() : ctx.projectNames();
        throw new WorldError('UNKNOWN_DEPENDENCY', `project ${self} depends on ${JSON.stringify(ref)}, which is not a project${didYouMean(ref, candidates)}`, {
          location,
          hint: 'name a project by its `name` or its world path (//dir/of/project); `world projects` lists them',
        });
      }
      if (dep.name === self) throw new WorldError('DEPENDENCY_CYCLE', `project ${self} depends on itself`, { location, hint: `remove it from its own ${source}` });
      add(dep.name, { source, ...location } as EdgeOrigin);
    });
  }
  if (manifest) {
    const dir = config.dir;
    for (const dep of manifest.deps) {
      const target = manifestTarget(ctx, dir, manifest.file, dep);
      if (!('project' in target) || target.project === self) continue;
      add(target.project, { source: dep.section, file: manifest.file, line: dep.line, col: dep.col, package: dep.name, spec: dep.spec });
    }
  }
  return [...edges.values()];
};

/** `packages/b/package.json:12:5 (dependencies "a": "workspace:*")`, `a/project.yaml:2:8 (deps)`. */
export const describeOrigin = (o: EdgeOrigin): string =>
  `${o.file}:${o.line}:${o.col} (${o.source}${o.package !== undefined ? ` ${JSON.stringify(o.package)}: ${JSON.stringify(o.spec)}` : ''})`;
