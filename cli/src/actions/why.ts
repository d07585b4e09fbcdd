import { explain } from '@world/affected';
import type { Action } from '../lib/flag-spec.js';
import { changeFlags, changeRequest } from '../lib/flags.js';
import { loadAffected } from '../lib/workspace.js';
import { describeStep } from '../lib/describe.js';
import { parseSelector } from '../lib/selector.js';

const why: Action = {
  flags: {
    ...changeFlags,
    precise: {
      type: 'boolean',
      summary: 'Compare the target\'s Nix derivations at the base and the head, and name what differs (option values, source files, dependencies), like nix-diff.',
      default: false,
    },
  },
  args: [{ name: 'project', description: 'project name or world path (with --precise: PROJECT or PROJECT:TARGET)', required: true }],
  async run(ctx, flags, args) {
    const r = await loadAffected(ctx.cwd, changeRequest(flags));
    if (flags.precise) {
      const sel = parseSelector(r.graph, args.project!);
      const [{ explainTarget, renderExplanation }, { headLabel }] = await Promise.all([import('@world/precise'), import('../lib/precise.js')]);
      if (!r.revisions) {
        ctx.print(`${sel.project}: no base to compare with (the base could not be resolved)`);
        return { project: sel.project, base: null, targets: [] };
      }
      const e = await explainTarget({
        root: r.root,
        head: { world: r.world, graph: r.graph, source: r.source },
        baseCommit: r.revisions.mergeBase,
        project: sel.project,
        ...(sel.target !== undefined ? { target: sel.target } : {}),
        fileAffected: r.affected.projects.some((p) => p.name === sel.project),
      });
      ctx.print(renderExplanation(e, headLabel(r)));
      return { project: e.project, base: e.baseCommit, head: r.revisions.head, targets: e.targets, evaluated: e.evaluated };
    }
    const project = r.graph.resolve(args.project!);
    const chain = explain(r.affected, project.name);
    if (!chain) {
      ctx.print(`${project.name} is not affected`);
      return { project: project.name, affected: false, chain: [] };
    }
    ctx.print(chain.map(describeStep).map((s, i) => (i === 0 ? s : `${'  '.repeat(i - 1)}└─► ${s}`)).join('\n'));
    return { project: project.name, affected: true, chain };
  },
};
export default why;
