/**
 * `world why --precise`: why a target's derivation differs between the base and the head,
 * like nix-diff, in world's terms. The two .drv files are compared field by field; a
 * difference is named by what caused it:
 *
 * - an option value from project.yaml (and the environment value it became),
 * - a module's files (when the derivation's own values changed),
 * - the project's sources (`<project>-src`): which files differ,
 * - a dependency target whose derivation changed — explained the same way, recursively.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WorldError, didYouMean, isWithin, isWorldError, targetId } from '@world/core';
import type { WorldRoot } from '@world/discovery';
import type { Fingerprints } from '@world/fingerprint';
import { diffDerivations, showDerivations, storeName, type Derivation, type ValueDiff } from './derivation.js';
import { diffOptions, diffSourceFiles, type FileChange, type OptionChange } from './compare.js';
import { evaluateSide, loadCommitSide, sideFingerprints, type EvaluatedSide, type Side, type SideTarget } from './sides.js';

export type Change =
  /** `env`: the environment values of the derivation the option's value shows up in. */
  | { kind: 'option'; project: string; file: string; option: string; base?: unknown; head?: unknown; env: string[] }
  | { kind: 'module'; module: string; files: FileChange[] }
  | { kind: 'env'; name: string; base: string | null; head: string | null }
  | { kind: 'field'; name: string; base: string; head: string }
  | { kind: 'source'; project: string; base: string | null; head: string | null; files: FileChange[] }
  | { kind: 'input'; name: string; base: string | null; head: string | null }
  /** `repeated`: explained earlier in the same explanation, not again. */
  | { kind: 'dependency'; target: string; base: string | null; head: string | null; changes: Change[]; repeated?: boolean };

export type TargetStatus = 'changed' | 'new' | 'removed' | 'unchanged';

export interface TargetExplanation {
  id: string;
  status: TargetStatus;
  baseDrv: string | null;
  headDrv: string | null;
  changes: Change[];
  /** Why there is nothing to compare, when there is not. */
  note?: string;
}

export interface Explanation {
  baseCommit: string;
  project: string;
  targets: TargetExplanation[];
  evaluated: { base: boolean; head: boolean };
}

export interface ExplainRequest {
  root: WorldRoot;
  head: Side;
  baseCommit: string;
  project: string;
  /** One target; undefined explains every target of the project. */
  target?: string;
  /** Whether the file-based set has the project; when not, its derivations cannot differ and nothing is evaluated. */
  fileAffected: boolean;
  /** How deep to follow changed dependencies (default 8). */
  maxDepth?: number;
}

interface Context {
  base: Side;
  head: Side;
  baseEval: EvaluatedSide;
  headEval: EvaluatedSide;
  baseFp: Fingerprints;
  headFp: Fingerprints;
  byDrv: Map<string, SideTarget>;
  drvs: Map<string, Derivation>;
  maxDepth: number;
}

const NOT_AFFECTED = 'no input of its project changed since the base (file-based check), so its derivation is the same';

export const explainTarget = async (req: ExplainRequest): Promise<Explanation> => {
  const { head, project } = req;
  if (!req.fileAffected) {
    // Only the target names are needed, and only when none was given (from the cache index, usually).
    const listed = req.target === undefined ? await evaluateSide(head, [project]) : undefined;
    const targets = listed ? [...listed.targets.values()].map((t) => t.target) : [req.target!];
    return {
      baseCommit: req.baseCommit,
      project,
      targets: targets.map((t) => ({ id: targetId(project, t), status: 'unchanged', baseDrv: null, headDrv: null, changes: [], note: NOT_AFFECTED })),
      evaluated: { base: false, head: listed?.evaluated ?? false },
    };
  }

  const headClosure = [...head.graph.dependencyClosure([project])];
  // Errors at the base (its config or modules do not evaluate) say that they are the base's.
  const atBase = <T>(p: Promise<T>): Promise<T> =>
    p.catch((e: unknown) => {
      if (!isWorldError(e)) throw e;
      throw new WorldError(e.code, `at the base ${req.baseCommit.slice(0, 12)}: ${e.message}`, e.hint ? { hint: e.hint } : {});
    });
  const base = await atBase(loadCommitSide(req.root, req.baseCommit));
  const baseClosure = base.graph.projects.has(project) ? [...base.graph.dependencyClosure([project])] : [];
  const [headEval, baseEval, headFp, baseFp] = await Promise.all([
    evaluateSide(head, headClosure),
    atBase(evaluateSide(base, baseClosure)),
    sideFingerprints(head, headClosure),
    sideFingerprints(base, baseClosure),
  ]);

  const ofProject = (e: EvaluatedSide) => [...e.targets.values()].filter((t) => t.project === project).map((t) => t.target);
  const names = [...new Set([...ofProject(headEval), ...ofProject(baseEval)])].sort();
  if (req.target !== undefined && !names.includes(req.target)) {
    throw new WorldError('UNKNOWN_TARGET', `project ${project} has no target ${JSON.stringify(req.target)} at the base or the head${didYouMean(req.target, names)}`, {
      hint: names.length > 0 ? `its targets: ${names.join(', ')}` : 'it has no targets',
    });
  }

  const byDrv = new Map<string, SideTarget>();
  for (const e of [baseEval, headEval]) for (const t of e.targets.values()) byDrv.set(t.drv, t);
  const ctx: Context = { base, head, baseEval, headEval, baseFp, headFp, byDrv, drvs: new Map(), maxDepth: req.maxDepth ?? 8 };

  const targets: TargetExplanation[] = [];
  for (const name of req.target !== undefined ? [req.target] : names) {
    const id = targetId(project, name);
    const b = baseEval.targets.get(id)?.drv ?? null;
    const h = headEval.targets.get(id)?.drv ?? null;
    if (b === null) targets.push({ id, status: 'new', baseDrv: null, headDrv: h, changes: [], note: 'the base has no such target' });
    else if (h === null) targets.push({ id, status: 'removed', baseDrv: b, headDrv: null, changes: [], note: 'the head has no such target' });
    else if (b === h) targets.push({ id, status: 'unchanged', baseDrv: b, headDrv: h, changes: [], note: 'its derivation is the same at the base and the head' });
    else targets.push({ id, status: 'changed', baseDrv: b, headDrv: h, changes: await diffPair(ctx, b, h, 0, new Set()) });
  }
  return { baseCommit: req.baseCommit, project, targets, evaluated: { base: baseEval.evaluated, head: headEval.evaluated } };
};

