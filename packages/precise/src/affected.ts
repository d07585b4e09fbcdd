/**
 * Precise affected set: a target is affected when its derivation differs between the base
 * and the head (or the base does not have it). The file-based affected set is the
 * pre-filter — a project none of whose inputs changed has the same derivations on both
 * sides — so only its projects are evaluated, once per side.
 *
 * What this catches that file-based mode cannot: a change that does not reach any
 * derivation (a comment or a reformatting in a shared module, a module option nobody sets,
 * a refactor that evaluates to the same build) affects nothing.
 */
import { isWorldError } from '@world/core';
import type { WorldRoot } from '@world/discovery';
import type { TargetKind } from '@world/nix';
import { evaluateSide, loadCommitSide, type Side } from './sides.js';

export interface PreciseRequest {
  root: WorldRoot;
  head: Side;
  /** The merge-base commit: what the head is compared with. */
  baseCommit: string;
  /** The file-based affected projects (only these can have changed derivations). */
  projects: readonly string[];
}

export type TargetChange =
  /** Its derivation differs from the base's. */
  | 'changed'
  /** The base has no such target (a new project or target). */
  | 'new'
  /** The base could not be evaluated: counted as affected, see `fallback`. */
  | 'uncompared';

export interface PreciseTarget {
  id: string;
  project: string;
  target: string;
  kind: TargetKind;
  change: TargetChange;
  baseDrv: string | null;
  headDrv: string;
}

export interface PreciseAffected {
  baseCommit: string;
  /** Affected targets, sorted by id. */
  targets: PreciseTarget[];
  /** Targets of file-affected projects whose derivation is the same at the base. */
  unchanged: { id: string; drv: string }[];
  /** Projects with at least one affected target, sorted. */
  projects: string[];
  /** Set when the base could not be evaluated, so every target of the file-based set counts. */
  fallback?: string;
  evaluated: { base: boolean; head: boolean };
}

export const preciseAffected = async (req: PreciseRequest): Promise<PreciseAffected> => {
  const basePromise = loadCommitSide(req.root, req.baseCommit)
    .then((side) => evaluateSide(side, req.projects))
    .catch((e: unknown) => {
      // A base whose config or modules do not evaluate cannot be compared with: every
      // target of the head counts (conservative), and the result says why.
      if (isWorldError(e)) return { error: e };
      throw e;
    });
  const [head, base] = await Promise.all([evaluateSide(req.head, req.projects), basePromise]);

  const targets: PreciseTarget[] = [];
  const unchanged: { id: string; drv: string }[] = [];
  for (const t of [...head.targets.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const entry = { id: t.id, project: t.project, target: t.target, kind: t.kind, headDrv: t.drv };
    if ('error' in base) {
      targets.push({ ...entry, change: 'uncompared', baseDrv: null });
      continue;
    }
    const before = base.targets.get(t.id);
    if (!before) targets.push({ ...entry, change: 'new', baseDrv: null });
    else if (before.drv !== t.drv) targets.push({ ...entry, change: 'changed', baseDrv: before.drv });
    else unchanged.push({ id: t.id, drv: t.drv });
  }
  return {
    baseCommit: req.baseCommit,
    targets,
    unchanged,
    projects: [...new Set(targets.map((t) => t.project))].sort(),
    ...('error' in base ? { fallback: `the base ${req.baseCommit.slice(0, 12)} could not be evaluated (${base.error.code}: ${base.error.message.split('\n')[0]}); every target of the file-based set counts` } : {}),
    evaluated: { base: 'error' in base ? false : base.evaluated, head: head.evaluated },
  };
};
