import { relative } from 'node:path';
import { findWorldRoot } from '@world/discovery';
import { WorldCommand } from '../lib/base-command.js';
import { loadWorkspace } from '../lib/workspace.js';

export default class Gps extends WorldCommand<typeof Gps> {
  static override summary = 'Where am I: world root, project, and path inside the project.';
  static override description = 'Meant for shell prompts and editor integrations; use --json.';
  static override examples = ['<%= config.bin %> gps', '<%= config.bin %> gps --json'];

  async run() {
    const root = findWorldRoot(this.cwd);
    const { world, graph } = await loadWorkspace(this.cwd);
    const rel = relative(root.root, this.cwd).split('\\').join('/');
    const project = graph.owner(rel === '' ? 'x' : `${rel}/x`);
    const inProject = project ? (project.dir === '' ? rel : rel.slice(project.dir.length + 1)) : null;
    this.print(`${world.config.name} ${project ? `${project.name} ${inProject || '.'}` : `//${rel}`}`);
    return {
      world: { name: world.config.name, root: root.root },
      path: `//${rel}`,
      project: project ? { name: project.name, path: project.worldPath, relativePath: inProject } : null,
    };
  }
}
