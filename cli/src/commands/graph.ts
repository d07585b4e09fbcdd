import { Flags } from '@oclif/core';
import { WorldCommand } from '../lib/base-command.js';
import { changeFlags, changeRequest } from '../lib/flags.js';
import { loadAffected, loadWorkspace } from '../lib/workspace.js';
import { graphView, renderGraph, type GraphFormat } from '../lib/graph-format.js';

export default class Graph extends WorldCommand<typeof Graph> {
  static override summary = 'Print the project graph as JSON, Graphviz dot or Mermaid.';
  static override description = 'An edge a → b means project a depends on project b.';
  static override examples = [
    '<%= config.bin %> graph --format dot | dot -Tsvg > world.svg',
    '<%= config.bin %> graph --format mermaid --affected --base origin/main',
  ];
  static override flags = {
    format: Flags.string({ summary: 'Output format.', options: ['json', 'dot', 'mermaid'], default: 'json' }),
    affected: Flags.boolean({ summary: 'Only the affected projects and the edges between them.', default: false }),
    ...changeFlags,
  };

  async run() {
    const { flags } = this;
    const format = (this.jsonEnabled() ? 'json' : flags.format) as GraphFormat;
    let view;
    if (flags.affected) {
      const r = await loadAffected(this.cwd, changeRequest(flags));
      view = graphView(r.graph, new Set(r.affected.projects.map((p) => p.name)));
    } else {
      view = graphView((await loadWorkspace(this.cwd)).graph);
    }
    this.print(renderGraph(view, format));
    return view;
  }
}
