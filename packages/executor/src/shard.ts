/**
 * Splitting a plan across n CI runners. Deterministic: every runner computes the same split
 * from the same plan and the same timings, so the shards' union is the plan and no target
 * runs twice. Targets are dealt longest first to the least-loaded shard (ties broken by
 * id); without timings every target weighs the same, which balances by count.
 */
import { WorldError } from '@world/core';
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
  if (!m || count < 1 || index < 1 || index > count) {
    throw new WorldError('USAGE', `--shard ${JSON.stringify(s)} is not of the form i/n with 1 ≤ i ≤ n`, { hint: 'e.g. --shard 2/4 for the second of four runners' });
  }
  return { index, count };
};

/** Every shard's targets, shard 1 first. */
export const splitIntoShards = (ids: readonly TargetId[], count: number, timings: Readonly<Record<string, number>>): TargetId[][] => {
  const known = Object.values(timings);
  // A target never timed weighs the median of the known ones (or 1 when none are known).
  const fallback = known.length > 0 ? [...known].sort((a, b) => a - b)[Math.floor(known.length / 2)]! : 1;
  const weight = (id: TargetId) => timings[id] ?? fallback;
  const sorted = [...new Set(ids)].sort((a, b) => weight(b) - weight(a) || (a < b ? -1 : a > b ? 1 : 0));
  const shards = Array.from({ length: count }, () => ({ load: 0, ids: [] as TargetId[] }));
  for (const id of sorted) {
    let best = shards[0]!;
    for (const s of shards) if (s.load < best.load) best = s;
    best.ids.push(id);
    best.load += weight(id);
  }
  return shards.map((s) => s.ids.sort());
};
