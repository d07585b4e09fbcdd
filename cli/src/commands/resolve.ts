import { Args } from '@oclif/core';
import { relative, resolve } from 'node:path';
import { WorldError } from '@world/core';
import { WorldCommand } from '../lib/base-command.js';
import { loadWorkspace } from '../lib/workspace.js';

export default class Resolve extends WorldCommand<typeof Resolve> {
  static override summary = 'Print the project that owns a path.';
  static override examples = ['<%= config.bin %> resolve areas/payments/api/src/index.js', '<%= config.bin %> resolve . --json'];
  static override args = {
    path: Args.string({ description: 'a file or directory (relative to the current directory)', required: true }),
  };

  async run() {
    const { args } = this;
    const { root, graph } = await loadWorkspace(this.cwd);
    const rel = relative(root.root, resolve(this.cwd, args.path)).split('\\').join('/');
    if (rel.startsWith('..')) {
      throw new WorldError('USAGE', `path ${JSON.stringify(args.path)} is outside the world at ${root.root}`, { hint: 'name a path inside the world' });
    }
    // A directory is owned like a file inside it, so `resolve areas/pay` finds //areas/pay.
    const project = graph.owner(rel === '' ? 'x' : `${rel}/x`);
    if (!project) {
      this.print(`//${rel} belongs to no project`);
      return { path: `//${rel}`, project: null };
    }
    this.print(`${project.name}\t${project.worldPath}`);
    return { path: `//${rel}`, project: { name: project.name, path: project.worldPath } };
  }
}
