/** Finding what the cache index knows about a project's current (or last) build. */
import { CacheIndex, type CacheEntry } from '@world/cache';
import { computeFingerprints, readSourceTree, HostDigests } from '@world/fingerprint';
import type { HeadSource, World } from '@world/discovery';
import type { ProjectGraph } from '@world/graph';

export interface ProjectLookup {
  /** The project's fingerprint now. */
  key: string;
  /** The entry for that fingerprint, when it has been evaluated. */
  current: CacheEntry | undefined;
  /** The most recent entry of any fingerprint of the project. */
  latest: CacheEntry | undefined;
}

export const lookupProject = async (world: World, graph: ProjectGraph, source: HeadSource, project: string): Promise<ProjectLookup> => {
  const tree = await readSourceTree(world.root.root, source);
  const key = computeFingerprints(graph, tree, [project], new HostDigests()).projects.get(project)!.key;
  const index = new CacheIndex(world.root.sharedStateDir);
  const current = index.get(key, project);
  let latest = current;
  if (!latest) {
    for (const { entry } of index.entries()) {
      if (entry.project === project && (!latest || entry.createdAt > latest.createdAt)) latest = entry;
    }
  }
  return { key, current, latest };
};
