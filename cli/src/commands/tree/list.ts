import { listTrees } from '@world/checkout';
import { findWorldRoot } from '@world/discovery';
import { WorldCommand } from '../../lib/base-command.js';

export default class TreeList extends WorldCommand<typeof TreeList> {
  static override summary = "List the repository's worktrees with their branch and sparse roots.";
  static override examples = ['<%= config.bin %> tree list', '<%= config.bin %> tree list --json'];

  async run() {
    const trees = await listTrees(findWorldRoot(this.cwd));
    for (const t of trees) {
      const flags = [t.locked ? 'locked' : '', t.missing ? 'missing' : ''].filter(Boolean).join(', ');
      this.print(
        `${t.current ? '*' : ' '} ${t.name}\t${t.branch ?? `(detached ${t.head?.slice(0, 12) ?? ''})`}\t${t.roots ? `roots: ${t.roots.join(', ') || '(none)'}` : 'full'}\t${t.path}${flags ? ` (${flags})` : ''}`,
      );
    }
    return { trees: trees.map(({ stateDir: _stateDir, ...t }) => t) };
  }
}
