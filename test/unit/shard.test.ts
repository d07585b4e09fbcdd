import { describe, expect, it } from 'vitest';
import { parseShard, parseTimings, shardTargets, splitIntoShards } from '@world/executor';
import type { TargetId } from '@world/core';
import { errorOf } from '../helpers/errors.js';

const ids = Array.from({ length: 23 }, (_, i) => `p${i % 7}:t${i}`);

describe('splitIntoShards', () => {
  for (let n = 1; n <= 4; n++) {
    it(`n=${n}: disjoint, union is the plan, the same whatever order the plan lists targets in`, () => {
      const timings = Object.fromEntries(ids.slice(0, 15).map((id, i) => [id, (i * 37) % 11 * 100 + 50]));
      const shards = splitIntoShards(ids, n, timings);
      expect(shards).toHaveLength(n);
      const all = shards.flat();
      expect(new Set(all).size).toBe(all.length);
      expect([...all].sort()).toEqual([...ids].sort());
      expect(splitIntoShards([...ids].reverse(), n, timings)).toEqual(shards);
      expect(splitIntoShards([...ids, ...ids], n, timings)).toEqual(shards);
    });
  }

  it('balances by recorded duration: one long target gets a shard of its own', () => {
    const shards = splitIntoShards(['a:x', 'b:x', 'c:x', 'd:x'], 2, { 'a:x': 1000, 'b:x': 10, 'c:x': 10, 'd:x': 10 });
    expect(shards.find((s) => s.includes('a:x'))).toEqual(['a:x']);
  });

  it('balances by count without timings', () => {
    expect(splitIntoShards(ids, 4, {}).map((s) => s.length).sort()).toEqual([5, 6, 6, 6]);
  });

  it('more runners than targets: one target each, the other shards empty (no list per runner is allocated)', () => {
    const huge = Number.MAX_SAFE_INTEGER;
    expect(splitIntoShards(['a:x', 'b:x'], huge, {})).toEqual([['a:x'], ['b:x']]);
    expect(shardTargets(['a:x', 'b:x'] as TargetId[], { index: 2, count: huge }, {})).toEqual(['b:x']);
    expect(shardTargets(['a:x', 'b:x'] as TargetId[], { index: 3, count: huge }, {})).toEqual([]);
    expect(shardTargets([], { index: 1, count: 1 }, {})).toEqual([]);
  });
});

describe('parseShard', () => {
  it('parses i/n', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
  });

  it('rejects the rest as a usage error naming --shard', () => {
    for (const bad of ['0/4', '5/4', '1/0', '0/0', 'x', '1-2', 'a/b', '3/2', '1/99999999999999999999', '99999999999999999999/99999999999999999999', '-1/2', '1.5/2', ' 1/2', '']) {
      const e = errorOf(() => parseShard(bad));
      expect(e.code, bad).toBe('USAGE');
      expect(e.exitCode).toBe(2);
      expect(e.message).toContain('--shard');
      expect(e.hint).toContain('--shard 2/4');
    }
  });
});

describe('parseTimings', () => {
  it('reads a report.json (targets without a duration are left out) and a plain map', () => {
    const report = { schemaVersion: 1, targets: [{ id: 'a:build', durationMs: 120 }, { id: 'b:test', durationMs: null }, { id: 'c:build', durationMs: 0 }] };
    expect(parseTimings(JSON.stringify(report), 'r.json')).toEqual({ 'a:build': 120, 'c:build': 0 });
    expect(parseTimings('{"a:build": 5, "b:test": 7.5}', 't.json')).toEqual({ 'a:build': 5, 'b:test': 7.5 });
    expect(parseTimings('{}', 't.json')).toEqual({});
  });

  it('refuses what would make runners split differently, naming the file and the entry', () => {
    const cases: [string, RegExp][] = [
      ['not json', /t\.json: not JSON/],
      ['null', /t\.json: null, not an object/],
      ['[1, 2]', /an array, not an object/],
      ['"x"', /a string, not an object/],
      ['{"a:build": -1}', /duration of a:build is -1/],
      ['{"a:build": "NaN"}', /duration of a:build is "NaN"/],
      ['{"a:build": 1e999}', /duration of a:build is Infinity/],
      ['{"a:build": null}', /duration of a:build is null/],
      ['{"nocolon": 3}', /"nocolon" is not a target id/],
      ['{"targets": {}}', /"targets" is not a list/],
      ['{"targets": [7]}', /targets\[0\] is not an object/],
      ['{"targets": [{"id": "a:build", "durationMs": -5}]}', /targets\[0\]: the duration of a:build is -5/],
      ['{"targets": [{"id": 3, "durationMs": 5}]}', /targets\[0\]: 3 is not a target id/],
    ];
    for (const [text, message] of cases) {
      const e = errorOf(() => parseTimings(text, 't.json'));
      expect(e.code, text).toBe('TIMINGS_INVALID');
      expect(e.exitCode).toBe(2);
      expect(e.message, text).toMatch(message);
      expect(e.hint).toContain('report.json');
    }
  });
});
