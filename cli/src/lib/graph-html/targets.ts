/**
 * What the cache index knows about each project's targets, for the graph page. Targets exist
 * only once Nix has evaluated a project's modules; drawing a graph never runs Nix, so a project
 * whose current fingerprint has no entry is reported as not evaluated, never guessed.
 */
import { WorldError } from '@world/core';
import { CacheIndex } from '@world/cache';
import { computeFingerprints, readSourceTree, HostDigests } from '@world/fingerprint';
import type { Workspace } from '@world/engine/workspace';
import type { TargetKnowledge } from './page-data.js';

export const knownTargets = async ({ world, graph, source }: Workspace): Promise<Map<string, TargetKnowledge>> => {
  const names = [...graph.projects.keys()];
  let keys: Map<string, string>;
  try {
    const tree = await readSourceTree(world.root.root, source);
    const fp = computeFingerprints(graph, tree, names, new HostDigests());
    keys = new Map([...fp.projects].map(([name, p]) => [name, p.key]));
  } catch (e) {
    // The graph is still worth drawing when a fingerprint cannot be taken (a missing nix.lib…).
    if (!(e instanceof WorldError)) throw e;
    const why = `its fingerprint could not be computed: ${e.message}`;
    return new Map(names.map((n) => [n, { state: 'unknown', why }]));
  }
  const index = new CacheIndex(world.root.sharedStateDir);
  const out = new Map<string, TargetKnowledge>();
  for (const [name, key] of keys) {
    // `get` drops an entry whose store paths are gone: what is shown is still backed by the store.
    const entry = index.get(key, name);
    out.set(
      name,
      entry
        ? {
            state: 'evaluated',
            key,
            evaluatedAt: entry.createdAt,
            targets: Object.entries(entry.targets)
              .map(([t, v]) => ({ name: t, kind: v.kind, needs: [...v.needs] }))
              .sort((a, b) => (a.name < b.name ? -1 : 1)),
          }
        : { state: 'not-evaluated', key },
    );
  }
  return out;
};
