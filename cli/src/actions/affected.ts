import type { Action } from '../lib/flag-spec.js';
import { changeFlags, changeRequest } from '../lib/flags.js';
import { loadAffected } from '@world/engine/workspace';
import { cliHooks } from '../lib/notify.js';
import { describeReason } from '../lib/describe.js';

const affected: Action = {
  flags: {
    ...changeFlags,
    reasons: { type: 'boolean', summary: 'Print why each project is affected.', default: false },
    precise: {
      type: 'boolean',
      summary: 'Only projects with a target whose Nix derivation differs from the base\'s (evaluates the base and the head).',
      default: false,
    },
  },
  args: [],
  async run(ctx, flags) {
    const r = await loadAffected(ctx.cwd, changeRequest(flags), cliHooks);
    const base = r.revisions ? { ref: r.revisions.baseRef, mergeBase: r.revisions.mergeBase } : null;
    if (flags.precise) {
      const { preciseAffectedFor, preciseJson } = await Promise.all([import('@world/engine/precise'), import('../lib/precise-output.js')]).then(([a, b]) => ({ ...a, ...b }));
      const p = await preciseAffectedFor(r, cliHooks);
      const keep = p ? new Set(p.projects) : undefined;
      const projects = r.affected.projects
        .filter((x) => !keep || keep.has(x.name))
        .map((x) => ({ ...x, targets: p ? p.targets.filter((t) => t.project === x.name).map((t) => ({ id: t.id, change: t.change })) : [] }));
      for (const x of projects) {
        const targets = x.targets.map((t) => `${t.id} (${t.change})`).join(', ');
        ctx.print(flags.reasons ? `${x.name}\t${x.path}\t${targets ? `${targets}; ` : ''}${x.reasons.map(describeReason).join('; ')}` : x.name);
      }
      return {
        base,
        head: r.revisions?.head ?? null,
        changedFiles: r.affected.changes,
        affected: projects,
        precise: preciseJson(p, r.affected.projects.map((x) => x.name)),
      };
    }
    for (const p of r.affected.projects) {
      ctx.print(flags.reasons ? `${p.name}\t${p.path}\t${p.reasons.map(describeReason).join('; ')}` : p.name);
    }
    return {
      base,
      head: r.revisions?.head ?? null,
      changedFiles: r.affected.changes,
      affected: r.affected.projects,
    };
  },
};
export default affected;
