/**
 * Runs the pipeline's front half for a command: find the world, discover its projects from
 * git, build the graph, and (when asked) compute what changed and the affected set. The
 * git calls that do not depend on each other run concurrently.
 */
import { findWorldRoot, discover, listUntracked, listDirtyConfigFiles, openParseCache, readWorldConfig, type HeadSource, type World, type WorldRoot } from '@world/discovery';
import { ProjectGraph } from '@world/graph';
import { resolveRevisions, listDiffPaths, combineChanges, isMissingBase, type Revisions } from '@world/changes';
import { computeAffected, type AffectedSet } from '@world/affected';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * In a sparse checkout world manages, says on stderr when the sparse patterns and the recorded
 * roots disagree (changed behind world's back, or dependencies changed since): an edit outside
 * the checkout must not go unnoticed. Costs one stat when world manages no sparse checkout.
 */
const warnSparseDrift = async (root: WorldRoot, graph: ProjectGraph, source: HeadSource): Promise<void> => {
  // The cone is the working tree's: a graph read at another commit would not match it.
  if (source.kind !== 'worktree' || !existsSync(join(root.stateDir, 'checkout.json'))) return;
  const { sparseWarning } = await import('@world/checkout');
  const w = await sparseWarning({ root, graph });
  if (w) process.stderr.write(`world: warning[${w.code}]: ${w.message}\n  hint: ${w.hint}\n`);
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

export const loadWorkspace = async (cwd: string, head?: string): Promise<Workspace> => {
  const root = findWorldRoot(cwd);
  const source: HeadSource = head === undefined ? { kind: 'worktree', untracked: await listUntracked(root.root) } : { kind: 'commit', oid: head };
  const world = await discover(root, source);
  const graph = new ProjectGraph(world);
  await warnSparseDrift(root, graph, source);
  return { root, world, graph, source };
};

export const loadAffected = async (cwd: string, req: ChangeRequest): Promise<AffectedResult> => {
  const root = findWorldRoot(cwd);
  // The working tree is the head only when uncommitted changes count; with --no-uncommitted
  // the head is HEAD, config included, so a dirty project.yaml or world.yaml cannot change the answer.
  const worktree = req.head === undefined && req.uncommitted;
  const headRef = req.head ?? 'HEAD';
  const cache = openParseCache(root);
  // The untracked listing walks the whole working tree: start it first, it is the longest git call.
  const untrackedP = worktree ? listUntracked(root.root) : Promise.resolve([]);
  const configSource = worktree ? { kind: 'worktree' as const, untracked: [] } : { kind: 'commit' as const, oid: headRef };
  const config = await readWorldConfig(root, configSource);
  // Discovery needs the config files whose disk content differs from the index. The merge-base
  // diff is not a superset of them (a file staged, then edited back to the merge-base's
  // content differs from the index only), so list them — concurrently with everything else.
  const dirtyConfigP = worktree ? listDirtyConfigFiles(root.root, config.modules) : Promise.resolve(undefined);
  const revisions = await resolveRevisions(root, { ...req, defaultBranch: config.defaultBranch }).catch((e: unknown) => {
    if (req.allIfBaseMissing && isMissingBase(e)) return undefined;
    throw e;
  });
  const diffP = revisions ? listDiffPaths(root.root, revisions) : Promise.resolve(undefined);
  const sourceP: Promise<HeadSource> = worktree
    ? Promise.all([untrackedP, dirtyConfigP]).then(([untracked, changed]) => ({ kind: 'worktree', untracked, ...(changed ? { changed } : {}) }))
    : Promise.resolve({ kind: 'commit', oid: revisions?.head.commit ?? headRef });
  const worldP = sourceP.then((source) => discover(root, source, { cache, config }));
  const [world, diff, untracked, source] = await Promise.all([worldP, diffP, untrackedP, sourceP]);
  const graph = new ProjectGraph(world);
  await warnSparseDrift(root, graph, source);
  const changedPaths = revisions && diff ? combineChanges(revisions, diff, untracked).paths : [];
  const affected = computeAffected(graph, revisions ? { paths: changedPaths } : { everything: 'the base could not be resolved (--all-if-base-missing)' });
  return { root, world, graph, source, revisions, changedPaths, affected };
};
