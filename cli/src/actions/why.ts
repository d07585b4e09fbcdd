import { explain } from '@world/affected';
import type { Action } from '../lib/flag-spec.js';
import { changeFlags, changeRequest } from '../lib/flags.js';
import { loadAffected } from '../lib/workspace.js';
import { describeStep } from '../lib/describe.js';

const why: Action = {
  flags: { ...changeFlags },
  args: [{ name: 'project', description: 'project name or world path', required: true }],
  async run(ctx, flags, args) {
    const r = await loadAffected(ctx.cwd, changeRequest(flags));
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
