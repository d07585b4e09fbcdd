/**
 * Fingerprints: a project's key names everything its targets' derivations are made from, so
 * it is known before Nix runs, and **equal keys mean equal derivations**. The key covers:
 *
 * - world's own Nix code (entry, builder, module-system lib) and the built-in modules it uses;
 * - the world's settings that shape derivations (modules directory, nix.lib, nix.nixpkgs,
 *   hostPath) — lib and nixpkgs by their content (git objects inside the world, the store
 *   path's own hash, or a content digest of a host directory), hostPath resolved against this
 *   checkout and with a digest of the commands in it;
 * - the global inputs (world.yaml's `global`), by content;
 * - the project's input files (git object ids; dirty files hashed), its directory;
 * - the files of every module it composes, directly or through `imports` (and, for a project
 *   with its own project.nix, which may import any of them by path, every module file);
 * - its dependencies' keys, and whether each is a runtime or a test-only dependency.
 *
 * In a cycle of the project graph a key cannot include the keys of its dependencies in the
 * cycle (they would include it): keys are computed over the condensation. A cycle's members
 * share a component key made of every member's own parts, the edges among them with their
 * kinds, and the keys of the dependencies outside the cycle; a member's key is the digest of
 * the component key and its name. A change to any member re-keys them all.
 *
 * Everything hashed here is exactly what evaluation reads: project sources, modules, globals
 * and a lib or nixpkgs inside the world reach Nix as store paths made from these very bytes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { WorldError, digest, worldNixPaths, isWithin, matcherOf, STORE_DIR } from '@world/core';
import { ANY_MODULE } from '@world/discovery';
import type { ProjectGraph } from '@world/graph';
import type { SourceFile, SourceTree } from './source-files.js';
import { HostDigests } from './host-digest.js';

// Bump when the meaning of a key changes, so old cache entries stop matching.
export const KEY_VERSION = 'world-key-5';
/** Where this code is, so the fingerprint memo can tell it apart from another build's. */
export const FINGERPRINT_CODE = import.meta.url;
const SOURCE_KEY_VERSION = 'world-src-1';

/** Sources staged into the store under one name: a project's, the modules', the globals'. */
export interface SourceSet {
  /** Store name, e.g. `payments-api-src`. */
  name: string;
  /** Directory the files are relative to ('' for the repository root). */
  base: string;
  readonly files: readonly SourceFile[];
  /** Names the store path: its name and content. */
  readonly key: string;
}

/** Where Nix imports `nix.lib` or `nix.nixpkgs` from, and what identifies its content. */
export type NixInput =
  /** world's own module-system lib (covered by world's Nix code). */
  | { kind: 'builtin'; path: string }
  /** A directory of the world: staged into the store from git like any source. */
  | { kind: 'world'; sources: SourceSet }
  /** A store path: immutable, and named by its content already. */
  | { kind: 'store'; path: string }
  /** A directory elsewhere on the host: its content digest. */
  | { kind: 'host'; path: string; digest: string };

export interface WorldInputs {
  /** world.yaml's global inputs: staged as `<world>-globals`, reachable by every target. */
  globals: SourceSet;
  lib: NixInput;
  nixpkgs: NixInput | null;
  /** nix.hostPath resolved against this checkout: what builds get as PATH. */
  hostPath: string[];
  /** A digest of the commands in those directories: part of every derivation, so a replaced tool rebuilds. */
  hostTools: string;
  /** The same, per directory. */
  hostToolDirs: [string, string][];
}

/**
 * What a project's key is made of, kept with its cache entry so that a later run can say what
 * changed since ("why did this rebuild"). The key is the digest of exactly these parts; for a
 * member of a cycle, of the component key its in-cycle dependencies carry (which covers every
 * member's parts) and its name.
 */
export interface KeyParts {
  /** Inputs every project shares (see the list at the top). */
  world: {
    nixCode: string;
    name: string;
    modulesDir: string;
    /** Global input path → `mode:oid`. */
    globals: Record<string, string>;
    lib: string;
    nixpkgs: string;
    /** PATH directory → digest of its commands, in PATH order. */
    hostTools: [string, string][];
  };
  dir: string;
  /** Input file path → `mode:oid`. */
  files: Record<string, string>;
  /** For a project with project.nix: the key of its Nix sources. */
  nixSources: string | null;
  /** Module → digest of its files. */
  modules: Record<string, string>;
  /**
   * Dependency → its key, prefixed `test-only ` for a dependency only test and lint targets
   * link. For a dependency in the same cycle as the project, the value is `component <key>`,
   * the cycle's component key (see the top of this file): any member's change shows here.
   */
  deps: Record<string, string>;
}

