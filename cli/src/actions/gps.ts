import { relative } from 'node:path';
import type { Action } from '../lib/flag-spec.js';
import { loadWorkspace } from '@world/engine/workspace';
import { cliHooks } from '../lib/notify.js';

const gps: Action = {
  flags: {},
  args: [],
  async run(ctx) {
    const { root, world, graph } = await loadWorkspace(ctx.cwd, undefined, cliHooks);
    const rel = relative(root.root, ctx.cwd).split('\\').join('/');
    const project = graph.owner(rel === '' ? 'x' : `${rel}/x`);
    const inProject = project ? (project.dir === '' ? rel : rel.slice(project.dir.length + 1)) : null;
    ctx.print(`${world.config.name} ${project ? `${project.name} ${inProject || '.'}` : `//${rel}`}`);
    return {
      world: { name: world.config.name, root: root.root },
      path: `//${rel}`,
      project: project ? { name: project.name, path: project.worldPath, relativePath: inProject } : null,
    };
  },
};
export default gps;
