/**
 * How long each target took to build last time, for balancing CI shards. Kept per
 * repository; runs merge their measurements into it (last write wins per target).
 */
import { join } from 'node:path';
import { isRecord, readStateJson, writeStateJson } from '@world/core';

export type Timings = Record<string, number>;

const fileOf = (sharedStateDir: string) => join(sharedStateDir, 'cache', 'timings.json');

export const readTimings = (sharedStateDir: string): Timings => {
  const read = readStateJson(fileOf(sharedStateDir));
  const timings = Object.create(null) as Timings;
  if (isRecord(read)) for (const [id, ms] of Object.entries(read)) if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) timings[id] = ms;
  return timings;
};

export const recordTimings = (sharedStateDir: string, measured: Timings): void => {
  if (Object.keys(measured).length === 0) return;
  try {
    writeStateJson(fileOf(sharedStateDir), { ...readTimings(sharedStateDir), ...measured });
  } catch {
    /* timings are an optimisation; a read-only .git only loses the balance */
  }
};
