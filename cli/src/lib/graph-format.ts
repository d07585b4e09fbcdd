/** Renders the project graph (or a subset of it) as JSON, Graphviz dot or Mermaid. */
import type { ProjectGraph } from '@world/graph';

export type GraphFormat = 'json' | 'dot' | 'mermaid';

export interface GraphView {
  nodes: { name: string; path: string; affected?: boolean }[];
  /** [from, to]: `from` depends on `to`. */
  edges: [string, string][];
}

export const graphView = (graph: ProjectGraph, only?: Set<string>): GraphView => {
  const names = [...graph.projects.keys()].filter((n) => !only || only.has(n)).sort();
  const keep = new Set(names);
  return {
    nodes: names.map((n) => ({ name: n, path: graph.get(n)!.worldPath, ...(only ? { affected: true } : {}) })),
    edges: names.flatMap((n) => graph.get(n)!.deps.filter((d) => keep.has(d)).map((d): [string, string] => [n, d])),
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
