/**
 * Discovery: from git's view of the world (a commit, or the index plus the working tree) to
 * parsed world and project configs and the catalog of shared modules.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { WorldError, checkConfigSize, quote, didYouMean, digest, worldNixPaths, dirOf, git, isWithin, refNames, matcherOf, readBlobs, readStateJson, throwCollected, isWorldError, writeStateJson, isRecord } from '@world/core';
import type { PackageManifest, ProjectConfig, WorldConfig } from '@world/config';
import { ParseCache, blobId, type CachedParse } from './parse-cache.js';
import { indexStamp, listDiscoveryFiles, worktreeOverlay, type DiscoveryScope, type HeadSource, type ListedFile } from './tree-listing.js';
import { lazyManifests, packManifests, readSnapshot, snapshotKey, writeSnapshot } from './snapshot.js';
import type { WorldRoot } from './root.js';

import type { ModuleInfo } from './snapshot.js';

export type { ModuleInfo } from './snapshot.js';

export interface World {
  /** Identifies this exact set of config files: equal keys, equal worlds. */
  key: string;
  root: WorldRoot;
  source: HeadSource;
  config: WorldConfig;
  /** Sorted by directory. */
  projects: ProjectConfig[];
  modules: Map<string, ModuleInfo>;
  /** world's built-in module library: name → absolute path of its file. A world's own module of the same name wins. */
  builtinModules: Map<string, string>;
  /** Project directory → modules its own project.nix references, for projects that have one. */
  projectNix: Map<string, string[]>;
  /** Project directory → its package.json, for projects that have one, when the world reads them (`deps.from`). */
  readonly manifests: ReadonlyMap<string, PackageManifest>;
}

// The parser is loaded only when something needs parsing: warm runs never pay for it.
const parsers = () => import('@world/config');

/** Finds relative path literals in Nix source; a conservative view of what a file imports. */
const nixPathRefs = (source: string): string[] => {
  const refs = new Set<string>();
  for (const m of source.matchAll(/(?<![\w/.-])(\.\.?\/[\w.+\-/]*)/g)) refs.add(m[1]!.replace(/\/+$/, ''));
  return [...refs];
};

/** `a/./b/../c` → `a/c`; undefined when the path climbs out of the world. */
export const normalizePath = (path: string): string | undefined => {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(seg);
  }
  return out.join('/');
};

/** `modules/node.nix` and `modules/node/…` both belong to module `node`. */
export const moduleNameOf = (path: string, modulesDir: string): string | undefined => {
  if (!isWithin(path, modulesDir) || path === modulesDir) return undefined;
  const rest = path.slice(modulesDir.length + 1);
  const slash = rest.indexOf('/');
  return slash < 0 ? rest.replace(/\.nix$/, '') : rest.slice(0, slash);
};

/** Where world.yaml is read from: the disk, or a commit. */
export type WorldYamlSource = { kind: 'worktree' } | { kind: 'commit'; oid: string };

const notAFile = (file: string, kind: string, revision?: string): WorldError =>
  new WorldError('CONFIG_NOT_A_FILE', `${revision ? `in ${quote(revision)}, ` : ''}the file is ${kind}, not a regular file`, {
    location: { file },
    hint: `world reads config only from regular files inside the world: commit ${file} as a file, not a link or a directory`,
  });

/**
 * world.yaml from the disk: a regular file inside the world, never a link to one elsewhere
 * (whose content would otherwise be parsed, and quoted in errors). O_NONBLOCK keeps a FIFO
 * from blocking the open; its size is checked before its content is read.
 */
