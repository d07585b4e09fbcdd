/**
 * Fingerprints: a project's key names everything its targets are built from — its input
 * files (git object ids), the modules it composes, world's own Nix code and settings, and
 * its dependencies' keys — so it is known before Nix runs, and equal keys mean equal
 * derivations.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { digest, worldNixPaths, isWithin, matcherOf } from '@world/core';
import type { ProjectGraph } from '@world/graph';
import type { SourceFile, SourceTree } from './source-files.js';

// Bump when the meaning of a key changes, so old cache entries stop matching.
const KEY_VERSION = 'world-key-2';
const SOURCE_KEY_VERSION = 'world-src-1';

export interface ProjectFingerprint {
  project: string;
  key: string;
  /** Names the project's sources alone (its `<project>-src` store path), whatever its modules and settings. */
  sourceKey: string;
  /** The project's input files, repository-relative. */
  files: SourceFile[];
}

export interface Fingerprints {
  /** Digest of world.yaml's build settings and world's own Nix code. */
  worldKey: string;
  /** The world's modules directory (shared modules), as sources. */
  moduleFiles: SourceFile[];
  /** The modules directory's sources alone. */
  modulesSourceKey: string;
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
const worldNixDigest = (): string =>
  (nixCodeDigest ??= digest([digestTree(join(worldNixPaths().dir, 'world')), digestTree(worldNixPaths().lib)]));

const builtinDigests = new Map<string, string>();
const builtinModuleDigest = (file: string): string => {
  let d = builtinDigests.get(file);
  if (d === undefined) builtinDigests.set(file, (d = digest([file.slice(worldNixPaths().dir.length), readFileSync(file, 'utf8')])));
  return d;
};

const fileParts = (files: readonly SourceFile[], base: string): string[] =>
  files.flatMap((f) => [f.path.slice(base === '' ? 0 : base.length + 1), f.mode, f.oid]);

/** A store path is named by its content and its name: both are in the key. */
const sourceKeyOf = (storeName: string, files: readonly SourceFile[], base: string): string => digest([SOURCE_KEY_VERSION, storeName, ...fileParts(files, base)]);

export const computeFingerprints = (graph: ProjectGraph, tree: SourceTree, names: Iterable<string>): Fingerprints => {
  const { config } = graph.world;
  const wanted = graph.dependencyClosure(names);
  // Only the settings that shape derivations: where caches and builders are does not.
  const { lib, nixpkgs, hostPath } = config.nix;
  const worldKey = digest([KEY_VERSION, worldNixDigest(), JSON.stringify({ lib, nixpkgs, hostPath }), config.modules]);

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
  moduleFiles.sort((a, b) => (a.path < b.path ? -1 : 1));

  // A project's key covers only the modules it composes, so editing one module
  // re-keys only its users.
  const moduleDigest = new Map<string, string>();
  const digestOfModule = (name: string): string => {
    let d = moduleDigest.get(name);
    if (d === undefined) {
      const builtin = graph.world.modules.has(name) ? undefined : graph.world.builtinModules.get(name);
      const files = moduleFiles.filter((f) => f.path === `${config.modules}/${name}.nix` || isWithin(f.path, `${config.modules}/${name}`));
      d = builtin ? builtinModuleDigest(builtin) : digest([name, ...fileParts(files, config.modules)]);
      moduleDigest.set(name, d);
    }
    return d;
  };

  const projects = new Map<string, ProjectFingerprint>();
  for (const name of graph.topologicalOrder(wanted)) {
    const p = graph.get(name)!;
    const inputs = p.config.inputs ? matcherOf(p.config.inputs) : undefined;
    const files = byProject
      .get(name)!
      .filter((f) => {
        const rel = p.dir === '' ? f.path : f.path.slice(p.dir.length + 1);
        return !inputs || rel === 'project.yaml' || rel === 'project.nix' || inputs(rel);
      })
      .sort((a, b) => (a.path < b.path ? -1 : 1));
    // The source key stands for the files (and the store name, which holds the project's name).
    const sourceKey = sourceKeyOf(`${name}-src`, files, p.dir);
    const key = digest([worldKey, p.dir, sourceKey, ...p.modules.map(digestOfModule), ...p.deps.map((d) => `${d}=${projects.get(d)!.key}`)]);
    projects.set(name, { project: name, key, sourceKey, files });
  }
  const modulesSourceKey = sourceKeyOf(`${config.name}-modules`, moduleFiles, config.modules);
  return { worldKey, moduleFiles, modulesSourceKey, projects };
};
