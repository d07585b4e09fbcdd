import type { Action } from '../lib/flag-spec.js';
import { changeFlags, changeRequest } from '../lib/flags.js';
import { loadAffected } from '../lib/workspace.js';
import { describeReason } from '../lib/describe.js';

const affected: Action = {
  flags: {
    ...changeFlags,
    reasons: { type: 'boolean', summary: 'Print why each project is affected.', default: false },
  },
  args: [],
  async run(ctx, flags) {
    const r = await loadAffected(ctx.cwd, changeRequest(flags));
    for (const p of r.affected.projects) {
      ctx.print(flags.reasons ? `${p.name}\t${p.path}\t${p.reasons.map(describeReason).join('; ')}` : p.name);
    }
    return {
      base: r.revisions ? { ref: r.revisions.baseRef, mergeBase: r.revisions.mergeBase } : null,
      head: r.revisions?.head ?? null,
      changedFiles: r.affected.changes,
      affected: r.affected.projects,
    };
  },
};
export default affected;
