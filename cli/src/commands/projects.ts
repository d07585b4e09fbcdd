import { Flags } from '@oclif/core';
import { WorldCommand } from '../lib/base-command.js';
import { loadWorkspace } from '../lib/workspace.js';

export default class Projects extends WorldCommand<typeof Projects> {
  static override summary = 'List the projects of the world.';
  static override examples = ['<%= config.bin %> projects', '<%= config.bin %> projects --tag service --owner team-payments --json'];
  static override flags = {
    tag: Flags.string({ summary: 'Only projects with this tag (repeatable: all must match).', multiple: true }),
    owner: Flags.string({ summary: 'Only projects with this owner (repeatable: any may match).', multiple: true }),
  };

  async run() {
    const { flags } = this;
    const { graph } = await loadWorkspace(this.cwd);
    const projects = [...graph.projects.values()]
      .filter((p) => (flags.tag ?? []).every((t) => p.config.tags.includes(t)))
      .filter((p) => !flags.owner || flags.owner.some((o: string) => p.config.owners.includes(o)))
      .sort((a, b) => a.name.localeCompare(b.name));
    for (const p of projects) this.print(`${p.name}\t${p.worldPath}`);
    return {
      projects: projects.map((p) => ({
        name: p.name,
        path: p.worldPath,
        deps: p.deps,
        modules: p.config.modules,
        owners: p.config.owners,
        tags: p.config.tags,
      })),
    };
  }
}
