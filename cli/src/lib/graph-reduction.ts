/**
 * Transitive reduction of a directed graph that may have cycles: the fewest edges that keep
 * every "reaches" relation, computed on the condensation (one node per strongly connected
 * component), where it is unique.
 *
 * - An edge inside a component (a cycle) is always kept: which of a cycle's edges are
 *   "redundant" has no single answer, and a cycle is what the reader must see.
 * - An edge between two components is dropped exactly when its component edge is implied by
 *   a longer path of the condensation; every edge that realises a kept component edge stays.
 *
 * Pure and free of Node and DOM: `world graph` (dot, mermaid) and the HTML page share it.
 */

/** Tarjan's algorithm, iterative (deep dependency chains must not overflow the stack). */
export const stronglyConnectedComponents = (n: number, succ: readonly (readonly number[])[]): { component: Int32Array; count: number } => {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const component = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  const frames: { v: number; next: number }[] = [];
  let counter = 0;
  let count = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    frames.push({ v: root, next: 0 });
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (frames.length > 0) {
      const f = frames[frames.length - 1]!;
      const out = succ[f.v]!;
      if (f.next < out.length) {
        const w = out[f.next++]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          frames.push({ v: w, next: 0 });
        } else if (onStack[w]) {
          low[f.v] = Math.min(low[f.v]!, index[w]!);
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low[parent.v] = Math.min(low[parent.v]!, low[f.v]!);
      if (low[f.v] === index[f.v]) {
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component[w] = count;
        } while (w !== f.v);
        count++;
      }
    }
  }
  return { component, count };
};

/**
 * Which of `edges` (pairs of node indices, `from → to`) the reduction keeps, as one flag per
 * edge in input order. Self-loops are kept (they are cycles too). Duplicate edges both stay.
 */
export const transitiveReductionMask = (n: number, edges: readonly (readonly [number, number])[]): boolean[] => {
  const succ: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of edges) succ[a]!.push(b);
  const { component, count } = stronglyConnectedComponents(n, succ);

  const csucc: number[][] = Array.from({ length: count }, () => []);
  const seenEdge = new Set<number>();
  for (const [a, b] of edges) {
    const ca = component[a]!;
    const cb = component[b]!;
    if (ca !== cb && !seenEdge.has(ca * count + cb)) {
      seenEdge.add(ca * count + cb);
      csucc[ca]!.push(cb);
    }
  }
  // A component edge c → t is implied when t is reachable from c in two or more steps: mark
  // what the successors of c's successors reach, then test each successor. Stamps instead of
  // a cleared visited set, and no reachability matrix: memory stays linear (100,000 nodes).
  const mark = new Int32Array(count).fill(-1);
  const implied: Set<number>[] = Array.from({ length: count }, () => new Set());
  const stack: number[] = [];
  for (let c = 0; c < count; c++) {
    const out = csucc[c]!;
    if (out.length < 2) continue; // a single successor has no other path to it
    for (const t of out) for (const u of csucc[t]!) stack.push(u);
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (mark[v] === c) continue;
      mark[v] = c;
      for (const u of csucc[v]!) if (mark[u] !== c) stack.push(u);
    }
    for (const t of out) if (mark[t] === c) implied[c]!.add(t);
  }
  return edges.map(([a, b]) => {
    const ca = component[a]!;
    const cb = component[b]!;
    return ca === cb || !implied[ca]!.has(cb);
  });
};

/** The reduction of a graph given by names: the kept edges, in input order. */
export const transitiveReduction = <T extends readonly [string, string]>(nodes: readonly string[], edges: readonly T[]): T[] => {
  const at = new Map(nodes.map((n, i) => [n, i]));
  const indexOf = (name: string) => {
    const i = at.get(name);
    if (i === undefined) throw new Error(`edge names ${JSON.stringify(name)}, which is not a node`);
    return i;
  };
  const mask = transitiveReductionMask(nodes.length, edges.map(([a, b]) => [indexOf(a), indexOf(b)] as const));
  return edges.filter((_, i) => mask[i]);
};
