/**
 * Which key each target's project had when the target was last built on this machine: the
 * baseline a rebuild is explained against ("rebuilt: src/money.c changed since"). Per target,
 * so a target never built is "new" even when its project's other targets were built. Cached
 * runs do not touch it; a run that built something records the keys it built. One sealed file
 * per repository; two runs at once may lose one's update, which costs only a vaguer
 * explanation.
 */
import { join } from 'node:path';
import { asTargetId, isRecord, readStateJson, stateLayout, writeStateJson, type TargetId } from '@world/core';
import { isStoreKey } from './sharded-store.js';

export interface LastBuild {
  key: string;
  /** ISO time of the run. */
  at: string;
}

const fileOf = (sharedStateDir: string) => stateLayout({ stateDir: '', sharedStateDir }).lastBuilds;

export const readLastBuilds = (sharedStateDir: string): Map<TargetId, LastBuild> => {
  const read = readStateJson(fileOf(sharedStateDir));
  const out = new Map<TargetId, LastBuild>();
  if (!isRecord(read)) return out;
  for (const [target, v] of Object.entries(read)) {
    const id = asTargetId(target);
    if (id && isRecord(v) && isStoreKey(v.key) && typeof v.at === 'string') out.set(id, { key: v.key, at: v.at });
  }
  return out;
};

/** Records target → its project's key for the targets this run built. */
export const recordLastBuilds = (sharedStateDir: string, built: ReadonlyMap<TargetId, string>): void => {
  if (built.size === 0) return;
  const all = readLastBuilds(sharedStateDir);
  const at = new Date().toISOString();
  for (const [target, key] of built) all.set(target, { key, at });
  try {
    writeStateJson(fileOf(sharedStateDir), Object.fromEntries(all));
  } catch {
    /* a read-only state directory: explanations fall back to "no earlier build" */
  }
};
