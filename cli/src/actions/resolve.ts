import { relative, resolve } from 'node:path';
import { WorldError } from '@world/core';
import type { Action } from '../lib/flag-spec.js';
import { loadWorkspace } from '@world/engine/workspace';
import { cliHooks } from '../lib/notify.js';

const resolvePath: Action = {
  flags: {},
  args: [{ name: 'path', description: 'a file or directory (relative to the current directory)', required: true }],
  async run(ctx, _flags, args) {
    const path = args.path!;
    const { root, graph } = await loadWorkspace(ctx.cwd, undefined, cliHooks);
    const rel = relative(root.root, resolve(ctx.cwd, path)).split('\\').join('/');
    if (rel.startsWith('..')) {
      throw new WorldError('USAGE', `path ${JSON.stringify(path)} is outside the world at ${root.root}`, { hint: 'name a path inside the world' });
    }
    // A directory is owned like a file inside it, so `resolve areas/pay` finds //areas/pay.
    const project = graph.owner(rel === '' ? 'x' : `${rel}/x`);
    if (!project) {
      ctx.print(`//${rel} belongs to no project`);
      return { path: `//${rel}`, project: null };
    }
    ctx.print(`${project.name}\t${project.worldPath}`);
    return { path: `//${rel}`, project: { name: project.name, path: project.worldPath } };
  },
};
export default resolvePath;
