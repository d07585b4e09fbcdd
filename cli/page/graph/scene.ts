/**
 * One drawn graph (projects or tasks) in a cytoscape canvas: the whole graph or a node's
 * neighbourhood, the transitive reduction or every edge, a selection with its direct
 * dependencies and dependents lit and the rest faded. cytoscape draws on a canvas and does
 * pan, zoom and hit testing; ELK places the nodes.
 */
import cytoscape from 'cytoscape';
import { inducedEdges, neighbourhood, type Graph } from './model.js';
import { boxFor, layered, type Point } from './layout.js';

export interface SceneOptions {
  container: HTMLElement;
  graph: Graph;
  label: (node: number) => string;
  /** Style classes of a node (affected, a target's kind…). */
  classes: (node: number) => string[];
  reduce: boolean;
  onSelect: (node: number | null) => void;
  onFocus: (node: number) => void;
}

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      shape: 'round-rectangle',
      width: 'data(w)',
      height: 'data(h)',
      label: 'data(label)',
      'font-size': 12,
      'font-family': 'system-ui, sans-serif',
      'text-valign': 'center',
      'text-halign': 'center',
      color: '#1b2430',
      'background-color': '#dfe6ef',
      'border-width': 1,
      'border-color': '#7d8ca3',
      'min-zoomed-font-size': 7,
    },
  },
  { selector: 'node.affected', style: { 'background-color': '#f6a04d', 'border-color': '#a4511a' } },
  { selector: 'node.kind-test', style: { 'background-color': '#dcefdc' } },
  { selector: 'node.kind-lint', style: { 'background-color': '#ece2f7' } },
  { selector: 'node.kind-other', style: { 'background-color': '#f2efe1' } },
  { selector: 'node.affected.kind-test, node.affected.kind-lint, node.affected.kind-other', style: { 'background-color': '#f6a04d' } },
  { selector: 'node.unlisted', style: { 'border-style': 'dashed', 'background-color': '#ffffff' } },
  { selector: 'node.focus-root', style: { 'border-width': 2, 'border-color': '#1b2430' } },
  { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#1f6feb' } },
  {
    selector: 'edge',
    style: {
      width: 1,
      'curve-style': 'straight',
      'line-color': '#a5b1c2',
      'target-arrow-shape': 'triangle',
      'target-arrow-color': '#a5b1c2',
      'arrow-scale': 0.7,
    },
  },
  { selector: 'edge.affected', style: { 'line-color': '#f0b27a', 'target-arrow-color': '#f0b27a' } },
  { selector: 'edge.dep', style: { 'line-color': '#1f6feb', 'target-arrow-color': '#1f6feb', width: 2 } },
  { selector: 'edge.user', style: { 'line-color': '#2f9e44', 'target-arrow-color': '#2f9e44', width: 2 } },
  { selector: '.faded', style: { opacity: 0.15 } },
];

const DOUBLE_TAP_MS = 400;

export class Scene {
  readonly cy: cytoscape.Core;
  readonly graph: Graph;
  reduce: boolean;
  /** Showing a node's neighbourhood instead of the whole graph. */
  focus: { node: number; depth: number } | null = null;
  selected: number | null = null;
  /** The nodes and edges (indices) drawn now. */
  shown = new Set<number>();
  shownEdges: number[] = [];
  /** How long the last layout took (ms); the whole graph's is kept, so redrawing it is instant. */
  layoutMs = 0;
  private wholeLayout: Map<string, Point> | undefined;

  constructor(private readonly opts: SceneOptions) {
    this.graph = opts.graph;
    this.reduce = opts.reduce;
    const large = opts.graph.ids.length > 500;
    this.cy = cytoscape({
      container: opts.container,
      style: STYLE,
      minZoom: 0.02,
      maxZoom: 4,
      // While panning and zooming a large graph, move a snapshot instead of redrawing it.
      textureOnViewport: large,
      pixelRatio: large ? 1 : 'auto',
      boxSelectionEnabled: false,
      autoungrabify: true,
    });
    // cytoscape's own dbltap fires for two quick taps on different nodes: a double tap here is
    // two taps on the same node.
    let last = { node: -1, at: 0 };
    this.cy.on('tap', 'node', (e) => {
      const node = Number((e.target as cytoscape.NodeSingular).id().slice(1));
      const now = performance.now();
      if (last.node === node && now - last.at < DOUBLE_TAP_MS) this.opts.onFocus(node);
      else this.opts.onSelect(node);
      last = { node, at: now };
    });
    this.cy.on('tap', (e) => {
      if (e.target === this.cy) this.opts.onSelect(null);
    });
  }

