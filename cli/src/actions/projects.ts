import { WorldError } from '@world/core';
import type { Action } from '../lib/flag-spec.js';
import { loadWorkspace } from '@world/engine/workspace';
import { cliHooks } from '../lib/notify.js';

const projects: Action = {
  flags: {
    tag: { type: 'string', summary: 'Only projects with this tag (repeatable: all must match).', multiple: true },
    owner: { type: 'string', summary: 'Only projects with this owner (repeatable: any may match).', multiple: true },
    targets: { type: 'boolean', summary: "Also list each project's targets (from the cache index, or evaluated now; see `world show`).", default: false },
    eval: {
      type: 'boolean',
      summary: 'With --targets: evaluate with Nix the projects the cache index does not know yet; --no-eval lists only what the index knows.',
      default: true,
      allowNo: true,
    },
  },
  args: [],
  async run(ctx, flags) {
    const tags = (flags.tag as string[] | undefined) ?? [];
    const owners = flags.owner as string[] | undefined;
    const withTargets = flags.targets === true;
    if (flags.eval === false && !withTargets) {
      throw new WorldError('USAGE', '--no-eval says how to find targets: it goes with --targets', { hint: 'e.g. `world projects --targets --no-eval`' });
    }
    const ws = await loadWorkspace(ctx.cwd, undefined, cliHooks);
    const list = [...ws.graph.projects.values()]
      .filter((p) => tags.every((t) => p.config.tags.includes(t)))
      .filter((p) => !owners || owners.some((o) => p.config.owners.includes(o)))
      .sort((a, b) => a.name.localeCompare(b.name));
    const base = list.map((p) => ({
      name: p.name,
      path: p.worldPath,
      deps: p.deps,
      // Each dependency with its kind (runtime, or dev: test and lint targets only) and where it is written.
      edges: ws.graph.edges(p.name),
      package: p.packageName,
      modules: p.config.modules,
      owners: p.config.owners,
      tags: p.config.tags,
    }));
    if (!withTargets) {
      for (const p of list) ctx.print(`${p.name}\t${p.worldPath}`);
      return { projects: base };
    }
    // Loaded only for --targets: the plain list stays as quick as it was.
    const { describeProjects } = await import('@world/engine');
    const shown = await describeProjects(ws, list.map((p) => ({ project: p.name })), { evaluate: flags.eval !== false }, cliHooks);
    const counts = { 'cache-index': 0, 'evaluated-now': 0, 'not-evaluated': 0 };
    for (const s of shown) counts[s.targets.from]++;
    for (const s of shown) ctx.print(`${s.name}\t${s.path}\t${s.targets.list ? s.targets.list.map((t) => t.name).join(' ') : '(not evaluated)'}`);
    const from = [
      counts['cache-index'] > 0 ? `${counts['cache-index']} from the cache index` : '',
      counts['evaluated-now'] > 0 ? `${counts['evaluated-now']} evaluated now` : '',
      counts['not-evaluated'] > 0 ? `${counts['not-evaluated']} not evaluated yet (--no-eval)` : '',
    ].filter(Boolean);
    if (from.length > 0) cliHooks.notify?.({ level: 'info', message: `targets: ${from.join(', ')}` });
    return {
      projects: base.map((p, i) => {
        const s = shown[i]!;
        return { ...p, targetsFrom: s.targets.from, targets: s.targets.list?.map((t) => ({ name: t.name, kind: t.kind, status: t.status, drv: t.drv, out: t.out })) ?? null };
      }),
    };
  },
};
export default projects;
