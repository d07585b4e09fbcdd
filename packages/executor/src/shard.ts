/**
 * Splitting a plan across n CI runners. Every runner must compute the same split, or a
 * target runs twice and another never: so the split depends only on the plan (its target
 * ids) and on timings every runner has — a `--timings` file the workflow hands to every
 * shard, or `world-timings.json` committed in the repository (read from the head commit,
 * not from disk) — never on a runner's own history. Targets are dealt longest first to the
 * least-loaded shard (ties broken by id); without timings every target weighs the same,
 * which balances by count.
 */
import { readFileSync } from 'node:fs';
import { WorldError, git, isRecord } from '@world/core';
import type { TargetId } from './events.js';

export interface ShardSpec {
  /** 1-based. */
  index: number;
  count: number;
}

export const parseShard = (s: string): ShardSpec => {
  const m = /^(\d+)\/(\d+)$/.exec(s);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || !Number.isSafeInteger(count) || !Number.isSafeInteger(index) || count < 1 || index < 1 || index > count) {
    throw new WorldError('USAGE', `--shard ${JSON.stringify(s)} is not of the form i/n with 1 ≤ i ≤ n (whole numbers)`, {
      hint: 'e.g. --shard 2/4 for the second of four runners',
    });
  }
  return { index, count };
};

/** Target id → milliseconds it took. */
export type ShardTimings = Readonly<Record<string, number>>;

/**
 * The shards' targets, shard 1 first. Never more lists than targets: a shard past the last
 * list (more runners than targets) has nothing to do.
 */
export const splitIntoShards = (ids: readonly TargetId[], count: number, timings: ShardTimings): TargetId[][] => {
  const known = Object.values(timings);
  // A target never timed weighs the median of the known ones (or 1 when none are known).
  const fallback = known.length > 0 ? [...known].sort((a, b) => a - b)[Math.floor(known.length / 2)]! : 1;
  const weight = (id: TargetId) => timings[id] ?? fallback;
  const sorted = [...new Set(ids)].sort((a, b) => weight(b) - weight(a) || (a < b ? -1 : a > b ? 1 : 0));
  const shards = Array.from({ length: Math.min(count, sorted.length) }, () => ({ load: 0, ids: [] as TargetId[] }));
  for (const id of sorted) {
    let best = shards[0]!;
    for (const s of shards) if (s.load < best.load) best = s;
    best.ids.push(id);
    best.load += weight(id);
  }
  return shards.map((s) => s.ids.sort());
};

/** The targets shard `spec` runs. */
export const shardTargets = (ids: readonly TargetId[], spec: ShardSpec, timings: ShardTimings): TargetId[] =>
  splitIntoShards(ids, spec.count, timings)[spec.index - 1] ?? [];

/** Where a repository commits the timings its shards balance by. */
export const COMMITTED_TIMINGS = 'world-timings.json';


/**
 * Timings from a report.json of an earlier `world ci` run (its targets' durations), or from
 * a plain `{ "project:target": milliseconds }` object. Anything else is an error naming the
 * file and the first bad entry: a split from half-read timings would differ between runners.
 */
export const parseTimings = (text: string, origin: string): Record<string, number> => {
  const invalid = (what: string) =>
    new WorldError('TIMINGS_INVALID', `${origin}: ${what}`, {
      hint: 'give a report.json written by `world ci`, or an object of "project:target": milliseconds',
    });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw invalid(`not JSON (${(e as Error).message})`);
  }
  if (!isRecord(data)) throw invalid(`${data === null ? 'null' : Array.isArray(data) ? 'an array' : `a ${typeof data}`}, not an object`);
  const out: Record<string, number> = {};
  const add = (id: unknown, ms: unknown, where: string) => {
    if (typeof id !== 'string' || !/^[^:]+:[^:]+$/.test(id)) throw invalid(`${where}: ${JSON.stringify(id)} is not a target id (project:target)`);
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw invalid(`${where}: the duration of ${id} is ${typeof ms === 'number' ? String(ms) : JSON.stringify(ms)}, not a number of milliseconds ≥ 0`);
    out[id] = ms;
  };
  if ('targets' in data) {
    if (!Array.isArray(data.targets)) throw invalid('"targets" is not a list');
    data.targets.forEach((t: unknown, i) => {
      if (!isRecord(t)) throw invalid(`targets[${i}] is not an object`);
      if (t.durationMs !== null) add(t.id, t.durationMs, `targets[${i}]`);
    });
  } else {
    for (const [id, ms] of Object.entries(data)) add(id, ms, JSON.stringify(id));
  }
  return out;
};

export interface LoadedTimings {
  timings: Record<string, number>;
  /** Where they came from, for the log: the file, the committed file, or none (balanced by count). */
  source: string | null;
}

/** A `--timings` file, read and checked at once so that a bad file stops the run before any build. */
export const readTimingsFile = (file: string): LoadedTimings => {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new WorldError('TIMINGS_INVALID', `--timings ${file}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? (e as Error).message})`}`, {
      hint: "pass a report.json of an earlier `world ci` run (e.g. downloaded from the base branch's run), or leave --timings out",
    });
  }
  return { timings: parseTimings(text, `--timings ${file}`), source: file };
};

/** The timings committed at `headCommit` (the same on every runner of that commit), or none. */
export const committedTimings = async (root: string, headCommit: string): Promise<LoadedTimings> => {
  const r = await git(root, ['cat-file', 'blob', `${headCommit}:${COMMITTED_TIMINGS}`], { allowExitCodes: [128] });
  if (r.exitCode !== 0) return { timings: {}, source: null };
  const origin = `${COMMITTED_TIMINGS} at ${headCommit.slice(0, 12)}`;
  return { timings: parseTimings(r.stdout.toString('utf8'), origin), source: origin };
};
