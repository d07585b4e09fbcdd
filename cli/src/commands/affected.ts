import { WorldCommand } from '../lib/base-command.js';
import { changeFlags, changeRequest } from '../lib/flags.js';
import { loadAffected } from '../lib/workspace.js';
import { describeReason } from '../lib/describe.js';
import { Flags } from '@oclif/core';

export default class Affected extends WorldCommand<typeof Affected> {
  static override summary = 'List the projects a change affects.';
  static override description =
    'Compares the head (default: the working tree, uncommitted and untracked files included) with its merge-base with the base (default: the default branch), maps every changed file to its project, module or global input, and closes the result over reverse dependencies.';
  static override examples = [
    '<%= config.bin %> affected',
    '<%= config.bin %> affected --base origin/main --head HEAD --json',
    '<%= config.bin %> affected --no-uncommitted --reasons',
  ];
  static override flags = {
    ...changeFlags,
    reasons: Flags.boolean({ summary: 'Print why each project is affected.', default: false }),
  };

  async run() {
    const { flags } = this;
    const r = await loadAffected(this.cwd, changeRequest(flags));
    for (const p of r.affected.projects) {
      this.print(flags.reasons ? `${p.name}\t${p.path}\t${p.reasons.map(describeReason).join('; ')}` : p.name);
    }
    return {
      base: r.revisions ? { ref: r.revisions.baseRef, mergeBase: r.revisions.mergeBase } : null,
      head: r.revisions?.head ?? null,
      changedFiles: r.affected.changes,
      affected: r.affected.projects,
    };
  }
}