export interface ProjectFingerprint {
  project: string;
  key: string;
  parts: KeyParts;
  /** The project's input files: its `<project>-src` store path. */
  sources: SourceSet;
  /**
   * For a project with its own project.nix: the files its Nix code is evaluated from
   * (`<project>-nix`: the project's files and the modules directory at their repository
   * paths, so `imports = [ ../../modules/x.nix ]` resolves as it does in the checkout).
   */
  nixSources?: SourceSet;
}

export interface Fingerprints {
  /** Digest of everything every key shares: world's Nix code, settings and world inputs. */
  worldKey: string;
  world: WorldInputs;
  /** The world's modules directory (shared modules), as sources. */
  modules: SourceSet;
  projects: Map<string, ProjectFingerprint>;
}

const digestTree = (dir: string): string => {
  const parts: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else parts.push(full.slice(dir.length), readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return digest(parts);
};

let nixCodeDigest: string | undefined;
/** world's entry, builder and module-system lib: part of every key. Built-in modules count only for their users. */
export const worldNixDigest = (): string =>
  (nixCodeDigest ??= digest([digestTree(join(worldNixPaths().dir, 'world')), digestTree(worldNixPaths().lib)]));

const builtinDigests = new Map<string, string>();
export const builtinModuleDigest = (file: string): string => {
  let d = builtinDigests.get(file);
  if (d === undefined) builtinDigests.set(file, (d = digest([file.slice(worldNixPaths().dir.length), readFileSync(file, 'utf8')])));
  return d;
};

const fileParts = (files: readonly SourceFile[], base: string): string[] =>
  files.flatMap((f) => [f.path.slice(base === '' ? 0 : base.length + 1), f.mode, f.oid]);

/** path (relative to `base`) → `mode:oid`: what a file contributes to a key. */
const fileMap = (files: readonly SourceFile[], base: string): Record<string, string> =>
  Object.fromEntries(files.map((f) => [f.path.slice(base === '' ? 0 : base.length + 1), `${f.mode}:${f.oid}`]));

const byPath = (a: SourceFile, b: SourceFile) => (a.path < b.path ? -1 : 1);

/**
 * A store path is named by its content and its name: both are in the key. The key is computed
 * when first asked for (staging asks; a project's fingerprint has its files already), so a
 * run that evaluates one project does not hash every project's file list twice.
 */
export const sourceSet = (name: string, base: string, files: SourceFile[]): SourceSet => {
  files.sort(byPath);
  let key: string | undefined;
  return {
    name,
    base,
    files,
    get key() {
      return (key ??= digest([SOURCE_KEY_VERSION, name, ...fileParts(files, base)]));
    },
  };
};

/** The tree's files under a repository directory. */
const filesUnder = (tree: SourceTree, dir: string): SourceFile[] => [...tree.values()].filter((f) => isWithin(f.path, dir));

/** Where a `nix.lib`/`nix.nixpkgs` setting points, before the world's files are read. */
type NixInputPlace = Exclude<NixInput, { kind: 'world' }> | { kind: 'world'; dir: string; setting: string; storeName: string };

/** nix.lib / nix.nixpkgs: inside the world (read from git later); a store path as it is; elsewhere by a content digest. */
const placeNixInput = (setting: string, storeName: string, root: string, host: HostDigests): NixInputPlace => {
  const abs = isAbsolute(setting) ? setting : resolve(root, setting);
  const rel = relative(root, abs);
  if (rel !== '..' && !rel.startsWith('../') && !isAbsolute(rel)) return { kind: 'world', dir: rel, setting, storeName };
  if (isWithin(abs, STORE_DIR) && abs !== STORE_DIR) return { kind: 'store', path: abs };
  return { kind: 'host', path: abs, digest: host.tree(abs) };
};

/** A world directory's files from the tree, as sources. */
const nixInput = (place: NixInputPlace, what: 'nix.lib' | 'nix.nixpkgs', tree: SourceTree): NixInput => {
  if (place.kind !== 'world') return place;
  const files = filesUnder(tree, place.dir);
  if (files.length === 0) {
    throw new WorldError('CONFIG_SCHEMA', `${what} is ${JSON.stringify(place.setting)}, but the world has no files in ${place.dir === '' ? 'its root' : place.dir}`, {
      location: { file: 'world.yaml' },
      hint: `commit (or at least create) the directory, or point ${what} at a directory outside the world or a store path`,
    });
  }
  return { kind: 'world', sources: sourceSet(place.storeName, place.dir, files) };
};

const inputIdentity = (input: NixInput | null): string =>
  input === null ? 'none' : input.kind === 'builtin' ? 'builtin' : input.kind === 'world' ? `world:${input.sources.key}` : input.kind === 'store' ? `store:${input.path}` : `host:${input.path}:${input.digest}`;

/**
 * What every key shares that the host holds rather than git: the commands on nix.hostPath
 * and a nix.lib/nix.nixpkgs outside the world, by content. Read on every run (they are not in
 * git: only their stat signatures say whether they changed).
 */
export interface HostInputs {
  /** nix.hostPath resolved against this checkout. */
  hostPath: string[];
  hostToolDirs: [string, string][];
  hostTools: string;
  lib: NixInputPlace;
  nixpkgs: NixInputPlace | null;
}

export const hostInputs = (graph: ProjectGraph, host: HostDigests): HostInputs => {
  const { config, root } = graph.world;
  const worldRoot = root.root;
  const lib: NixInputPlace = config.nix.lib === 'builtin' ? { kind: 'builtin', path: worldNixPaths().lib } : placeNixInput(config.nix.lib, `${config.name}-nix-lib`, worldRoot, host);
  const nixpkgs = config.nix.nixpkgs === null ? null : placeNixInput(config.nix.nixpkgs, `${config.name}-nixpkgs`, worldRoot, host);
  // Relative entries (node_modules/.bin) name tools inside this checkout: resolved, they differ per worktree.
  const hostPath = config.nix.hostPath.map((d) => (isAbsolute(d) ? d : resolve(worldRoot, d)));
  const hostToolDirs = hostPath.map((d): [string, string] => [d, host.pathDirectory(d)]);
  const hostTools = digest(hostToolDirs.flat());
  host.save();
  return { hostPath, hostToolDirs, hostTools, lib, nixpkgs };
};

/** The host's share of every key, as a string: part of the fingerprint memo's key. */
export const hostIdentity = (h: HostInputs): string => {
  const place = (p: NixInputPlace | null): string => (p === null ? 'none' : p.kind === 'world' ? `world:${p.dir}` : inputIdentity(p));
  return JSON.stringify([h.hostToolDirs, place(h.lib), place(h.nixpkgs)]);
};

const worldInputs = (graph: ProjectGraph, tree: SourceTree, host: HostInputs): WorldInputs => {
  const { config } = graph.world;
  const isGlobal = matcherOf(config.global);
  const globals = sourceSet(`${config.name}-globals`, '', [...tree.values()].filter((f) => isGlobal(f.path)));
  const lib = nixInput(host.lib, 'nix.lib', tree);
  const nixpkgs = host.nixpkgs === null ? null : nixInput(host.nixpkgs, 'nix.nixpkgs', tree);
  return { globals, lib, nixpkgs, hostPath: host.hostPath, hostTools: host.hostTools, hostToolDirs: host.hostToolDirs };
};

/** `host`: the host's inputs, or where to read them from (they are read now then). */
export const computeFingerprints = (graph: ProjectGraph, tree: SourceTree, names: Iterable<string>, host: HostDigests | HostInputs): Fingerprints => {
  const { config } = graph.world;
  const wanted = graph.dependencyClosure(names);
  const world = worldInputs(graph, tree, host instanceof HostDigests ? hostInputs(graph, host) : host);
  const worldParts: KeyParts['world'] = {
    nixCode: worldNixDigest(),
    name: config.name,
    modulesDir: config.modules,
    globals: fileMap(world.globals.files, ''),
    lib: inputIdentity(world.lib),
    nixpkgs: inputIdentity(world.nixpkgs),
    hostTools: world.hostToolDirs,
  };
  const worldKey = digest([KEY_VERSION, JSON.stringify(worldParts)]);

  const byProject = new Map<string, SourceFile[]>([...wanted].map((n) => [n, []]));
  const moduleFiles: SourceFile[] = [];
  for (const f of tree.values()) {
    if (isWithin(f.path, config.modules)) {
      moduleFiles.push(f);
      continue;
    }
    const owner = graph.owner(f.path);
    if (owner) byProject.get(owner.name)?.push(f);
  }
  const modules = sourceSet(`${config.name}-modules`, config.modules, moduleFiles);

  // A project's key covers only the modules it composes, so editing one module
  // re-keys only its users.
  const moduleDigest = new Map<string, string>();
  const digestOfModule = (name: string): string => {
    let d = moduleDigest.get(name);
    if (d === undefined) {
      const builtin = graph.world.modules.has(name) ? undefined : graph.world.builtinModules.get(name);
      const files = modules.files.filter((f) => f.path === `${config.modules}/${name}.nix` || isWithin(f.path, `${config.modules}/${name}`));
      // A module that names the modules directory itself may read any file in it.
      d = name === ANY_MODULE ? digest([name, modules.key]) : builtin ? builtinModuleDigest(builtin) : digest([name, ...fileParts(files, config.modules)]);
      moduleDigest.set(name, d);
    }
    return d;
  };

  const projects = new Map<string, ProjectFingerprint>();
  const componentOf = new Map<string, string[]>();
  for (const members of graph.cycles) for (const m of members) componentOf.set(m, members);
  const own = new Map<string, Omit<ProjectFingerprint, 'key'>>();
  const ownParts = (name: string): Omit<ProjectFingerprint, 'key'> => {
    const p = graph.get(name)!;
    const inputs = p.config.inputs ? matcherOf(p.config.inputs) : undefined;
    const files = byProject.get(name)!.filter((f) => {
      const rel = p.dir === '' ? f.path : f.path.slice(p.dir.length + 1);
      return !inputs || graph.isConfigFile(rel) || inputs(rel);
    });
    const sources = sourceSet(`${name}-src`, p.dir, files);
    // project.nix may import any module file by relative path: its Nix sources hold them all.
    const nixSources = p.hasProjectNix ? sourceSet(`${name}-nix`, '', [...sources.files, ...modules.files]) : undefined;
    const parts: KeyParts = {
      world: worldParts,
      dir: p.dir,
      files: fileMap(sources.files, p.dir),
      nixSources: nixSources?.key ?? null,
      modules: Object.fromEntries(p.modules.map((m) => [m, digestOfModule(m)])),
      deps: {},
    };
    return { project: name, parts, sources, ...(nixSources ? { nixSources } : {}) };
  };
  /** What a dependency contributes: its key (or the component's), marked when only tests link it. */
  const depValue = (p: { devDeps: string[] }, dep: string, key: string): string => (p.devDeps.includes(dep) ? `test-only ${key}` : key);
  const depsOf = (name: string, inComponent: (dep: string) => string | undefined): Record<string, string> => {
    const p = graph.get(name)!;
    return Object.fromEntries(p.deps.map((d) => [d, depValue(p, d, inComponent(d) ?? projects.get(d)!.key)]));
  };
  // The world's share is in worldKey already; the rest is the project's own.
  const keyOf = (parts: KeyParts): string => digest([KEY_VERSION, worldKey, JSON.stringify({ ...parts, world: null })]);
  const seen = new Map<string[], number>();
  for (const name of graph.topologicalOrder(wanted)) {
    const members = componentOf.get(name);
    if (!members) {
      const f = ownParts(name);
      f.parts.deps = depsOf(name, () => undefined);
      projects.set(name, { ...f, key: keyOf(f.parts) });
      continue;
    }
    // Dependencies order a cycle's members after all its outside dependencies: key the
    // component once its last member comes up.
    const count = (seen.get(members) ?? 0) + 1;
    seen.set(members, count);
    own.set(name, ownParts(name));
    if (count < members.length) continue;
    const inside = new Set(members);
    const component = digest([
      KEY_VERSION,
      'component',
      worldKey,
      ...members.map((m) => JSON.stringify({ name: m, ...own.get(m)!.parts, world: null, deps: depsOf(m, (d) => (inside.has(d) ? 'component' : undefined)) })),
    ]);
    for (const m of members) {
      const f = own.get(m)!;
      f.parts.deps = depsOf(m, (d) => (inside.has(d) ? `component ${component}` : undefined));
      projects.set(m, { ...f, key: digest([KEY_VERSION, 'member', component, m]) });
    }
  }
  return { worldKey, world, modules, projects };
};
