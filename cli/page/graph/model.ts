/**
 * The graphs the page draws, derived from the CLI's data: the project graph (an edge per
 * dependency) and the task graph (an edge per target a target needs, as the cache index
 * recorded it). Nodes are numbered; the transitive reduction is the CLI's own.
 */
import type { PageData, TargetKind } from '../../src/lib/graph-html/page-data.js';
import { transitiveReductionMask } from '../../src/lib/graph-reduction.js';

export interface Graph {
  ids: string[];
  edges: (readonly [number, number])[];
  /** Per edge: kept by the transitive reduction of the whole graph. */
  kept: boolean[];
  succ: number[][];
  pred: number[][];
}

export const makeGraph = (ids: string[], edges: (readonly [number, number])[]): Graph => {
  const succ: number[][] = ids.map(() => []);
  const pred: number[][] = ids.map(() => []);
  for (const [a, b] of edges) {
    succ[a]!.push(b);
    pred[b]!.push(a);
  }
  return { ids, edges, kept: transitiveReductionMask(ids.length, edges), succ, pred };
};

export const projectGraph = (data: PageData): Graph =>
  makeGraph(
    data.projects.map((p) => p.name),
    data.projects.flatMap((p, i) => p.deps.map((d) => [i, d] as const)),
  );

export interface Task {
  id: string;
  /** Index of its project, when the world has it. */
  project: number | undefined;
  target: string;
  /** undefined: named by another target's needs, but its own project's entry does not list it. */
  kind: TargetKind | undefined;
}

export interface TaskGraph extends Graph {
  tasks: Task[];
  /** Projects whose targets are known (evaluated for their current sources). */
  evaluated: number;
}

export const taskGraph = (data: PageData): TaskGraph => {
  const at = new Map(data.projects.map((p, i) => [p.name, i]));
  const tasks: Task[] = [];
  const index = new Map<string, number>();
  const add = (task: Task): number => {
    let i = index.get(task.id);
    if (i === undefined) {
      i = tasks.push(task) - 1;
      index.set(task.id, i);
    }
    return i;
  };
  let evaluated = 0;
  data.projects.forEach((p, pi) => {
    if (p.targets.state !== 'evaluated') return;
    evaluated++;
    for (const t of p.targets.targets) add({ id: `${p.name}:${t.name}`, project: pi, target: t.name, kind: t.kind });
  });
  const edges: [number, number][] = [];
  for (const p of data.projects) {
    if (p.targets.state !== 'evaluated') continue;
    for (const t of p.targets.targets) {
      const from = index.get(`${p.name}:${t.name}`)!;
      for (const need of t.needs) {
        const colon = need.lastIndexOf(':');
        const project = need.slice(0, colon);
        edges.push([from, add({ id: need, project: at.get(project), target: need.slice(colon + 1), kind: undefined })]);
      }
    }
  }
  return { ...makeGraph(tasks.map((t) => t.id), edges), tasks, evaluated };
};

/** `start` and every node within `depth` steps of it: its dependencies and its dependents. */
export const neighbourhood = (g: Graph, start: number, depth: number): Set<number> => {
  const all = new Set([start]);
  for (const next of [g.succ, g.pred]) {
    const seen = new Set([start]);
    let frontier = [start];
    for (let d = 0; d < depth && frontier.length > 0; d++) {
      const reached: number[] = [];
      for (const v of frontier) {
        for (const w of next[v]!) {
          if (seen.has(w)) continue;
          seen.add(w);
          reached.push(w);
        }
      }
      frontier = reached;
    }
    for (const w of seen) all.add(w);
  }
  return all;
};

/** The edges among `nodes` (indices into g.edges); with `reduce`, the reduction of that subgraph. */
export const inducedEdges = (g: Graph, nodes: ReadonlySet<number>, reduce: boolean): number[] => {
  const whole = nodes.size === g.ids.length;
  const inside = g.edges.flatMap((e, i) => (nodes.has(e[0]) && nodes.has(e[1]) ? [i] : []));
  if (!reduce) return inside;
  if (whole) return inside.filter((i) => g.kept[i]);
  // A neighbourhood has paths of its own: reduce it as a graph of its own.
  const local = new Map([...nodes].map((n, i) => [n, i]));
  const mask = transitiveReductionMask(
    local.size,
    inside.map((i) => [local.get(g.edges[i]![0])!, local.get(g.edges[i]![1])!] as const),
  );
  return inside.filter((_, k) => mask[k]);
};
