/**
 * Run history: every build, test and ci run leaves a summary under the repository's state
 * directory (`runs/<id>.json`, sealed like all state): its targets with status, cause,
 * rebuild reason and duration, its cache hits and its base/head. `world runs` lists them,
 * `world runs show` prints one, `world runs diff` says what changed between two. Bounded:
 * only the newest MAX_RUNS are kept, and `world cache gc` drops those older than its cutoff.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WorldError, didYouMean, isRecord, readStateJson, stateLayout, writeStateJson } from '@world/core';
import type { WorldRoot } from '@world/discovery';
import type { RebuildReason, RunResult, RunSummary, TargetCause, TargetStatus } from '@world/executor';

/** Enough to compare a week of a busy developer's runs; a few hundred KB at most. */
const MAX_RUNS = 200;

export interface RunRecord {
  id: string;
  command: string;
  startedAt: string;
  base: string | null;
  head: string | null;
  summary: RunSummary;
  nixErrors: string[];
  targets: { id: string; status: TargetStatus; durationMs: number | null; cause: TargetCause | null; reason: RebuildReason | null }[];
}

const dirOf = (root: WorldRoot) => stateLayout(root).runs;
const ID = /^\d{8}T\d{9}Z-[0-9a-z]{4}$/;

/** `20261202T150405123Z-k3x9`: sorts by start time to the millisecond; the tail keeps two runs of one millisecond apart. */
const newId = (at: number): string =>
  `${new Date(at).toISOString().replace(/[-:.]/g, '')}-${Math.random().toString(36).slice(2, 6).padEnd(4, '0')}`;

export interface RunToRecord {
  command: string;
  startedAt: number;
  base: string | null;
  head: string | null;
  result: RunResult;
}

/** Records a run; never fails the command (history is a convenience, not a verdict). */
export const recordRun = (root: WorldRoot, run: RunToRecord): string | undefined => {
  const id = newId(run.startedAt);
  const record: RunRecord = {
    id,
    command: run.command,
    startedAt: new Date(run.startedAt).toISOString(),
    base: run.base,
    head: run.head,
    summary: run.result.summary,
    nixErrors: run.result.nixErrors,
    targets: run.result.results.map((t) => ({ id: t.id, status: t.status, durationMs: t.durationMs ?? null, cause: t.cause ?? null, reason: t.reason ?? null })),
  };
  try {
    writeStateJson(join(dirOf(root), `${id}.json`), record);
    for (const old of runIds(root).slice(0, -MAX_RUNS)) rmSync(join(dirOf(root), `${old}.json`), { force: true });
    return id;
  } catch {
    return undefined;
  }
};

/** Ids, oldest first (ids sort by time). */
const runIds = (root: WorldRoot): string[] => {
  try {
    return readdirSync(dirOf(root))
      .filter((f) => f.endsWith('.json') && ID.test(f.slice(0, -5)))
      .map((f) => f.slice(0, -5))
      .sort();
  } catch {
    return [];
  }
};

const asRecord = (v: unknown): RunRecord | undefined =>
  isRecord(v) && typeof v.id === 'string' && typeof v.command === 'string' && isRecord(v.summary) && Array.isArray(v.targets) ? (v as unknown as RunRecord) : undefined;

/** The newest runs first; damaged records are skipped. */
export const listRuns = (root: WorldRoot, limit = 20): RunRecord[] =>
  runIds(root)
    .reverse()
    .slice(0, limit)
    .map((id) => asRecord(readStateJson(join(dirOf(root), `${id}.json`))))
    .filter((r): r is RunRecord => r !== undefined);

/** One run by id (or a unique prefix), or `last`, `last~1`, …. */
export const readRun = (root: WorldRoot, ref: string): RunRecord => {
  const ids = runIds(root);
  const back = /^last(?:~(\d+))?$/.exec(ref);
  const matching = back ? [ids[ids.length - 1 - Number(back[1] ?? 0)]].filter((x): x is string => x !== undefined) : ids.filter((id) => id.startsWith(ref));
  if (matching.length !== 1) {
    throw new WorldError('USAGE', matching.length === 0 ? `no run ${JSON.stringify(ref)} in this repository's history${didYouMean(ref, ids)}` : `${JSON.stringify(ref)} names ${matching.length} runs`, {
      hint: ids.length === 0 ? 'runs are recorded by world build, test and ci' : '`world runs` lists them; `last` and `last~1` name the newest',
    });
  }
  const record = asRecord(readStateJson(join(dirOf(root), `${matching[0]}.json`)));
  if (!record) throw new WorldError('USAGE', `run ${matching[0]} cannot be read (damaged)`, { hint: '`world runs` lists the readable ones' });
  return record;
};

export interface RunDiff {
  a: string;
  b: string;
  /** Targets whose status differs, or that only one run has. */
  changed: { id: string; a: TargetStatus | null; b: TargetStatus | null }[];
  /** Built in both, with how much slower (positive) or faster b was. */
  slower: { id: string; aMs: number; bMs: number }[];
}

export const diffRuns = (a: RunRecord, b: RunRecord): RunDiff => {
  const byId = (r: RunRecord) => new Map(r.targets.map((t) => [t.id, t]));
  const ta = byId(a);
  const tb = byId(b);
  const changed: RunDiff['changed'] = [];
  const slower: RunDiff['slower'] = [];
  for (const id of [...new Set([...ta.keys(), ...tb.keys()])].sort()) {
    const x = ta.get(id);
    const y = tb.get(id);
    if (x?.status !== y?.status) changed.push({ id, a: x?.status ?? null, b: y?.status ?? null });
    if (x?.durationMs != null && y?.durationMs != null) slower.push({ id, aMs: x.durationMs, bMs: y.durationMs });
  }
  slower.sort((p, q) => q.bMs - q.aMs - (p.bMs - p.aMs));
  return { a: a.id, b: b.id, changed, slower: slower.slice(0, 10) };
};

/** Removes runs recorded before `cutoff` (ms since the epoch); returns how many. */
export const pruneRuns = (root: WorldRoot, cutoff: number): number => {
  let removed = 0;
  for (const id of runIds(root)) {
    const file = join(dirOf(root), `${id}.json`);
    try {
      if (statSync(file).mtimeMs >= cutoff) continue;
      rmSync(file, { force: true });
      removed++;
    } catch {
      /* removed concurrently */
    }
  }
  return removed;
};
