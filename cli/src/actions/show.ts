/** `world show`: one project (or every selected one) in full — files, modules, edges, inputs, targets. */
import { describeRebuild } from '@world/executor';
import { showProjects, type ShownProject } from '@world/engine';
import { buildFlags } from '../lib/build-run.js';
import type { Action } from '../lib/flag-spec.js';
import { cliHooks } from '../lib/notify.js';

/** How a project's targets were found, as a phrase. */
export const targetsSource = (p: ShownProject): string =>
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

export const renderProject = (p: ShownProject): string[] => {
  const modules = [
    ...(p.modules.direct.length > 0 ? [p.modules.direct.join(', ')] : ['none']),
    ...(p.modules.viaImports.length > 0 ? [`through imports: ${p.modules.viaImports.join(', ')}`] : []),
    ...(p.modules.projectNix ? ['and its project.nix'] : []),
  ];
  const depName = pad(p.deps.map((d) => d.name));
  const depPath = pad(p.deps.map((d) => d.path));
  const deps = p.deps.map((d) => `${depName(d.name)}  ${depPath(d.path)}  ${d.declared ? `(${JSON.stringify(d.declared.as)} at ${d.declared.file}:${d.declared.line}:${d.declared.col})` : ''}`.trimEnd());
  const dependentName = pad(p.dependents.map((d) => d.name));
  const files = `${p.inputs.files} file${p.inputs.files === 1 ? '' : 's'}`;
  const lines = [
    `${p.name}  ${p.path}`,
    ...field('file', [p.file]),
    ...field('owners', [p.owners.join(', ') || 'none']),
    ...field('tags', [p.tags.join(', ') || 'none']),
    ...field('modules', [modules.join('; ')]),
    ...field('deps', deps.length > 0 ? deps : ['none']),
    ...field('dependents', p.dependents.length > 0 ? p.dependents.map((d) => `${dependentName(d.name)}  ${d.path}`) : ['none']),
    ...field('inputs', [p.inputs.patterns ? `${files}: project.yaml and those matching ${p.inputs.patterns.join(', ')}` : `${files} (every file of the project)`]),
  ];
  const list = p.targets.list;
  if (list === null) {
    lines.push(...field('targets', [`not evaluated yet: \`world show ${p.name}\` without --no-eval, or any build or dry run (world build -n), evaluates it`]));
    return lines;
  }
  lines.push(...field('targets', [list.length === 0 ? `none (${targetsSource(p)}): its modules declare no targets` : `(${targetsSource(p)})`]));
  const name = pad(list.map((t) => t.name));
  const kind = pad(list.map((t) => t.kind));
  for (const t of list) {
    const status = t.status === 'cached' ? 'cached' : `would build${t.reason ? `: ${describeRebuild(t.reason)}` : ''}`;
    lines.push(`    ${name(t.name)}  ${kind(t.kind)}  ${status}`, `      drv    ${t.drv}`, `      out    ${t.out}`);
    if (t.needs.length > 0) lines.push(`      needs  ${t.needs.join(', ')}`);
  }
  return lines;
};

export const evalFlags = {
  eval: {
    type: 'boolean',
    summary: 'Evaluate with Nix the projects the cache index does not know yet, to list their targets; --no-eval shows only what the index knows.',
    default: true,
    allowNo: true,
  },
  'eval-jobs': buildFlags['eval-jobs'],
} as const;

const show: Action = {
  flags: {
    tag: buildFlags.tag,
    ...evalFlags,
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
