/**
 * Runs the pipeline's front half for a command: find the world, discover its projects from
 * git, build the graph, and (when asked) compute what changed and the affected set. The
 * git calls that do not depend on each other run concurrently.
 */
import { findWorldRoot, discover, listUntracked, openParseCache, readWorldConfig, type World, type WorldRoot } from '@world/discovery';
import { ProjectGraph } from '@world/graph';
import { resolveRevisions, listDiffPaths, combineChanges, isMissingBase, type Revisions } from '@world/changes';
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
  // The untracked listing walks the whole working tree: start it first, it is the longest git call.
  const untrackedP = worktree && req.uncommitted ? listUntracked(root.root) : Promise.resolve([]);
  const configSource = worktree ? { kind: 'worktree' as const, untracked: [] } : { kind: 'commit' as const, oid: req.head! };
  const config = await readWorldConfig(root, configSource, cache);
  const revisions = await resolveRevisions(root, { ...req, defaultBranch: config.defaultBranch }).catch((e: unknown) => {
    if (req.allIfBaseMissing && isMissingBase(e)) return undefined;
    throw e;
  });
  const diffP = revisions ? listDiffPaths(root.root, revisions) : Promise.resolve(undefined);
  const worldP = (async () => {
    if (!worktree) return discover(root, { kind: 'commit', oid: revisions?.head.commit ?? req.head! }, { cache, config });
    const [untracked, diff] = await Promise.all([untrackedP, diffP]);
    // Without a diff (base missing) discovery runs its own, limited to config files.
    return discover(root, { kind: 'worktree', untracked, ...(diff ? { changed: diff } : {}) }, { cache, config });
  })();
  const [world, diff, untracked] = await Promise.all([worldP, diffP, untrackedP]);
  const graph = new ProjectGraph(world);
  const changedPaths = revisions && diff ? combineChanges(revisions, diff, untracked).paths : [];
  const affected = computeAffected(graph, revisions ? { paths: changedPaths } : { everything: 'the base could not be resolved (--all-if-base-missing)' });
  return { root, world, graph, revisions, changedPaths, affected };
};