const readWorktreeWorldYaml = (root: string): Buffer => {
  let fd: number;
  try {
    fd = openSync(join(root, 'world.yaml'), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw notAFile('world.yaml', 'a symbolic link');
    if (code === 'ENOENT') throw new WorldError('NOT_A_WORLD', `${root} has no world.yaml`, { hint: 'create world.yaml at the top of the repository, or restore it' });
    throw new WorldError('CONFIG_NOT_A_FILE', `world.yaml cannot be read (${code ?? String(e)})`, { location: { file: 'world.yaml' }, hint: 'check the file\'s permissions' });
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw notAFile('world.yaml', stat.isDirectory() ? 'a directory' : 'a special file');
    checkConfigSize('world.yaml', stat.size);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
};

/** world.yaml at a commit: a blob of mode 100644 or 100755 (120000 is a link, and its blob only the link's target). */
const readCommittedWorldYaml = async (root: string, oid: string): Promise<Buffer> => {
  // Not `ls-tree -l`: asking for the size would fetch the blob of a partial clone twice.
  const listed = await git(root, ['ls-tree', '-z', '--end-of-options', oid, '--', 'world.yaml'], { allowExitCodes: [128] });
  const entry = /^(\d+) (\w+) ([0-9a-f]+)\t/.exec(listed.stdout.toString());
  if (listed.exitCode !== 0 || !entry) {
    // A mistyped --head is not "a commit without world.yaml": say that the revision does not exist.
    const exists = await git(root, ['rev-parse', '--verify', '-q', '--end-of-options', `${oid}^{commit}`], { allowExitCodes: [1, 128] });
    if (exists.exitCode !== 0) {
      throw new WorldError('HEAD_UNRESOLVED', `head ${JSON.stringify(oid)} is not a commit of this repository${didYouMean(oid, await refNames(root))}`, {
        hint: 'check the name, or fetch it',
      });
    }
    throw new WorldError('NOT_A_WORLD', `commit ${oid.slice(0, 12)} has no world.yaml`, {
      hint: 'pick a revision of the world that has world.yaml at its top',
    });
  }
  const [, mode, type, blob] = entry;
  if (mode === '120000') throw notAFile('world.yaml', 'a symbolic link', oid);
  if (type !== 'blob') throw notAFile('world.yaml', type === 'tree' ? 'a directory' : `a ${type}`, oid);
  return (await git(root, ['cat-file', 'blob', blob!])).stdout;
};

const readWorldYaml = (root: string, source: WorldYamlSource): Promise<Buffer> =>
  source.kind === 'worktree' ? Promise.resolve(readWorktreeWorldYaml(root)) : readCommittedWorldYaml(root, source.oid);

/** Bumped when parsing world.yaml changes, so a cached parse from before is not trusted. */
const WORLD_CONFIG_CACHE_VERSION = 4;

/** What discovery lists for a world. */
export const discoveryScope = (config: WorldConfig): DiscoveryScope => ({ modulesDir: config.modules, manifests: config.deps.from.includes('package.json') });

const isProjectFile = (path: string): boolean => path === 'project.yaml' || path.endsWith('/project.yaml');
const isManifestFile = (path: string): boolean => path === 'package.json' || path.endsWith('/package.json');

/**
 * A reference to the modules directory itself (or above it) can reach any file in it
 * (`../. + "/${x}.nix"`, `builtins.readFile (./. + "/data")`): its users depend on all of it.
 */
export const ANY_MODULE = '*';

export const openParseCache = (root: WorldRoot): ParseCache => new ParseCache(root.stateDir);

/** world.yaml at the head: from the disk for the working tree, from git for a commit. Cached by content in a small file of its own. */
export const readWorldConfig = async (root: WorldRoot, source: WorldYamlSource): Promise<WorldConfig> => {
  const worldBytes = await readWorldYaml(root.root, source);
  const oid = blobId(worldBytes);
  const file = join(root.stateDir, 'world-config.json');
  const cached = readStateJson(file);
  if (isRecord(cached) && cached.version === WORLD_CONFIG_CACHE_VERSION && cached.oid === oid && isRecord(cached.config)) return cached.config as unknown as WorldConfig;
  const config = (await parsers()).parseWorldConfig(worldBytes);
  try {
    writeStateJson(file, { version: WORLD_CONFIG_CACHE_VERSION, oid, config });
  } catch {
    /* read-only .git: parse again next time */
  }
  return config;
};

export interface DiscoverOptions {
  cache?: ParseCache;
  /** world.yaml already read for this source. */
  config?: WorldConfig;
}

export const discover = async (root: WorldRoot, source: HeadSource, opts: DiscoverOptions = {}): Promise<World> => {
  const cache = opts.cache ?? openParseCache(root);
  const config = opts.config ?? (await readWorldConfig(root, source));
  const builtin = builtinModules();

  // Working tree: the index file's stamp plus the dirty config files identify the listing.
  const scope = discoveryScope(config);
  const overlay = source.kind === 'worktree' ? worktreeOverlay(root.root, scope, source) : undefined;
  const stamp = indexStamp(root.gitDir);
  const snapKey = overlay && stamp
    ? snapshotKey([stamp, JSON.stringify(config), ...[...builtin.keys()], ...[...overlay].map(([p, f]) => `${p}:${f?.oid ?? 'deleted'}`)])
    : undefined;
  const snap = snapKey ? await readSnapshot(root.stateDir, snapKey) : undefined;
  if (snap) {
    const manifests = lazyManifests(snap.manifests);
    return {
      key: snap.key,
      root,
      source,
      config,
      projects: snap.projects,
      modules: new Map(snap.modules.map((m) => [m.name, m])),
      builtinModules: builtin,
      projectNix: new Map(snap.projectNix),
      get manifests() {
        return manifests();
      },
    };
  }

  const inProjects = matcherOf(config.projects);
  const all = (await listDiscoveryFiles(root.root, root.gitDir, scope, source, cache, overlay)).filter(
    (f) => !(f.path.endsWith('project.yaml') || f.path.endsWith('project.nix')) || inProjects(dirOf(f.path)),
  );
  // A package.json counts only as a project's own manifest: fixtures and other packages are not read.
  const listedDirs = new Set(all.filter((f) => isProjectFile(f.path)).map((f) => dirOf(f.path)));
  const listed = all.filter((f) => !isManifestFile(f.path) || listedDirs.has(dirOf(f.path)));

  const keyOf = (f: ListedFile) => `${f.path}:${f.oid}`;
  const misses = listed.filter((f) => f.path !== 'world.yaml' && !cache.get(keyOf(f)));
  const blobs = await readBlobs(root.root, misses.filter((f) => !f.content).map((f) => f.oid));
  const errors: WorldError[] = [];
  const parsed = new Map<string, CachedParse>();
  for (const f of listed) {
    if (f.path === 'world.yaml') continue;
    if (f.symlink && (isProjectFile(f.path) || isManifestFile(f.path))) {
      errors.push(notAFile(f.path, 'a symbolic link'));
      continue;
    }
    let entry = cache.get(keyOf(f));
    if (!entry) {
      const bytes = f.content ?? blobs.get(f.oid)?.content;
      if (!bytes) {
        errors.push(new WorldError('GIT_FAILED', `git has no object ${f.oid} for ${f.path}`, {
          hint: 'the clone is missing objects: run `git fetch` (for a partial clone, check that its remote is reachable)',
        }));
        continue;
      }
      try {
        entry = f.path.endsWith('.nix')
          ? { kind: 'nix', refs: nixPathRefs(bytes.toString('utf8')) }
          : isManifestFile(f.path)
            ? { kind: 'manifest', manifest: (await parsers()).parsePackageManifest(bytes, f.path) }
            : { kind: 'project', config: (await parsers()).parseProjectConfig(bytes, f.path) };
      } catch (e) {
        if (!isWorldError(e)) throw e;
        errors.push(e);
        continue;
      }
      cache.set(keyOf(f), entry);
    }
    parsed.set(f.path, entry);
  }
  throwCollected(errors);
  cache.save();

  const projects: ProjectConfig[] = [];
  const modules = new Map<string, ModuleInfo>();
  const nixRefs = new Map<string, string[]>();
  const manifests = new Map<string, PackageManifest>();
  for (const [path, entry] of parsed) {
    if (entry.kind === 'project') projects.push(entry.config);
    else if (entry.kind === 'manifest') manifests.set(dirOf(path), entry.manifest);
    else if (entry.kind === 'nix') {
      const dir = dirOf(path);
      const targets = entry.refs
        .map((r) => normalizePath(`${dir}/${r}`))
        // A path to the modules directory itself (or above it) can reach any module (`../. + "/${x}.nix"`).
        .map((p) => (p === undefined ? undefined : isWithin(config.modules, p) ? ANY_MODULE : moduleNameOf(p, config.modules)))
        .filter((m): m is string => m !== undefined);
      const name = moduleNameOf(path, config.modules);
      if (name !== undefined) {
        const info = modules.get(name) ?? { name, files: [], references: [] };
        info.files.push(path);
        info.references = [...new Set([...info.references, ...targets.filter((t) => t !== name)])];
        modules.set(name, info);
      } else nixRefs.set(dir, [...new Set(targets)]);
    }
  }
  projects.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  const projectDirs = new Set(projects.map((p) => p.dir));
  const projectNix = new Map([...nixRefs].filter(([dir]) => projectDirs.has(dir)));
  const key = snapKey ?? digest([JSON.stringify(config), ...[...builtin.keys()], ...listed.map(keyOf)]);
  if (snapKey) writeSnapshot(root.stateDir, { key, projects, modules: [...modules.values()], projectNix: [...projectNix], manifests: packManifests(manifests) });
  return { key, root, source, config, projects, modules, builtinModules: builtin, projectNix, manifests };
};

let builtins: Map<string, string> | undefined;
const builtinModules = (): Map<string, string> =>
  (builtins ??= new Map(
    readdirSync(worldNixPaths().moduleLibrary)
      .filter((f) => f.endsWith('.nix'))
      .map((f) => [f.slice(0, -4), join(worldNixPaths().moduleLibrary, f)]),
  ));
