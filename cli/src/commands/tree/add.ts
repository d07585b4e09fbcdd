import { Args, Flags } from '@oclif/core';
import { addTree, formatBytes } from '@world/checkout';
import { findWorldRoot } from '@world/discovery';
import { WorldCommand } from '../../lib/base-command.js';

export default class TreeAdd extends WorldCommand<typeof TreeAdd> {
  static override summary = 'Create a git worktree with its own sparse checkout.';
  static override description =
    'The tree goes to <main worktree>.trees/<name> beside the main worktree (or --path, a new or empty directory named <name> outside every worktree), on branch --branch (default: a new branch named after the tree, from --from or HEAD; ' +
    'an existing local branch, or one that exists on exactly one remote, is checked out). Its projects are --project (default: the same roots as this worktree, or every file when this one is not sparse).';
  static override examples = [
    '<%= config.bin %> tree add hotfix --branch release --project payments-api',
    '<%= config.bin %> tree add review --path ../review --json',
  ];
  static override args = { name: Args.string({ description: 'name of the tree', required: true }) };
  static override flags = {
    branch: Flags.string({ char: 'b', summary: 'Branch to check out or create (default: the tree name).' }),
    from: Flags.string({ summary: 'Where a new branch starts (default: HEAD).' }),
    project: Flags.string({ char: 'p', summary: 'A project for its sparse checkout (repeatable).', multiple: true }),
    path: Flags.string({ summary: 'Directory of the tree, ending in its name (default: <main worktree>.trees/<name>).' }),
  };

  async run() {
    const root = findWorldRoot(this.cwd);
    const r = await addTree(root, {
      cwd: this.cwd,
      name: this.args.name,
      branch: this.flags.branch,
      from: this.flags.from,
      projects: this.flags.project,
      path: this.flags.path,
    });
    this.print(
      [
        `tree ${r.name} at ${r.path} on ${r.createdBranch ? 'new ' : ''}branch ${r.branch}`,
        r.roots ? `roots:        ${r.roots.join(', ') || '(none)'}${r.dependencies.length ? ` (+${r.dependencies.length} dependencies)` : ''}` : 'full checkout',
        `on disk:      ${r.projectsOnDisk} of ${r.projectsInWorld} projects, ${r.files} files (${formatBytes(r.bytes)})`,
      ].join('\n'),
    );
    return r;
  }
}
