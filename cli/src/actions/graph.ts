import type { Action } from '../lib/flag-spec.js';
import { changeFlags, changeRequest } from '../lib/flags.js';
import { loadAffected, loadWorkspace } from '@world/engine/workspace';
import { cliHooks } from '../lib/notify.js';
import { graphView, renderGraph, type GraphFormat } from '../lib/graph-format.js';

const graph: Action = {
  flags: {
    format: { type: 'string', summary: 'Output format.', options: ['json', 'dot', 'mermaid'], default: 'json' },
    affected: { type: 'boolean', summary: 'Only the affected projects and the edges between them.', default: false },
    ...changeFlags,
  },
  args: [],
  async run(ctx, flags) {
    const format = (ctx.json ? 'json' : flags.format) as GraphFormat;
    let view;
    if (flags.affected) {
      const r = await loadAffected(ctx.cwd, changeRequest(flags), cliHooks);
      view = graphView(r.graph, new Set(r.affected.projects.map((p) => p.name)));
    } else {
      view = graphView((await loadWorkspace(ctx.cwd, undefined, cliHooks)).graph);
    }
    ctx.print(renderGraph(view, format));
    return view;
  },
};
export default graph;
