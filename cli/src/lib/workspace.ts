/**
 * Runs the pipeline's front half for a command: find the world, discover its projects from
 * git, build the graph, and (when asked) compute what changed and the affected set. The
 * git calls that do not depend on each other run concurrently.
 */
import { findWorldRoot, discover, listUntracked, openParseCache, readWorldConfig, type World, type WorldRoot } from '@world/discovery';
import { ProjectGraph } from '@world/graph';
import { resolveRevisions, listChangedPaths, isMissingBase, type Revisions } from '@world/changes';
import { computeAffected, type AffectedSet } from '@world/affected';

export interface Workspace {
  root: WorldRoot;
  world: World;
  graph: ProjectGraph;
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

export const loadWorkspace = async (cwd: string, head?: string): Promise<Workspace> => {
  const root = findWorldRoot(cwd);
  const source = head === undefined
    ? { kind: 'worktree' as const, untracked: await listUntracked(root.root) }
    : { kind: 'commit' as const, oid: head };
  const world = await discover(root, source);
  return { root, world, graph: new ProjectGraph(world) };
};

export const loadAffected = async (cwd: string, req: ChangeRequest): Promise<AffectedResult> => {
  const root = findWorldRoot(cwd);
  const worktree = req.head === undefined;
  const cache = openParseCache(root);
  const configSource = worktree ? { kind: 'worktree' as const, untracked: [] } : { kind: 'commit' as const, oid: req.head! };
  const untrackedP = worktree && req.uncommitted ? listUntracked(root.root) : Promise.resolve([]);
  const config = await readWorldConfig(root, configSource, cache);
  const revisionsP = resolveRevisions(root, { ...req, defaultBranch: config.defaultBranch }).catch((e: unknown) => {
    if (req.allIfBaseMissing && isMissingBase(e)) return undefined;
    throw e;
  });
  const [untracked, revisions] = await Promise.all([untrackedP, revisionsP]);
  const source = worktree
    ? { kind: 'worktree' as const, untracked }
    : { kind: 'commit' as const, oid: revisions?.head.commit ?? req.head! };
  const [world, changed] = await Promise.all([
    discover(root, source, { cache, config }),
    revisions ? listChangedPaths(root.root, revisions, untracked) : Promise.resolve(undefined),
  ]);
  const graph = new ProjectGraph(world);
  const changedPaths = changed?.paths ?? [];
  const affected = computeAffected(graph, revisions ? { paths: changedPaths } : { everything: 'the base could not be resolved (--all-if-base-missing)' });
  return { root, world, graph, revisions, changedPaths, affected };
};
