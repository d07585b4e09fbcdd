/**
 * How long each target took to build last time, for balancing CI shards. Kept per
 * repository; runs merge their measurements into it (last write wins per target).
 */
import { join } from 'node:path';
import { readJsonFile, writeFileAtomic } from '@world/core';

export type Timings = Record<string, number>;

const fileOf = (sharedStateDir: string) => join(sharedStateDir, 'cache', 'timings.json');

export const readTimings = (sharedStateDir: string): Timings => readJsonFile<Timings>(fileOf(sharedStateDir)) ?? {};

export const recordTimings = (sharedStateDir: string, measured: Timings): void => {
  if (Object.keys(measured).length === 0) return;
  try {
    writeFileAtomic(fileOf(sharedStateDir), JSON.stringify({ ...readTimings(sharedStateDir), ...measured }));
  } catch {
    /* timings are an optimisation; a read-only .git only loses the balance */
  }
};
