import { describe, expect, it } from 'vitest';
import { parseShard, splitIntoShards } from '@world/executor';

const ids = Array.from({ length: 23 }, (_, i) => `p${i % 7}:t${i}`);

describe('splitIntoShards', () => {
  for (let n = 1; n <= 4; n++) {
    it(`n=${n}: disjoint, union is the plan, the same on every runner`, () => {
      const timings = Object.fromEntries(ids.slice(0, 15).map((id, i) => [id, (i * 37) % 11 * 100 + 50]));
      const shards = splitIntoShards(ids, n, timings);
      const all = shards.flat();
      expect(new Set(all).size).toBe(all.length);
      expect([...all].sort()).toEqual([...ids].sort());
      expect(splitIntoShards([...ids].reverse(), n, timings)).toEqual(shards);
    });
  }

  it('balances by recorded duration: one long target gets a shard of its own', () => {
    const shards = splitIntoShards(['a:x', 'b:x', 'c:x', 'd:x'], 2, { 'a:x': 1000, 'b:x': 10, 'c:x': 10, 'd:x': 10 });
    expect(shards.find((s) => s.includes('a:x'))).toEqual(['a:x']);
  });

  it('balances by count without timings', () => {
    expect(splitIntoShards(ids, 4, {}).map((s) => s.length).sort()).toEqual([5, 6, 6, 6]);
  });

  it('parses i/n and rejects the rest', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', 'x', '1-2']) expect(() => parseShard(bad)).toThrow(/--shard/);
  });
});
