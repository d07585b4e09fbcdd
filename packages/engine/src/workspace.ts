/**
 * The pipeline's front half for every command: find the world, discover its projects from
 * git, build the graph, and (when asked) compute what changed and the affected set. The git
 * calls that do not depend on each other run concurrently.
 */
import { findWorldRoot, discover, prefetchSnapshot, readWorktreeStatus, openParseCache, readWorldConfig, type HeadSource, type World, type WorldRoot } from '@world/discovery';
import { ProjectGraph } from '@world/graph';
import { resolveRevisions, listCommittedPaths, combineChanges, isMissingBase, type Revisions } from '@world/changes';
import { computeAffected, type AffectedSet } from '@world/affected';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { notifier, type EngineHooks, type Notice } from './hooks.js';

export type { EngineHooks, Notice } from './hooks.js';

/**
 * In a sparse checkout world manages, a warning when the sparse patterns and the recorded
 * roots disagree (changed behind world's back, or dependencies changed since): an edit outside
 * the checkout must not go unnoticed. Costs one stat when world manages no sparse checkout.
 */
const sparseDrift = async (root: WorldRoot, graph: ProjectGraph, source: HeadSource, notify: (n: Notice) => void): Promise<void> => {
  // The cone is the working tree's: a graph read at another commit would not match it.
  if (source.kind !== 'worktree' || !existsSync(join(root.stateDir, 'checkout.json'))) return;
  const { sparseWarning } = await import('@world/checkout');
  const w = await sparseWarning({ root, graph });
  if (w) notify({ level: 'warning', code: w.code, message: w.message, hint: w.hint });
};

/** The cycles of the project graph (the first few), as warnings: accepted, but a change to one member affects them all. */
const cycleWarnings = (graph: ProjectGraph, notify: (n: Notice) => void): void => {
  const cycles = graph.describeCycles();
  if (cycles.length === 0) return;
  const messages = cycles.slice(0, 3).map((c) => {
    const others = c.members.filter((m) => !c.path.includes(m));
    const more = others.length === 0 ? '' : ` and ${others.length} more: ${others.slice(0, 8).join(', ')}${others.length > 8 ? ', …' : ''}`;
    return `${c.members.length} projects depend on each other (${c.path.join(' → ')}${more}); a change to any of them affects them all`;
  });
  if (cycles.length > 3) messages.push(`and ${cycles.length - 3} more cycles`);
  messages.forEach((message, i) =>
    notify({
      level: 'warning',
      code: 'DEPENDENCY_CYCLE',
      message,
      ...(i === messages.length - 1 ? { hint: 'harmless while only tests need each other (devDependencies, devDeps); `world projects --json` shows where each edge is written' } : {}),
    }),
  );
};

export interface Workspace {
  root: WorldRoot;
  world: World;
  graph: ProjectGraph;
  /** What the world was read from: the working tree (with its untracked files) or a commit. */
  source: HeadSource;
}

export interface ChangeRequest {
  base?: string | undefined;
  head?: string | undefined;
  uncommitted: boolean;
  /** Treat every project as affected when the base cannot be resolved. */
  allIfBaseMissing: boolean;
}

export interface AffectedResult extends Workspace {
  /** undefined when the base could not be resolved and the user opted into "all affected". */
  revisions: Revisions | undefined;
  changedPaths: string[];
  affected: AffectedSet;
}

export const loadWorkspace = async (cwd: string, head?: string, hooks: EngineHooks = {}): Promise<Workspace> => {
  const root = findWorldRoot(cwd);
  const source: HeadSource = head === undefined ? { kind: 'worktree', status: await readWorktreeStatus(root.root) } : { kind: 'commit', oid: head };
  const world = await discover(root, source);
  const graph = new ProjectGraph(world);
  cycleWarnings(graph, notifier(hooks));
  await sparseDrift(root, graph, source, notifier(hooks));
  return { root, world, graph, source };
};

export const loadAffected = async (cwd: string, req: ChangeRequest, hooks: EngineHooks = {}): Promise<AffectedResult> => {
  const root = findWorldRoot(cwd);
  // The working tree is the head only when uncommitted changes count; with --no-uncommitted
  // the head is HEAD, config included, so a dirty project.yaml or world.yaml cannot change the answer.
  const worktree = req.head === undefined && req.uncommitted;
  const headRef = req.head ?? 'HEAD';
  const cache = openParseCache(root);
  // The working tree's status is the longest git call (it stats every tracked file and walks
  // the directories): start it first; it serves both discovery and the change.
  const statusP = worktree ? readWorktreeStatus(root.root) : undefined;
  // Awaited below; until then a failure (no git) must not count as an unhandled rejection.
  statusP?.catch(() => undefined);
  if (worktree) prefetchSnapshot(root.stateDir);
  ProjectGraph.prefetch(root.stateDir);
  const config = await readWorldConfig(root, worktree ? { kind: 'worktree' } : { kind: 'commit', oid: headRef });
  const revisions = await resolveRevisions(root, { ...req, defaultBranch: config.defaultBranch }).catch((e: unknown) => {
    if (req.allIfBaseMissing && isMissingBase(e)) return undefined;
    throw e;
  });
  const committedP = revisions ? listCommittedPaths(root.root, revisions) : Promise.resolve([]);
  const sourceP: Promise<HeadSource> = statusP
    ? statusP.then((status) => ({ kind: 'worktree', status }))
    : Promise.resolve({ kind: 'commit', oid: revisions?.head.commit ?? headRef });
  const worldP = sourceP.then((source) => discover(root, source, { cache, config }));
  const changesP = revisions ? Promise.all([committedP, statusP]).then(([committed, status]) => combineChanges(root.root, revisions, committed, status)) : undefined;
  const [world, changes, source] = await Promise.all([worldP, changesP, sourceP]);
  const graph = await ProjectGraph.load(world);
  cycleWarnings(graph, notifier(hooks));
  await sparseDrift(root, graph, source, notifier(hooks));
  const changedPaths = changes?.paths ?? [];
  const affected = computeAffected(graph, revisions ? { paths: changedPaths } : { everything: 'the base could not be resolved (--all-if-base-missing)' });
  return { root, world, graph, source, revisions, changedPaths, affected };
};
