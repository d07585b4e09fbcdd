/** Renders the project graph (or a subset of it) as JSON, Graphviz dot or Mermaid. */
import type { ProjectGraph } from '@world/graph';

export type GraphFormat = 'json' | 'dot' | 'mermaid';

export interface GraphView {
  nodes: { name: string; path: string; affected?: boolean }[];
  /** [from, to]: `from` depends on `to`. */
  edges: [string, string][];
}

/** The (sub)graph induced by `only`, read from the graphology view of the project graph. */
export const graphView = (graph: ProjectGraph, only?: Set<string>): GraphView => {
  const g = graph.graphology;
  const keep = (n: string) => !only || only.has(n);
  const nodes = g.filterNodes(keep).sort();
  const edges: [string, string][] = [];
  g.forEachEdge((_edge, _attrs, source, target) => {
    if (keep(source) && keep(target)) edges.push([source, target]);
  });
  edges.sort((a, b) => (a[0] + '\0' + a[1] < b[0] + '\0' + b[1] ? -1 : 1));
  return {
    nodes: nodes.map((n) => ({ name: n, path: g.getNodeAttribute(n, 'path') as string, ...(only ? { affected: true } : {}) })),
    edges,
  };
};

// Names are validated ([a-z0-9._-]), but quoting keeps the output valid whatever they hold.
const dotId = (s: string) => JSON.stringify(s);
const mermaidId = (s: string) => `p_${s.replace(/[^a-z0-9]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;

export const renderGraph = (view: GraphView, format: GraphFormat): string => {
  switch (format) {
    case 'json':
      return JSON.stringify(view, null, 2);
    case 'dot':
      return [
        'digraph world {',
        '  rankdir=LR;',
        ...view.nodes.map((n) => `  ${dotId(n.name)} [tooltip=${dotId(n.path)}];`),
        ...view.edges.map(([a, b]) => `  ${dotId(a)} -> ${dotId(b)};`),
        '}',
      ].join('\n');
    case 'mermaid':
      return [
        'graph LR',
        ...view.nodes.map((n) => `  ${mermaidId(n.name)}["${n.name}"]`),
        ...view.edges.map(([a, b]) => `  ${mermaidId(a)} --> ${mermaidId(b)}`),
      ].join('\n');
  }
};
