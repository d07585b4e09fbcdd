import { explain } from '@world/affected';
import { existsSync } from 'node:fs';
import { CacheIndex, readLastBuilds } from '@world/cache';
import { WorldError } from '@world/core';
import { describeRebuild, planTargets } from '@world/executor';
import type { DerivationDiff } from '@world/precise';
import type { Action, ActionContext } from '../lib/flag-spec.js';
import { changeFlags, changeRequest } from '../lib/flags.js';
import { loadAffected, loadWorkspace } from '@world/engine/workspace';
import { cliHooks } from '../lib/notify.js';
import { describeStep } from '../lib/describe.js';
import { parseSelector } from '@world/engine/selection';

/** `world why --rebuild p:t`: the target's rebuild reason, and its derivation against the last build's. */
const whyRebuild = async (ctx: ActionContext, arg: string) => {
  const ws = await loadWorkspace(ctx.cwd, undefined, cliHooks);
  const sel = parseSelector(ws.graph, arg);
  if (sel.target === undefined) throw new WorldError('USAGE', `--rebuild explains one target: ${arg}:<target>`, { hint: `e.g. \`world why --rebuild ${sel.project}:build\`` });
  const plan = await planTargets({ world: ws.world, graph: ws.graph, source: ws.source, selection: [sel], kinds: ['build', 'test', 'lint', 'other'] });
  const t = plan.targets[0]!;
  if (t.inStore) {
    ctx.print(`${t.id}: cached — its output is in the store (${t.out})`);
    return { target: t.id, cached: true, reason: null, derivation: null };
  }
  const reason = t.reason ?? { reason: 'new' as const };
  const lines = [`${t.id}: not cached — ${describeRebuild(reason)}`];
  // The derivation it had at its last build, beside today's: what the change did to it.
  const last = readLastBuilds(ws.root.sharedStateDir).get(t.id);
  const lastDrv = last ? new CacheIndex(ws.root.sharedStateDir).peek(last.key, t.project)?.targets[t.target]?.drv : undefined;
  let derivation: DerivationDiff | null = null;
  if (lastDrv && lastDrv !== t.drv && existsSync(lastDrv)) {
    const { showDerivations, diffDerivations, renderChanges } = await import('@world/precise');
    const drvs = await showDerivations([lastDrv, t.drv], ws.world.config.nix);
    derivation = diffDerivations(drvs.get(lastDrv)!, drvs.get(t.drv)!);
    lines.push(`  derivation ${lastDrv} (last build, ${last!.at}) → ${t.drv}`);
    lines.push(
      ...renderChanges([
        ...derivation.fields.map((f) => ({ kind: 'field' as const, name: f.name, base: f.base ?? '', head: f.head ?? '' })),
        ...derivation.env.map((e) => ({ kind: 'env' as const, ...e })),
        ...derivation.sources.map((x) => ({ kind: 'input' as const, ...x })),
        ...derivation.dependencies.map((x) => ({ kind: 'dependency' as const, target: x.name, base: x.base, head: x.head, changes: [] })),
      ]),
    );
  } else if (lastDrv === t.drv) lines.push(`  derivation ${t.drv}: the same as at its last build`);
  ctx.print(lines.join('\n'));
  return { target: t.id, cached: false, reason, lastBuild: last ?? null, drv: t.drv, lastDrv: lastDrv ?? null, derivation };
};

const why: Action = {
  flags: {
    ...changeFlags,
    rebuild: {
      type: 'boolean',
      summary: "Why PROJECT:TARGET is not cached: what changed since its last build on this machine, down to the derivation's difference.",
      default: false,
    },
    precise: {
      type: 'boolean',
      summary: 'Compare the target\'s Nix derivations at the base and the head, and name what differs (option values, source files, dependencies), like nix-diff.',
      default: false,
    },
  },
  args: [{ name: 'project', description: 'project name or world path (with --precise: PROJECT or PROJECT:TARGET)', required: true }],
  async run(ctx, flags, args) {
    if (flags.rebuild) return whyRebuild(ctx, args.project!);
    const r = await loadAffected(ctx.cwd, changeRequest(flags), cliHooks);
    if (flags.precise) {
      const sel = parseSelector(r.graph, args.project!);
      const [{ explainTarget, renderExplanation }, { headLabel }] = await Promise.all([import('@world/precise'), import('../lib/precise-output.js')]);
      if (!r.revisions) {
        ctx.print(`${sel.project}: no base to compare with (the base could not be resolved)`);
        return { project: sel.project, base: null, targets: [] };
      }
      const e = await explainTarget({
        root: r.root,
        head: { world: r.world, graph: r.graph, source: r.source },
        baseCommit: r.revisions.mergeBase,
        project: sel.project,
        ...(sel.target !== undefined ? { target: sel.target } : {}),
        fileAffected: r.affected.projects.some((p) => p.name === sel.project),
      });
      ctx.print(renderExplanation(e, headLabel(r)));
      return { project: e.project, base: e.baseCommit, head: r.revisions.head, targets: e.targets, evaluated: e.evaluated };
    }
    const project = r.graph.resolve(args.project!);
    const chain = explain(r.affected, project.name, r.graph);
    if (!chain) {
      ctx.print(`${project.name} is not affected`);
      return { project: project.name, affected: false, chain: [] };
    }
    ctx.print(chain.map(describeStep).map((s, i) => (i === 0 ? s : `${'  '.repeat(i - 1)}└─► ${s}`)).join('\n'));
    return { project: project.name, affected: true, chain };
  },
};
export default why;
