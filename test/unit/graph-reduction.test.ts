/**
 * Transitive reduction on the condensation: checked against its definition, computed the
 * slow way (reachability by search), on fixed graphs and on many random ones, with and
 * without cycles.
 */
import { describe, expect, test } from 'vitest';
import { stronglyConnectedComponents, transitiveReduction, transitiveReductionMask } from '../../cli/src/lib/graph-reduction.js';

type Edge = [number, number];

/** Small deterministic PRNG (mulberry32). */
const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** reach[a][b]: a path of one or more edges leads from a to b. */
const reachability = (n: number, edges: readonly Edge[]): boolean[][] => {
  const succ: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of edges) succ[a]!.push(b);
  return Array.from({ length: n }, (_, a) => {
    const seen = new Array<boolean>(n).fill(false);
    const stack = [...succ[a]!];
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (seen[v]) continue;
      seen[v] = true;
      stack.push(...succ[v]!);
    }
    return seen;
  });
};

/**
 * The reduction by its definition: an edge inside a strongly connected component stays; an
 * edge a → b between components stays unless a node w outside both components lies on a path
 * from a to b.
 */
const expectedMask = (n: number, edges: readonly Edge[]): boolean[] => {
  const reach = reachability(n, edges);
  const same = (x: number, y: number) => x === y || (reach[x]![y]! && reach[y]![x]!);
  return edges.map(([a, b]) => {
    if (same(a, b)) return true;
    for (let w = 0; w < n; w++) {
      if (same(w, a) || same(w, b)) continue;
      if (reach[a]![w] && reach[w]![b]) return false;
    }
    return true;
  });
};

const randomGraph = (random: () => number, n: number, m: number, acyclic: boolean): Edge[] => {
  const edges: Edge[] = [];
  for (let i = 0; i < m; i++) {
    let a = Math.floor(random() * n);
    let b = Math.floor(random() * n);
    if (a === b) continue;
    if (acyclic && a > b) [a, b] = [b, a];
    edges.push([a, b]);
  }
  return edges;
};

describe('transitive reduction', () => {
  test('drops an edge implied by a longer path, keeps the path', () => {
    // api → core → money, and api → money directly: the direct edge is implied.
    const kept = transitiveReduction(
      ['api', 'core', 'money', 'web'],
      [
        ['api', 'core'],
        ['api', 'money'],
        ['core', 'money'],
        ['web', 'money'],
      ],
    );
    expect(kept).toEqual([
      ['api', 'core'],
      ['core', 'money'],
      ['web', 'money'],
    ]);
  });

  test('a cycle keeps its own edges; edges implied through the cycle are dropped', () => {
    // a ⇄ b form a cycle; c depends on a, and on b directly (implied: c → a → b);
    // a depends on d and b depends on d (both realise the one component edge {a,b} → d);
    // c → d is implied through the cycle.
    const nodes = ['a', 'b', 'c', 'd'];
    const edges: [string, string][] = [
      ['a', 'b'],
      ['b', 'a'],
      ['c', 'a'],
      ['c', 'b'],
      ['a', 'd'],
      ['b', 'd'],
      ['c', 'd'],
    ];
    expect(transitiveReduction(nodes, edges)).toEqual([
      ['a', 'b'],
      ['b', 'a'],
      ['c', 'a'],
      ['c', 'b'],
      ['a', 'd'],
      ['b', 'd'],
    ]);
  });

  test('a longer cycle: every edge of it stays, a chord inside it too', () => {
    // 0 → 1 → 2 → 0 with the chord 0 → 2: all one component.
    const edges: Edge[] = [
      [0, 1],
      [1, 2],
      [2, 0],
      [0, 2],
      [3, 0],
    ];
    expect(transitiveReductionMask(4, edges)).toEqual([true, true, true, true, true]);
  });

  test('strongly connected components: the cycle is one, the rest singletons', () => {
    const succ = [[1], [2], [0, 3], [], [0]];
    const { component, count } = stronglyConnectedComponents(5, succ);
    expect(count).toBe(3);
    expect(component[0]).toBe(component[1]);
    expect(component[1]).toBe(component[2]);
    expect(new Set([component[0], component[3], component[4]]).size).toBe(3);
  });

  test('a chain of 100,000 nodes does not overflow the stack', () => {
    const n = 100_000;
    const edges: Edge[] = Array.from({ length: n - 1 }, (_, i) => [i, i + 1]);
    edges.push([0, n - 1]);
    const mask = transitiveReductionMask(n, edges);
    expect(mask.filter(Boolean)).toHaveLength(n - 1);
    expect(mask.at(-1)).toBe(false);
  });

  test.each([
    ['acyclic', true],
    ['with cycles', false],
  ])('agrees with the definition on 300 random graphs (%s) and keeps every "reaches"', (_name, acyclic) => {
    const random = rng(acyclic ? 7 : 11);
    for (let round = 0; round < 300; round++) {
      const n = 2 + Math.floor(random() * 14);
      const edges = randomGraph(random, n, Math.floor(random() * n * 3), acyclic);
      const mask = transitiveReductionMask(n, edges);
      expect(mask).toEqual(expectedMask(n, edges));
      expect(reachability(n, edges.filter((_, i) => mask[i]))).toEqual(reachability(n, edges));
    }
  });

  test('an edge naming an unknown node is a programming error, not a silent drop', () => {
    expect(() => transitiveReduction(['a'], [['a', 'b']])).toThrow(/"b"/);
  });
});
