/**
 * Strongly connected components of a directed graph given as adjacency lists, and a shortest
 * cycle through a component, for messages. Iterative (Tarjan's algorithm with an explicit
 * stack): a dependency chain thousands of projects long must not overflow the call stack.
 */

/** The components of more than one node, each sorted; in the order Tarjan's algorithm closes them (dependencies first). */
export const cyclicComponents = (nodes: Iterable<string>, edgesOf: (n: string) => readonly string[]): string[][] => {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  for (const start of nodes) {
    if (index.has(start)) continue;
    const frames: { node: string; edge: number }[] = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const edges = edgesOf(frame.node);
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++]!;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          frames.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      if (component.length > 1) out.push(component.sort());
    }
  }
  return out;
};

/** A shortest cycle from `start` back to itself through `within`: [start, …, start]. */
export const shortestCycle = (start: string, within: ReadonlySet<string>, edgesOf: (n: string) => readonly string[]): string[] => {
  const parent = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i]!;
    for (const to of edgesOf(n)) {
      if (!within.has(to)) continue;
      if (to === start) {
        const path = [start];
        for (let at: string | undefined = n; at !== undefined && at !== start; at = parent.get(at)) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!parent.has(to)) {
        parent.set(to, n);
        queue.push(to);
      }
    }
  }
  return [start];
};
