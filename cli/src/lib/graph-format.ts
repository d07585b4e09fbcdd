/** Renders the project graph (or a subset of it) as JSON, Graphviz dot or Mermaid. */
import type { ProjectGraph } from '@world/graph';
import { transitiveReduction } from './graph-reduction.js';

export type GraphFormat = 'json' | 'dot' | 'mermaid';

export interface GraphView {
  /** `affected` is present when an affected set was computed (restricted to, or highlighted). */
  nodes: { name: string; path: string; affected?: boolean }[];
  /** [from, to]: `from` depends on `to`. Every dependency, whatever is drawn. */
  edges: [string, string][];
}

export interface ViewOptions {
  /** Keep only these projects and the edges between them. */
  only?: ReadonlySet<string>;
  /** Keep every project and mark these as affected. */
  highlight?: ReadonlySet<string>;
}

/** The (sub)graph induced by `only`, read from the graphology view of the project graph. */
export const graphView = (graph: ProjectGraph, { only, highlight }: ViewOptions = {}): GraphView => {
  const g = graph.graphology;
  const keep = (n: string) => !only || only.has(n);
  const nodes = g.filterNodes(keep).sort();
  const edges: [string, string][] = [];
  g.forEachEdge((_edge, _attrs, source, target) => {
    if (keep(source) && keep(target)) edges.push([source, target]);
  });
  edges.sort((a, b) => (a[0] + '\0' + a[1] < b[0] + '\0' + b[1] ? -1 : 1));
  const affected = (n: string) => (only ? { affected: true } : highlight ? { affected: highlight.has(n) } : {});
  return {
    nodes: nodes.map((n) => ({ name: n, path: g.getNodeAttribute(n, 'path') as string, ...affected(n) })),
    edges,
  };
};

/** The edges a drawing shows: the transitive reduction, or all of them. */
export const drawnEdges = (view: GraphView, allEdges: boolean): [string, string][] =>
  allEdges ? view.edges : transitiveReduction(view.nodes.map((n) => n.name), view.edges);

// Names are validated ([a-z0-9._-]), but quoting keeps the output valid whatever they hold.
const dotId = (s: string) => JSON.stringify(s);
const mermaidId = (s: string) => `p_${s.replace(/[^a-z0-9]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;

const AFFECTED_FILL = '#f6a04d';
const AFFECTED_STROKE = '#a4511a';

/**
 * JSON lists every dependency (it is data); dot and Mermaid draw the transitive reduction
 * unless `allEdges`. Affected nodes, when the view marks them, are filled.
 */
export const renderGraph = (view: GraphView, format: GraphFormat, { allEdges = false } = {}): string => {
  switch (format) {
    case 'json':
      return JSON.stringify(view, null, 2);
    case 'dot':
      return [
        'digraph world {',
        '  rankdir=LR;',
        ...view.nodes.map((n) => `  ${dotId(n.name)} [tooltip=${dotId(n.path)}${n.affected ? `, style=filled, fillcolor="${AFFECTED_FILL}"` : ''}];`),
        ...drawnEdges(view, allEdges).map(([a, b]) => `  ${dotId(a)} -> ${dotId(b)};`),
        '}',
      ].join('\n');
    case 'mermaid': {
      const affected = view.nodes.filter((n) => n.affected).map((n) => mermaidId(n.name));
      return [
        'graph LR',
        ...view.nodes.map((n) => `  ${mermaidId(n.name)}["${n.name}"]`),
        ...drawnEdges(view, allEdges).map(([a, b]) => `  ${mermaidId(a)} --> ${mermaidId(b)}`),
        ...(affected.length > 0 ? [`  classDef affected fill:${AFFECTED_FILL},stroke:${AFFECTED_STROKE}`, `  class ${affected.join(',')} affected`] : []),
      ].join('\n');
    }
  }
};
