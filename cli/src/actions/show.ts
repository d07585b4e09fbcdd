/**
 * `world show`: each selected project in full — its file, owners, tags, modules, dependencies
 * with their kind and where each is written (project.yaml or package.json, file:line:col), the
 * projects that depend on it, the projects nested in it, its cycle, its inputs, and its targets.
 */
import { describeRebuild } from '@world/executor';
import { showProjects, type ShownProject } from '@world/engine';
import { describeOrigin } from '@world/graph';
import { buildFlags } from '../lib/build-run.js';
import type { Action } from '../lib/flag-spec.js';
import { cliHooks } from '../lib/notify.js';

/** How a project's targets were found, as a phrase. */
const targetsSource = (p: ShownProject): string =>
  p.targets.from === 'evaluated-now'
    ? 'evaluated now'
    : p.targets.from === 'cache-index'
      ? `from the cache index, evaluated ${p.targets.evaluatedAt}`
      : 'not evaluated yet';

const field = (name: string, lines: readonly string[]): string[] => lines.map((l, i) => `  ${(i === 0 ? name : '').padEnd(11)} ${l}`);

const pad = (values: readonly string[]): ((s: string) => string) => {
  const width = Math.max(0, ...values.map((v) => v.length));
  return (s) => s.padEnd(width);
};

const renderTargets = (p: ShownProject): string[] => {
  const list = p.targets.list;
  if (list === null) return field('targets', [`not evaluated yet: \`world show ${p.name}\` without --no-eval, or any build or dry run (world build -n), evaluates it`]);
  const lines = field('targets', [list.length === 0 ? `none (${targetsSource(p)}): its modules declare no targets` : `(${targetsSource(p)})`]);
  const name = pad(list.map((t) => t.name));
  const kind = pad(list.map((t) => t.kind));
  for (const t of list) {
    const status = t.status === 'cached' ? 'cached' : `would build${t.reason ? `: ${describeRebuild(t.reason)}` : ''}`;
    lines.push(`    ${name(t.name)}  ${kind(t.kind)}  ${status}`, `      drv    ${t.drv}`, `      out    ${t.out}`);
    if (t.needs.length > 0) lines.push(`      needs  ${t.needs.join(', ')}`);
  }
  return lines;
};

const renderProject = (p: ShownProject): string[] => {
  const modules = [
    p.modules.direct.length > 0 ? p.modules.direct.join(', ') : 'none',
    ...(p.modules.viaImports.length > 0 ? [`through imports: ${p.modules.viaImports.join(', ')}`] : []),
    ...(p.modules.projectNix ? ['and its project.nix'] : []),
  ];
  const to = pad(p.edges.map((e) => e.to));
  const files = `${p.inputs.files} file${p.inputs.files === 1 ? '' : 's'}`;
  return [
    `${p.name}  ${p.path}${p.package !== null ? `  (package ${p.package})` : ''}`,
    ...field('file', [p.file]),
    ...field('owners', [p.owners.join(', ') || 'none']),
    ...field('tags', [p.tags.join(', ') || 'none']),
    ...field('modules', [modules.join('; ')]),
    ...field('deps', p.edges.length > 0 ? p.edges.map((e) => `${to(e.to)}  ${e.kind === 'dev' ? 'test-only' : 'runtime  '}  ${e.origins.map(describeOrigin).join(', ')}`) : ['none']),
    ...field('used by', [p.dependents.join(', ') || 'none']),
    ...(p.nested.length > 0 ? field('holds', [`${p.nested.join(', ')} (their files are theirs, not ${p.name}'s)`]) : []),
    ...(p.cycle ? field('cycle', [`with ${p.cycle.join(', ')}`]) : []),
    ...field('inputs', [p.inputs.patterns ? `${files}: project.yaml and those matching ${p.inputs.patterns.join(', ')}` : `${files} (every file of the project)`]),
    ...renderTargets(p),
  ];
};

const show: Action = {
  flags: {
    tag: buildFlags.tag,
    eval: {
      type: 'boolean',
      summary: 'Evaluate with Nix the projects the cache index does not know yet, to list their targets; --no-eval shows only what the index knows.',
      default: true,
      allowNo: true,
    },
    'eval-jobs': buildFlags['eval-jobs'],
  },
  args: [
    {
      name: 'projects',
      description: 'PROJECT[:TARGET] by name or //world/path, a directory (., libs/money), a glob (pay*), NAME... (with its dependents) or ...NAME (with its dependencies); default: the project of the current directory, else every project',
      required: false,
      variadic: true,
    },
  ],
  async run(ctx, flags) {
    const projects = await showProjects(
      { cwd: ctx.cwd, selectors: ctx.argv, tags: (flags.tag as string[] | undefined) ?? [], evaluate: flags.eval !== false, evalJobs: flags['eval-jobs'] as number },
      cliHooks,
    );
    ctx.print(projects.map((p) => renderProject(p).join('\n')).join('\n\n'));
    return { projects };
  },
};
export default show;
