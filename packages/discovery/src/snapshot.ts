/**
 * A snapshot of the last discovery of the working tree. When the index file has not changed
 * and no config file is dirty in a new way, the world is what it was: a warm run reads one
 * file instead of listing, parsing and validating thousands of project.yaml files.
 *
 * Stages further down the pipeline (the project graph) keep their own snapshots keyed by
 * `World.key`.
 */
import { join } from 'node:path';
import { digest, isRecord, prefetchStateJson, readStateJsonAsync, writeStateJson } from '@world/core';
import type { PackageManifest, ProjectConfig } from '@world/config';

// 2: config parsing refuses hostile input (reserved keys, conflicts, limits, links); entries parsed before are not trusted.
// 3: devDeps and package manifests.
/** A world module: its files and the modules it references (kept here, with the snapshot that stores them). */
export interface ModuleInfo {
  name: string;
  /** Repository-relative files that make up the module. */
  files: string[];
  /** Other modules this one references by relative path (`imports = [ ../x.nix ]`). */
  references: string[];
}

const VERSION = 3;

export interface WorldSnapshot {
  version: number;
  key: string;
  projects: ProjectConfig[];
  modules: ModuleInfo[];
  projectNix: [string, string[]][];
  /**
   * Project directory → its package manifest, when the world reads them, as one JSON string:
   * parsed only when something asks (a warm run whose graph comes from its own snapshot never does).
   */
  manifests: string;
}

/** The manifests of a snapshot, parsed on first use. */
export const lazyManifests = (packed: string): (() => Map<string, PackageManifest>) => {
  let map: Map<string, PackageManifest> | undefined;
  return () => (map ??= new Map(JSON.parse(packed) as [string, PackageManifest][]));
};

export const packManifests = (manifests: ReadonlyMap<string, PackageManifest>): string => JSON.stringify([...manifests]);

const fileOf = (stateDir: string) => join(stateDir, 'world-snapshot.json');

export const snapshotKey = (parts: readonly string[]): string => digest([`snapshot-${VERSION}`, ...parts]);

/** Starts reading the snapshot while slower work (git status) runs; `discover` picks it up. */
export const prefetchSnapshot = (stateDir: string): void => prefetchStateJson(fileOf(stateDir));

export const readSnapshot = async (stateDir: string, key: string): Promise<WorldSnapshot | undefined> => {
  const s = await readStateJsonAsync(fileOf(stateDir));
  return isRecord(s) && s.version === VERSION && s.key === key && Array.isArray(s.projects) && typeof s.manifests === 'string' ? (s as unknown as WorldSnapshot) : undefined;
};

export const writeSnapshot = (stateDir: string, snapshot: Omit<WorldSnapshot, 'version'>): void => {
  try {
    writeStateJson(fileOf(stateDir), { version: VERSION, ...snapshot });
  } catch {
    // A read-only .git must not fail the command; the next run discovers again.
  }
};
