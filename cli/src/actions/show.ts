/**
 * `world show <project>`: one project's place in the graph — its dependencies with their kind
 * and where each edge is written (project.yaml or package.json, file:line:col), the projects
 * that depend on it, the projects nested inside it, and the cycle it is part of.
 */
import { describeOrigin } from '@world/graph';
import { isWithin } from '@world/core';
import type { Action } from '../lib/flag-spec.js';
import { loadWorkspace } from '@world/engine/workspace';
import { cliHooks } from '../lib/notify.js';

const show: Action = {
  flags: {},
  args: [{ name: 'project', description: 'project name or world path', required: true }],
  async run(ctx, _flags, args) {
    const { graph } = await loadWorkspace(ctx.cwd, undefined, cliHooks);
    const p = graph.resolve(args.project!);
    const edges = graph.edges(p.name);
    const dependents = [...graph.dependents(p.name)].sort();
    const nested = [...graph.projects.values()].filter((q) => q.name !== p.name && isWithin(q.dir, p.dir)).map((q) => q.name).sort();
    const cycle = graph.cycles.find((c) => c.includes(p.name)) ?? null;
    const width = Math.max(0, ...edges.map((e) => e.to.length));
    const lines = [
      `${p.name}\t${p.worldPath}${p.packageName !== null ? `\t(package ${p.packageName})` : ''}`,
      `deps:${edges.length === 0 ? ' none' : ''}`,
      ...edges.map((e) => `  ${e.to.padEnd(width)}  ${e.kind === 'dev' ? 'test-only' : 'runtime  '}  ${e.origins.map(describeOrigin).join(', ')}`),
      `used by: ${dependents.join(', ') || 'none'}`,
      ...(nested.length > 0 ? [`holds: ${nested.join(', ')} (their files are theirs, not ${p.name}'s)`] : []),
      ...(cycle ? [`in a cycle with: ${cycle.filter((m) => m !== p.name).join(', ')}`] : []),
      `modules: ${p.modules.join(', ') || 'none'}`,
    ];
    ctx.print(lines.join('\n'));
    return { name: p.name, path: p.worldPath, package: p.packageName, edges, dependents, nested, cycle, modules: p.modules, owners: p.config.owners, tags: p.config.tags };
  },
};
export default show;
