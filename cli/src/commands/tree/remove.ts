import { Args } from '@oclif/core';
import { removeTree } from '@world/checkout';
import { findWorldRoot } from '@world/discovery';
import { WorldCommand } from '../../lib/base-command.js';

export default class TreeRemove extends WorldCommand<typeof TreeRemove> {
  static override summary = 'Remove a worktree; refuses while it holds uncommitted work.';
  static override description =
    'Refuses (DIRTY_PATHS, exit 3) when the tree has modified, staged or untracked files, or sits on a detached HEAD no branch contains. Its branch is kept. Ignored files (build outputs) go with the tree.';
  static override examples = ['<%= config.bin %> tree remove hotfix'];
  static override args = { name: Args.string({ description: 'name (or path) of the tree', required: true }) };

  async run() {
    const r = await removeTree(findWorldRoot(this.cwd), this.args.name, this.cwd);
    this.print(r.pruned ? `tree ${r.name} was already gone from disk; git forgot it` : `removed tree ${r.name} (${r.path})${r.branch ? `; branch ${r.branch} is kept` : ''}`);
    return r;
  }
}
