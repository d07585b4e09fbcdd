import { join } from 'node:path';
import { WorldError, writeFileAtomic } from '@world/core';
import type { Action, ActionContext, FlagValues } from '../lib/flag-spec.js';
import { changeFlags, changeRequest } from '../lib/flags.js';
import { loadAffected, loadWorkspace, type AffectedResult, type Workspace } from '@world/engine/workspace';
import { cliHooks } from '../lib/notify.js';
import { graphView, renderGraph, type GraphFormat } from '../lib/graph-format.js';

type Format = GraphFormat | 'html';

/** Writes a file the user named with --output; a failure names the flag. */
const writeOutput = (file: string, text: string): void => {
  try {
    writeFileAtomic(file, text);
  } catch (e) {
    throw new WorldError('USAGE', `--output ${file}: cannot write it (${e instanceof Error ? e.message : String(e)})`, {
      hint: 'give a file in a directory you can write to, or `-` for standard output',
    });
  }
};

/** The page, written to --output (or the state directory), and opened with --open. */
const writePage = async (ws: Workspace, affected: AffectedResult | undefined, flags: FlagValues, ctx: ActionContext) => {
  const output = flags.output as string | undefined;
  if (output === '-' && ctx.json) throw new WorldError('USAGE', '--output - and --json both want standard output', { hint: 'write the page to a file with --output <file>' });
  const [{ knownTargets }, { collectPageData }, { renderPage }] = await Promise.all([
    import('../lib/graph-html/targets.js'),
    import('../lib/graph-html/collect.js'),
    import('../lib/graph-html/page-file.js'),
  ]);
  const data = collectPageData(ws, affected, await knownTargets(ws), flags['all-edges'] !== true);
  const html = renderPage(data);
  let file: string | null = null;
  if (output === '-') {
    process.stdout.write(html);
  } else if (output === undefined) {
    file = join(ws.root.stateDir, 'graph.html');
    writeFileAtomic(file, html);
  } else {
    file = output;
    writeOutput(file, html);
  }
  if (file !== null) {
    ctx.print(file);
    if (flags.open === true) await (await import('../lib/graph-html/open-page.js')).openInBrowser(file);
  }
  const count = (state: string) => data.projects.filter((p) => p.targets.state === state).length;
  return {
    file,
    projects: data.projects.length,
    edges: data.projects.reduce((n, p) => n + p.deps.length, 0),
    affected: data.affected?.count ?? null,
    targets: { evaluated: count('evaluated'), notEvaluated: count('not-evaluated'), unknown: count('unknown') },
  };
};

const graph: Action = {
  flags: {
    format: { type: 'string', summary: 'Output format (html: an interactive page, written to a file).', options: ['json', 'dot', 'mermaid', 'html'], default: 'json' },
    affected: {
      type: 'boolean',
      summary: 'Only the affected projects and the edges between them (html: the whole graph, affected ones highlighted).',
      default: false,
    },
    'affected-highlight': { type: 'boolean', summary: 'The whole graph, with the affected projects marked (dot: filled; mermaid: class `affected`; json: `affected`).', default: false },
    'all-edges': { type: 'boolean', summary: 'Draw every dependency edge, not the transitive reduction (dot, mermaid, html; json always lists every edge).', default: false },
    output: { type: 'string', char: 'o', summary: 'Write to this file (`-`: standard output); html defaults to .git/world/graph.html.', helpValue: '<file>' },
    open: { type: 'boolean', summary: 'Open the html page in the browser ($BROWSER, else the system\'s opener).', default: false },
    ...changeFlags,
  },
  args: [],
  async run(ctx, flags) {
    const format: Format = ctx.json && flags.format !== 'html' ? 'json' : (flags.format as Format);
    if (flags.open === true && format !== 'html') {
      throw new WorldError('USAGE', `--open opens the html page, not ${format}`, { hint: 'use `--format html --open`' });
    }
    const highlight = flags['affected-highlight'] === true || (format === 'html' && (flags.affected === true || flags.base !== undefined || flags.head !== undefined));
    const r = flags.affected === true || highlight ? await loadAffected(ctx.cwd, changeRequest(flags), cliHooks) : undefined;
    const ws = r ?? (await loadWorkspace(ctx.cwd, undefined, cliHooks));
    if (format === 'html') return writePage(ws, r, flags, ctx);

    const affected = new Set(r?.affected.projects.map((p) => p.name));
    const view = graphView(ws.graph, flags.affected === true ? { only: affected } : highlight ? { highlight: affected } : {});
    const text = renderGraph(view, format, { allEdges: flags['all-edges'] === true });
    const output = flags.output as string | undefined;
    if (output === undefined || output === '-') ctx.print(text);
    else writeOutput(output, text.endsWith('\n') ? text : `${text}\n`);
    return view;
  },
};
export default graph;
