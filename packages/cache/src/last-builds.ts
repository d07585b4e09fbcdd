/**
 * Which key each project had when one of its targets was last built on this machine: the
 * baseline a rebuild is explained against ("rebuilt: src/money.c changed since"). Cached runs
 * do not touch it; a run that built something records the keys it built. One sealed file per
 * repository; two runs at once may lose one's update, which costs only a vaguer explanation.
 */
import { join } from 'node:path';
import { isRecord, readStateJson, stateLayout, writeStateJson } from '@world/core';
import { isStoreKey } from './sharded-store.js';

export interface LastBuild {
  key: string;
  /** ISO time of the run. */
  at: string;
}

const fileOf = (sharedStateDir: string) => stateLayout({ stateDir: '', sharedStateDir }).lastBuilds;

export const readLastBuilds = (sharedStateDir: string): Map<string, LastBuild> => {
  const read = readStateJson(fileOf(sharedStateDir));
  const out = new Map<string, LastBuild>();
  if (!isRecord(read)) return out;
  for (const [project, v] of Object.entries(read)) {
    if (isRecord(v) && isStoreKey(v.key) && typeof v.at === 'string') out.set(project, { key: v.key, at: v.at });
  }
  return out;
};

/** Records project → key for the projects this run built targets of. */
export const recordLastBuilds = (sharedStateDir: string, built: ReadonlyMap<string, string>): void => {
  if (built.size === 0) return;
  const all = readLastBuilds(sharedStateDir);
  const at = new Date().toISOString();
  for (const [project, key] of built) all.set(project, { key, at });
  try {
    writeStateJson(fileOf(sharedStateDir), Object.fromEntries(all));
  } catch {
    /* a read-only state directory: explanations fall back to "no earlier build" */
  }
};
