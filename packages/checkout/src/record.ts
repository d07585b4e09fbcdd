/**
 * What world remembers about a worktree's sparse checkout, in `<gitDir>/world/checkout.json`
 * (per worktree: a linked worktree has its own git directory). It records the chosen *roots*,
 * not the derived cone, so `world checkout sync` can recompute the cone when dependencies
 * change; and the directories world last applied, so it can tell when the sparse patterns
 * were changed behind its back.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile, writeFileAtomic } from '@world/core';

const VERSION = 1;

export interface RecordedRoot {
  name: string;
  /** The project's directory when it was chosen: finds it again if it is renamed. */
  dir: string;
}

export interface CheckoutRecord {
  version: number;
  roots: RecordedRoot[];
  /** The cone directories world last applied with `git sparse-checkout set`. */
  dirs: string[];
  updatedAt: string;
}

export const recordFile = (stateDir: string): string => join(stateDir, 'checkout.json');

const isRoot = (x: unknown): x is RecordedRoot =>
  typeof x === 'object' && x !== null && typeof (x as RecordedRoot).name === 'string' && typeof (x as RecordedRoot).dir === 'string';

/** The record, or undefined when there is none or it is not one world wrote (then the checkout reads as not set up by world). */
export const readRecord = (stateDir: string): CheckoutRecord | undefined => {
  const r = readJsonFile<CheckoutRecord>(recordFile(stateDir));
  const valid = r?.version === VERSION && Array.isArray(r.roots) && r.roots.every(isRoot) && Array.isArray(r.dirs) && r.dirs.every((d) => typeof d === 'string');
  return valid ? r : undefined;
};

export const writeRecord = (stateDir: string, roots: readonly RecordedRoot[], dirs: readonly string[]): CheckoutRecord => {
  const record: CheckoutRecord = { version: VERSION, roots: [...roots], dirs: [...dirs], updatedAt: new Date().toISOString() };
  writeFileAtomic(recordFile(stateDir), JSON.stringify(record, null, 2) + '\n');
  return record;
};

export const clearRecord = (stateDir: string): void => rmSync(recordFile(stateDir), { force: true });