/** The changed environment values an option's value appears in (its base value in the base's, its head value in the head's). */
const reachedEnv = (o: OptionChange, env: readonly ValueDiff[]): string[] => {
  const text = (v: unknown) => (v === undefined || v === null || typeof v === 'object' ? undefined : String(v));
  const b = text(o.base);
  const h = text(o.head);
  return env
    .filter((e) => (h !== undefined && h !== '' && e.head?.includes(h)) || (b !== undefined && b !== '' && e.base?.includes(b)))
    .map((e) => e.name);
};

const moduleFiles = (fp: Fingerprints, modulesDir: string, name: string) =>
  fp.modules.files.filter((f) => f.path === `${modulesDir}/${name}.nix` || isWithin(f.path, `${modulesDir}/${name}`));

/** The changes between two derivations of the same target (or of the same dependency). */
const diffPair = async (ctx: Context, baseDrv: string, headDrv: string, depth: number, seen: Set<string>): Promise<Change[]> => {
  seen.add(`${baseDrv} ${headDrv}`);
  const missing = [baseDrv, headDrv].filter((d) => !ctx.drvs.has(d));
  if (missing.length > 0) for (const [k, v] of await showDerivations(missing, ctx.head.world.config.nix)) ctx.drvs.set(k, v);
  const d = diffDerivations(ctx.drvs.get(baseDrv)!, ctx.drvs.get(headDrv)!);
  const changes: Change[] = [];

  // The derivation's own values changed: name the option values and module files behind it.
  const owner = ctx.byDrv.get(headDrv)?.project ?? ctx.byDrv.get(baseDrv)?.project;
  if (owner !== undefined && (d.env.length > 0 || d.fields.length > 0)) {
    const hp = ctx.head.graph.projects.get(owner);
    const bp = ctx.base.graph.projects.get(owner);
    // An option is named when its value shows up in a changed value of this derivation (the
    // environment value it became); when none can be matched (a module transformed it), all are.
    const options = diffOptions(bp?.config.config ?? {}, hp?.config.config ?? {}).map((o) => ({ ...o, env: reachedEnv(o, d.env) }));
    const matched = options.filter((o) => o.env.length > 0);
    for (const o of matched.length > 0 ? matched : options) changes.push({ kind: 'option', project: owner, file: (hp ?? bp)!.config.file, ...o });
    const headModules = ctx.head.world.config.modules;
    const baseModules = ctx.base.world.config.modules;
    for (const m of [...new Set([...(bp?.modules ?? []), ...(hp?.modules ?? [])])].sort()) {
      const files = diffSourceFiles(moduleFiles(ctx.baseFp, baseModules, m), moduleFiles(ctx.headFp, headModules, m));
      if (files.length > 0) changes.push({ kind: 'module', module: m, files });
    }
  }
  for (const f of d.fields) changes.push({ kind: 'field', name: f.name, base: f.base ?? '', head: f.head ?? '' });
  for (const e of d.env) changes.push({ kind: 'env', ...e });

  const target = ctx.byDrv.get(headDrv)?.target ?? ctx.byDrv.get(baseDrv)?.target;
  for (const s of d.sources) {
    // A target's own sources (`<project>-<target>-src`, from its `sources` globs) hold part of
    // the project: of the files that changed, name those in that part on either side.
    const ownPart = owner !== undefined && s.name === `${owner}-${target}-src`;
    const project = ownPart ? owner : s.name.endsWith('-src') ? s.name.slice(0, -4) : undefined;
    if (project !== undefined && (ctx.head.graph.projects.has(project) || ctx.base.graph.projects.has(project))) {
      const dir = (ctx.head.graph.projects.get(project) ?? ctx.base.graph.projects.get(project))!.dir;
      const inPart = (f: FileChange) => [s.base, s.head].some((root) => root !== null && existsSync(join(root, dir === '' ? f.path : f.path.slice(dir.length + 1))));
      const files = diffSourceFiles(ctx.baseFp.projects.get(project)?.sources.files ?? [], ctx.headFp.projects.get(project)?.sources.files ?? []);
      changes.push({ kind: 'source', project, base: s.base, head: s.head, files: ownPart ? files.filter(inPart) : files });
    } else changes.push({ kind: 'input', ...s });
  }

  for (const dep of d.dependencies) {
    const target = (dep.head && ctx.byDrv.get(dep.head)?.id) ?? (dep.base && ctx.byDrv.get(dep.base)?.id) ?? storeName(dep.head ?? dep.base!);
    const repeated = seen.has(`${dep.base} ${dep.head}`);
    const recurse = dep.base !== null && dep.head !== null && depth + 1 < ctx.maxDepth && !repeated;
    changes.push({
      kind: 'dependency',
      target,
      base: dep.base,
      head: dep.head,
      changes: recurse ? await diffPair(ctx, dep.base!, dep.head!, depth + 1, seen) : [],
      ...(repeated ? { repeated } : {}),
    });
  }
  return changes;
};
