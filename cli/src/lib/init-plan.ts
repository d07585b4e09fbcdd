/**
 * What `world init` would do to a repository: world.yaml when there is none, a project.yaml
 * for each workspace package that has none, and what it could not decide. A plan is a value:
 * `--check` reports it, a plain run writes it. Existing files are never rewritten; with
 * inference off, a project.yaml whose deps lack an edge its package.json has is drift.
 */
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorldError, checkName, dirOf, isValidName, isWorldError, isWorldPath, matcherOf, parseWorldPath } from '@world/core';
import { parseProjectConfig, type PackageManifest, type ProjectConfig, type WorldConfig } from '@world/config';
import type { Workspaces } from '@world/discovery';
import { manifestTarget, type EdgeContext } from '@world/graph';

export interface InitOptions {
  /** Whether a new world.yaml says `deps: { from: [package.json] }` (an existing world.yaml decides for itself). */
  infer: boolean;
  /** Modules every new project.yaml composes. */
  modules: string[];
}

export interface PlannedProject {
  dir: string;
  file: string;
  name: string;
  /** The package's name, when its package.json has one. */
  package: string | null;
  /** `new`: init writes it; `kept`: a project.yaml is there already. */
  state: 'new' | 'kept';
  content?: string;
}

export interface InitPlan {
  /** The content of a new world.yaml, or null when the repository has one. */
  worldYaml: string | null;
  /** Whether the world reads dependencies from package.json. */
  infer: boolean;
  projects: PlannedProject[];
  /** What init noticed and did not act on: each a line naming the file. */
  undecided: string[];
  /** What is out of sync (for --check): files missing, deps that disagree with package.json. */
  drift: string[];
}

const HEADER = 'Written by `world init`; it never overwrites this file: edit it freely.';

/** A world name from a package name: `@acme/web-app` → `acme-web-app`; undefined when nothing valid remains. */
export const projectNameOf = (packageName: string): string | undefined => {
  const name = packageName
    .toLowerCase()
    .replace(/^@/, '')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '')
    .slice(0, 128);
  return isValidName(name) ? name : undefined;
};

