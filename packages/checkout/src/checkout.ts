/**
 * `world checkout add|remove|set|list|sync`: a worktree's sparse checkout described by the
 * projects chosen (its roots). The cone is recomputed from the roots at the checked-out
 * revision; before the cone narrows, uncommitted work in the paths that would leave is found
 * and the change refused (or, with `force`, made leaving all of it as it is).
 */
import { existsSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { WorldError, isWithin } from '@world/core';
import type { WorldRoot } from '@world/discovery';
import type { ProjectGraph } from '@world/graph';
import { computeCone, dirsMissingFrom, inCone, projectsInCone, type Cone } from './cone.js';
import { describeDirty, hasIndexEntry, listDirty, type DirtyFile } from './dirty.js';
import { clearRecord, readRecord, recordFile, writeRecord, type CheckoutRecord, type RecordedRoot } from './record.js';
import { disableSparse, readSparseState, setCone, unhide, type SparseState } from './sparse.js';

export interface CheckoutContext {
  root: WorldRoot;
  graph: ProjectGraph;
}

/** How the patterns on disk relate to what world recorded. */
export type Drift =
  /** Patterns changed outside world (`git sparse-checkout add/disable`, or set up by hand). */
  | { kind: 'mismatch'; message: string; extra: string[]; missing: string[] }
  /** Patterns are as world left them, but the roots' dependencies changed since: `sync` fixes it. */
  | { kind: 'stale'; message: string; extra: string[]; missing: string[] };

export interface CheckoutStatus {
  sparse: SparseState;
  record: CheckoutRecord | undefined;
  /** The cone of the recorded roots at the checked-out revision. */
  cone: Cone | undefined;
  /** Recorded roots that are no longer projects of the world. */
  unknownRoots: string[];
  drift: Drift | undefined;
}

/** Whether a path is on disk (a dangling symlink is). */
const onDisk = (path: string): boolean => lstatSync(path, { throwIfNoEntry: false }) !== undefined;

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Recorded roots → project names, by name first, then by directory (a renamed project). */
const resolveRecorded = (graph: ProjectGraph, roots: readonly RecordedRoot[]): { names: string[]; unknown: string[] } => {
  const names: string[] = [];
  const unknown: string[] = [];
  const byDir = new Map([...graph.projects.values()].map((p) => [p.dir, p.name]));
  for (const r of roots) {
    const name = graph.get(r.name) ? r.name : byDir.get(r.dir);
    if (name) names.push(name);
    else unknown.push(r.name);
  }
  return { names, unknown };
};

const list = (xs: readonly string[]) => xs.map((x) => x || '/').join(', ');

export const checkoutStatus = async ({ root, graph }: CheckoutContext): Promise<CheckoutStatus> => {
  const sparse = await readSparseState(root.root);
  const record = readRecord(root.stateDir);
  if (!record) {
    const drift: Drift | undefined = sparse.enabled
      ? { kind: 'mismatch', message: 'this worktree has a sparse checkout that world did not set up', extra: sparse.dirs, missing: [] }
      : undefined;
    return { sparse, record, cone: undefined, unknownRoots: [], drift };
  }
  const { names, unknown } = resolveRecorded(graph, record.roots);
  const cone = computeCone(graph, names);
  let drift: Drift | undefined;
  if (!sparse.enabled) {
    drift = { kind: 'mismatch', message: 'world recorded a sparse checkout, but sparse checkout is off (git sparse-checkout disable?)', extra: [], missing: record.dirs };
  } else if (!sparse.cone) {
    drift = { kind: 'mismatch', message: 'the sparse patterns are not in cone mode (changed with git sparse-checkout --no-cone?)', extra: sparse.dirs, missing: record.dirs };
  } else if (!same(sparse.dirs, record.dirs)) {
    const extra = dirsMissingFrom(sparse.dirs, record.dirs);
    const missing = dirsMissingFrom(record.dirs, sparse.dirs);
    drift = {
      kind: 'mismatch',
      message: `the sparse patterns were changed outside world${extra.length ? `: added ${list(extra)}` : ''}${missing.length ? `${extra.length ? ';' : ':'} removed ${list(missing)}` : ''}`,
      extra,
      missing,
    };
  } else if (!same(cone.dirs, record.dirs)) {
    const extra = dirsMissingFrom(record.dirs, cone.dirs);
    const missing = dirsMissingFrom(cone.dirs, record.dirs);
    drift = {
      kind: 'stale',
      message: `the roots' dependencies changed since the checkout was set${missing.length ? `: ${list(missing)} not on disk` : ''}${extra.length ? `${missing.length ? ';' : ':'} ${list(extra)} no longer needed` : ''}`,
      extra,
      missing,
    };
  }
  return { sparse, record, cone, unknownRoots: unknown, drift };
};

/** A one-line warning for commands that read the world, or undefined when all is well. Cheap when world manages no sparse checkout. */
export const sparseWarning = async (ctx: CheckoutContext): Promise<{ code: 'SPARSE_MISMATCH'; message: string; hint: string } | undefined> => {
  if (!existsSync(recordFile(ctx.root.stateDir))) return undefined;
  const s = await checkoutStatus(ctx);
  if (!s.drift) return undefined;
  return {
    code: 'SPARSE_MISMATCH',
    message: s.drift.message,
    hint: s.drift.kind === 'stale' ? 'run `world checkout sync`' : '`world checkout list` shows both sides; `world checkout set <projects>` applies world\'s cone again',
  };
};

export interface ApplyResult {
  roots: string[];
  dependencies: string[];
  always: string[];
  /** The cone's directories; empty with `full`. */
  dirs: string[];
  /** Every file is on disk (sparse checkout off). */
  full: boolean;
  /** Cone directories that came on disk / left it, compared with the patterns before. */
  added: string[];
  removed: string[];
  /** Files with uncommitted work outside the new cone (after --force, or from before), each left as it was: on disk, or deleted. */
  keptOutside: DirtyFile[];
  /** Staged files put back on disk after git took them off. */
  restored: string[];
  projectsOnDisk: number;
  projectsInWorld: number;
}

export interface ApplyOptions {
  force: boolean;
}

const ownersOf = (graph: ProjectGraph, files: readonly DirtyFile[]): string[] =>
  [...new Set(files.map((f) => graph.owner(f.path)?.name).filter((n): n is string => n !== undefined))].sort();

/**
 * Makes the worktree's checkout hold `roots` (project names), or every file with 'full'.
 * Refuses with DIRTY_PATHS when uncommitted work lies in paths that would leave the checkout,
 * unless `force`. Either way every file with uncommitted work outside the new cone ends as the
 * user left it: git keeps modified and untracked files when it narrows, and world undoes what
 * git hides (staged files it takes off the disk, deletions it marks skip-worktree).
 */
export const applyCheckout = async ({ root, graph }: CheckoutContext, roots: readonly string[] | 'full', opts: ApplyOptions): Promise<ApplyResult> => {
  const cone = roots === 'full' ? undefined : computeCone(graph, roots);
  const full = cone === undefined || cone.dirs.includes('');
  const before = await readSparseState(root.root);
  const wasIn = (p: string) => !before.enabled || !before.cone || inCone(p, before.dirs);
  const staysIn = (p: string) => full || inCone(p, cone!.dirs);

  const dirty = full ? [] : await listDirty(root.root);
  const leaving = dirty.filter((f) => wasIn(f.path) && !staysIn(f.path));
  if (leaving.length > 0 && !opts.force) {
    const owners = ownersOf(graph, leaving);
    throw new WorldError(
      'DIRTY_PATHS',
      `${leaving.length} file${leaving.length === 1 ? '' : 's'} with uncommitted work would leave the checkout:\n${describeDirty(leaving)}`,
      {
        hint: `commit or stash them (git stash -u)${owners.length ? `, or keep their project${owners.length === 1 ? '' : 's'} in the checkout (world checkout add ${owners.join(' ')})` : ''}; --force narrows anyway and leaves these files as they are`,
        details: { files: leaving, owners },
      },
    );
  }

  // Uncommitted work outside the new cone (leaving now, or kept outside by an earlier --force),
  // and which of it is on disk: after git has moved, each file is put back as it was.
  const outside = dirty.filter((f) => !staysIn(f.path));
  const present = new Set(outside.filter((f) => onDisk(join(root.root, f.path))).map((f) => f.path));

  if (full) await disableSparse(root.root);
  else await setCone(root.root, cone!.dirs);

  const entries = outside.filter(hasIndexEntry).map((f) => f.path);
  const restored = entries.filter((p) => present.has(p) && !onDisk(join(root.root, p)));
  await unhide(root.root, entries, restored);

  if (full) clearRecord(root.stateDir);
  else {
    const recorded = cone!.roots.map((name) => ({ name, dir: graph.get(name)!.dir }));
    writeRecord(root.stateDir, recorded, cone!.dirs);
  }

  const beforeDirs = before.enabled && before.cone ? before.dirs : [''];
  const afterDirs = full ? [''] : cone!.dirs;
  return {
    roots: cone?.roots ?? [],
    dependencies: cone?.dependencies ?? [],
    always: cone?.always ?? [],
    dirs: full ? [] : cone!.dirs,
    full,
    added: dirsMissingFrom(afterDirs, beforeDirs).filter((d) => !beforeDirs.some((b) => isWithin(d, b))),
    removed: dirsMissingFrom(beforeDirs, afterDirs).filter((d) => !afterDirs.some((a) => isWithin(d, a))),
    keptOutside: outside,
    restored,
    projectsOnDisk: full ? graph.projects.size : projectsInCone(graph, cone!.dirs).length,
    projectsInWorld: graph.projects.size,
  };
};

/** Refuses to build on a sparse checkout whose patterns were changed outside world, unless forced. */
const guardDrift = (status: CheckoutStatus, force: boolean, command: string): void => {
  if (status.drift?.kind !== 'mismatch' || force) return;
  const roots = status.record?.roots.map((r) => r.name) ?? [];
  throw new WorldError('SPARSE_MISMATCH', status.drift.message, {
    hint: `\`world checkout list\` shows both sides; \`world checkout set ${roots.length ? roots.join(' ') : '<projects>'}\` applies world's cone, or run \`world checkout ${command} --force\` to replace the patterns`,
    details: { extra: status.drift.extra, missing: status.drift.missing, roots },
  });
};

const recordedNames = (ctx: CheckoutContext, status: CheckoutStatus): string[] => {
  if (status.unknownRoots.length > 0) {
    throw new WorldError('UNKNOWN_PROJECT', `the checkout's root${status.unknownRoots.length === 1 ? '' : 's'} ${status.unknownRoots.join(', ')} ${status.unknownRoots.length === 1 ? 'is' : 'are'} no longer a project of this world`, {
      hint: `drop ${status.unknownRoots.length === 1 ? 'it' : 'them'} with \`world checkout remove ${status.unknownRoots.join(' ')}\``,
    });
  }
  return resolveRecorded(ctx.graph, status.record?.roots ?? []).names;
};

export const resolveProjects = (graph: ProjectGraph, refs: readonly string[]): string[] => [...new Set(refs.map((r) => graph.resolve(r).name))];

export const checkoutAdd = async (ctx: CheckoutContext, refs: readonly string[], opts: ApplyOptions): Promise<ApplyResult> => {
  const names = resolveProjects(ctx.graph, refs);
  const status = await checkoutStatus(ctx);
  if (!status.record && !status.sparse.enabled) {
    throw new WorldError('USAGE', 'this worktree is not a sparse checkout: every project is on disk already', {
      hint: `\`world checkout set ${names.join(' ')}\` makes it a sparse checkout of just ${names.length === 1 ? 'that project' : 'those projects'} and ${names.length === 1 ? 'its' : 'their'} dependencies`,
    });
  }
  guardDrift(status, opts.force, 'add');
  const current = status.unknownRoots.length > 0 && opts.force ? resolveRecorded(ctx.graph, status.record!.roots).names : recordedNames(ctx, status);
  return applyCheckout(ctx, [...new Set([...current, ...names])], opts);
};

export const checkoutRemove = async (ctx: CheckoutContext, refs: readonly string[], opts: ApplyOptions): Promise<ApplyResult> => {
  const status = await checkoutStatus(ctx);
  if (!status.record) {
    throw new WorldError('USAGE', status.sparse.enabled ? 'world did not set up this sparse checkout: it has no roots to remove' : 'this worktree is not a sparse checkout: there are no roots to remove', {
      hint: '`world checkout set <projects>` chooses the projects to keep on disk',
    });
  }
  guardDrift(status, opts.force, 'remove');
  const recorded = status.record.roots;
  const drop = new Set<string>();
  for (const ref of refs) {
    const hit = recorded.find((r) => r.name === ref || `//${r.dir}` === ref.replace(/\/+$/, ''));
    if (hit) {
      drop.add(hit.name);
      continue;
    }
    const project = ctx.graph.resolve(ref);
    const users = status.cone?.roots.filter((r) => ctx.graph.dependencyClosure([r]).has(project.name)) ?? [];
    throw new WorldError('USAGE', `${project.name} is not a root of this checkout${users.length ? `: it is on disk as a dependency of ${users.join(', ')}` : ''}`, {
      hint: `the roots are ${recorded.map((r) => r.name).join(', ') || '(none)'}; \`world checkout list\` shows what each pulled in`,
    });
  }
  const keep = recorded.filter((r) => !drop.has(r.name));
  const { names } = resolveRecorded(ctx.graph, keep);
  return applyCheckout(ctx, names, opts);
};

export const checkoutSet = async (ctx: CheckoutContext, refs: readonly string[] | 'full', opts: ApplyOptions): Promise<ApplyResult> =>
  applyCheckout(ctx, refs === 'full' ? 'full' : resolveProjects(ctx.graph, refs), opts);

export const checkoutSync = async (ctx: CheckoutContext, opts: ApplyOptions): Promise<ApplyResult> => {
  const status = await checkoutStatus(ctx);
  if (!status.record) {
    throw new WorldError('USAGE', 'world manages no sparse checkout in this worktree: there is nothing to sync', {
      hint: '`world checkout set <projects>` chooses the projects to keep on disk',
    });
  }
  guardDrift(status, opts.force, 'sync');
  return applyCheckout(ctx, recordedNames(ctx, status), opts);
};
