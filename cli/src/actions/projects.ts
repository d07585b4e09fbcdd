import type { Action } from '../lib/flag-spec.js';
import { loadWorkspace } from '@world/engine/workspace';
import { cliHooks } from '../lib/notify.js';

const projects: Action = {
  flags: {
    tag: { type: 'string', summary: 'Only projects with this tag (repeatable: all must match).', multiple: true },
    owner: { type: 'string', summary: 'Only projects with this owner (repeatable: any may match).', multiple: true },
  },
  args: [],
  async run(ctx, flags) {
    const tags = (flags.tag as string[] | undefined) ?? [];
    const owners = flags.owner as string[] | undefined;
    const { graph } = await loadWorkspace(ctx.cwd, undefined, cliHooks);
    const list = [...graph.projects.values()]
      .filter((p) => tags.every((t) => p.config.tags.includes(t)))
      .filter((p) => !owners || owners.some((o) => p.config.owners.includes(o)))
      .sort((a, b) => a.name.localeCompare(b.name));
    for (const p of list) ctx.print(`${p.name}\t${p.worldPath}`);
    return {
      projects: list.map((p) => ({
        name: p.name,
        path: p.worldPath,
        deps: p.deps,
        // Each dependency with its kind (runtime, or dev: test and lint targets only) and where it is written.
        edges: graph.edges(p.name),
        package: p.packageName,
        modules: p.config.modules,
        owners: p.config.owners,
        tags: p.config.tags,
      })),
    };
  },
};
export default projects;