const pathSlug = (dir: string): string => projectNameOf(dir.replace(/\//g, '-')) ?? 'package';

/** A string as a YAML double-quoted scalar with nothing but printable ASCII in it (a package name may hold anything). */
const quoted = (value: string): string => JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const yamlList = (values: readonly string[]): string => `[${values.map(quoted).join(', ')}]`;

/** What is at a path: a regular file, something else (a link, a directory), or nothing. */
const kindAt = (path: string): 'file' | 'other' | 'none' => {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  return !stat ? 'none' : stat.isFile() ? 'file' : 'other';
};

const worldYamlOf = (name: string, ws: Workspaces, opts: InitOptions): string => {
  const from = ws.layouts.map((l) => `${l.kind} workspaces in ${l.file}`).join(', ');
  return [
    `# ${HEADER}`,
    `# Found: ${from}.`,
    `name: ${name}`,
    '# A change to these affects every project: the root manifest, lockfiles and package-manager settings.',
    `global: ${yamlList(ws.rootFiles)}`,
    ...(opts.infer
      ? ["# Each project's dependencies also come from its package.json: the workspace packages it names.", 'deps:', '  from: [package.json]']
      : []),
    '',
  ].join('\n');
};

/** Names for the packages that have no project.yaml: from the package name, by path where two would clash. */
const chooseNames = (news: { dir: string; manifest: PackageManifest }[], taken: ReadonlySet<string>, undecided: string[]): Map<string, string> => {
  const wanted = new Map<string, string>();
  const count = new Map<string, number>();
  for (const { dir, manifest } of news) {
    const base = dir.slice(dir.lastIndexOf('/') + 1);
    const name = (manifest.name !== null ? projectNameOf(manifest.name) : undefined) ?? projectNameOf(base) ?? pathSlug(dir);
    if (manifest.name === null) undecided.push(`${manifest.file}: no "name": the project is named ${name} after its directory`);
    wanted.set(dir, name);
    count.set(name, (count.get(name) ?? 0) + 1);
  }
  const names = new Map<string, string>();
  // Names that stay as wanted are used already: a path-derived name must not take one of them.
  const used = new Set([...taken, ...[...wanted.values()].filter((n) => count.get(n) === 1 && !taken.has(n))]);
  for (const { dir, manifest } of news) {
    let name = wanted.get(dir)!;
    if (count.get(name)! > 1 || taken.has(name)) {
      const first = name;
      name = pathSlug(dir);
      for (let i = 2; used.has(name); i++) name = `${pathSlug(dir)}-${i}`;
      undecided.push(`${manifest.file}: the name ${first} is taken by another package: the project is named ${name} after its path`);
    }
    used.add(name);
    names.set(dir, name);
  }
  return names;
};

/**
 * The plan for `root`, given its workspaces and its world.yaml when it has one. Existing
 * project.yaml files are read as world reads them (a link is not followed: it is kept, and
 * reported); every one is kept as it is.
 */
export const planInit = (root: string, ws: Workspaces, world: WorldConfig | null, opts: InitOptions): InitPlan => {
  for (const m of opts.modules) checkName(m, '--module');
  const undecided = [...ws.notes];
  const drift: string[] = [];
  const infer = world ? world.deps.from.includes('package.json') : opts.infer;

  const existing = new Map<string, ProjectConfig>();
  const present = new Set<string>();
  for (const file of ws.projectFiles) {
    const kind = kindAt(join(root, file));
    if (kind === 'none') continue;
    present.add(dirOf(file));
    if (kind === 'file') existing.set(dirOf(file), parseProjectConfig(readFileSync(join(root, file)), file));
    else undecided.push(`${file} is not a regular file (a link?): world refuses it; kept as it is`);
  }
  const news = ws.packages.filter((p) => !present.has(p.dir));
  // An existing world.yaml may look for project.yaml files in fewer places than the workspaces hold packages.
  const looked = world ? matcherOf(world.projects) : () => true;
  for (const { dir } of ws.packages) if (!looked(dir)) undecided.push(`${dir}/project.yaml: outside world.yaml's projects (${world!.projects.join(', ')}): world will not see this project until projects: includes it`);
  const names = chooseNames(news, new Set([...existing.values()].map((c) => c.name)), undecided);
  const projects: PlannedProject[] = ws.packages.map(({ dir, manifest }) => ({
    dir,
    file: `${dir}/project.yaml`,
    name: existing.get(dir)?.name ?? names.get(dir) ?? pathSlug(dir),
    package: manifest.name,
    state: present.has(dir) ? 'kept' : 'new',
  }));

  // The edges the graph will draw from the manifests, resolved against the planned projects.
  const byName = new Map(projects.map((p) => [p.name, p]));
  for (const c of existing.values()) if (!byName.has(c.name)) byName.set(c.name, { dir: c.dir, file: c.file, name: c.name, package: null, state: 'kept' });
  const byDir = new Map([...byName.values()].map((p) => [p.dir, p]));
  const byPackage = new Map<string, { project: string; manifest: PackageManifest }[]>();
  for (const { dir, manifest } of ws.packages) {
    if (manifest.name === null) continue;
    byPackage.set(manifest.name, [...(byPackage.get(manifest.name) ?? []), { project: byDir.get(dir)!.name, manifest }]);
  }
  const ctx: EdgeContext = {
    byName: (n) => byName.get(n),
    byDir: (d) => byDir.get(d),
    byPackage: (n) => byPackage.get(n) ?? [],
    projectNames: () => byName.keys(),
    worldPaths: () => [...byDir.keys()].map((d) => `//${d}`),
  };
  const manifestEdges = new Map<string, { runtime: Map<string, string>; dev: Map<string, string> }>();
  for (const { dir, manifest } of ws.packages) {
    const self = byDir.get(dir)!.name;
    const edges = { runtime: new Map<string, string>(), dev: new Map<string, string>() };
    for (const dep of manifest.deps) {
      const where = `${manifest.file}:${dep.line}:${dep.col}`;
      let target;
      try {
        target = manifestTarget(ctx, dir, manifest.file, dep);
      } catch (e) {
        if (!isWorldError(e)) throw e;
        undecided.push(`${e.message} — ${e.hint ?? ''}`.trim());
        continue;
      }
      if ('project' in target) {
        if (target.project !== self) (dep.section === 'devDependencies' ? edges.dev : edges.runtime).set(target.project, where);
      } else if (target.external === 'range-mismatch') undecided.push(`${where}: ${target.detail}: taken as a registry package, not an edge`);
      else if (target.external === 'no-project') undecided.push(`${where}: ${JSON.stringify(dep.spec)} is a directory of the repository that is no package (${target.detail}): not an edge`);
    }
    for (const name of edges.runtime.keys()) edges.dev.delete(name);
    manifestEdges.set(dir, edges);
  }

  for (const p of projects) {
    const edges = manifestEdges.get(p.dir)!;
    if (p.state === 'new') {
      p.content = [
        `# ${HEADER}`,
        `# Package ${p.package === null ? `in ${quoted(p.dir)}` : quoted(p.package)}${infer ? ': its dependencies come from its package.json (world.yaml deps.from).' : '.'}`,
        `name: ${p.name}`,
        ...(!infer && edges.runtime.size > 0 ? [`deps: ${yamlList([...edges.runtime.keys()])}`] : []),
        ...(!infer && edges.dev.size > 0 ? [`devDeps: ${yamlList([...edges.dev.keys()])}`] : []),
        ...(opts.modules.length > 0 ? [`modules: ${yamlList(opts.modules)}`] : []),
        '',
      ].join('\n');
      drift.push(`${p.file}: missing (package ${p.package ?? p.dir})`);
      continue;
    }
    const config = existing.get(p.dir);
    if (infer || !config) continue;
    // Without inference, project.yaml must say what package.json says (it may say more).
    const resolve = (ref: string) => (isWorldPath(ref) ? byDir.get(parseWorldPath(ref))?.name : ref);
    const runtime = new Set(config.deps.map(resolve));
    const all = new Set([...runtime, ...config.devDeps.map(resolve)]);
    for (const [name, where] of edges.runtime) if (!runtime.has(name)) drift.push(`${p.file}: deps lack ${name} (${where})`);
    for (const [name, where] of edges.dev) if (!all.has(name)) drift.push(`${p.file}: devDeps lack ${name} (${where})`);
  }
  const worldYaml = world ? null : worldYamlOf(readRootName(root) ?? projectNameOf(root.slice(root.lastIndexOf('/') + 1)) ?? 'world', ws, opts);
  if (worldYaml !== null) drift.unshift('world.yaml: missing');
  return { worldYaml, infer, projects, undecided, drift };
};

/** The world's name from the root package.json's name, when it has a usable one. */
const readRootName = (root: string): string | undefined => {
  try {
    const name = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' ? projectNameOf(name) : undefined;
  } catch {
    return undefined;
  }
};

/** No workspaces: nothing for init to go on. */
export const noWorkspaces = (root: string): WorldError =>
  new WorldError('NOT_A_WORLD', `${root} declares no workspaces: no pnpm-workspace.yaml, no "workspaces" in package.json, no lerna.json`, {
    hint: 'declare the packages (package.json: "workspaces": ["packages/*"], or pnpm-workspace.yaml), or write world.yaml and a project.yaml per project by hand (README: "Adopting world on an existing repository")',
  });