  /** Draws the whole graph, or the focused neighbourhood, laid out (the whole graph's layout is kept). */
  async draw(): Promise<void> {
    const g = this.graph;
    const nodes = this.focus ? neighbourhood(g, this.focus.node, this.focus.depth) : new Set(g.ids.keys());
    // Laid out on the reduction: fewer edges, the same columns.
    const layoutEdges = inducedEdges(g, nodes, true);
    const place = async () => {
      const start = performance.now();
      const placed = await layered(
        [...nodes].map((n) => ({ id: `n${n}`, box: boxFor(this.opts.label(n)) })),
        layoutEdges.map((i) => [`n${g.edges[i]![0]}`, `n${g.edges[i]![1]}`] as const),
      );
      this.layoutMs = performance.now() - start;
      return placed;
    };
    const positions = this.focus ? await place() : (this.wholeLayout ??= await place());
    this.shown = nodes;
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(
        [...nodes].map((n) => {
          const label = this.opts.label(n);
          const box = boxFor(label);
          const classes = [...this.opts.classes(n), ...(this.focus?.node === n ? ['focus-root'] : [])];
          return { group: 'nodes' as const, data: { id: `n${n}`, label, w: box.width, h: box.height }, position: positions.get(`n${n}`)!, classes };
        }),
      );
    });
    this.drawEdges();
    this.fit();
    if (this.selected !== null && !nodes.has(this.selected)) this.selected = null;
    this.select(this.selected);
  }

  setReduce(reduce: boolean): void {
    this.reduce = reduce;
    this.drawEdges();
    this.select(this.selected);
  }

  private drawEdges(): void {
    const g = this.graph;
    this.shownEdges = inducedEdges(g, this.shown, this.reduce);
    this.cy.batch(() => {
      this.cy.edges().remove();
      this.cy.add(
        this.shownEdges.map((i) => {
          const [a, b] = g.edges[i]!;
          // An edge between two affected nodes is a path the change travelled along.
          const affected = this.opts.classes(a).includes('affected') && this.opts.classes(b).includes('affected');
          return { group: 'edges' as const, data: { id: `e${i}`, source: `n${a}`, target: `n${b}` }, classes: affected ? ['affected'] : [] };
        }),
      );
    });
  }

  /** Selects a node (null: none): it, its direct dependencies and dependents stay lit, the rest fades. */
  select(node: number | null): void {
    this.selected = node !== null && this.shown.has(node) ? node : null;
    this.cy.batch(() => {
      this.cy.elements().removeClass('faded dep user').unselect();
      if (this.selected === null) return;
      const n = this.cy.getElementById(`n${this.selected}`);
      n.select();
      const lit = n.closedNeighborhood();
      this.cy.elements().not(lit).addClass('faded');
      n.outgoers('edge').addClass('dep');
      n.incomers('edge').addClass('user');
    });
  }

  /** Brings a drawn node to the middle of the canvas, zoomed in enough to read. */
  center(node: number): void {
    const n = this.cy.getElementById(`n${node}`);
    if (n.empty()) return;
    this.cy.zoom(Math.max(this.cy.zoom(), 1.2));
    this.cy.center(n);
  }

  /** The whole drawing in view; a handful of nodes stays at reading size instead of filling the canvas. */
  fit(): void {
    this.cy.fit(undefined, 30);
    if (this.cy.zoom() > 1.5) {
      this.cy.zoom(1.5);
      this.cy.center();
    }
  }

  resize(): void {
    this.cy.resize();
  }
}
