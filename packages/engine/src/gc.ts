/**
 * `world cache gc`: forget what was not used recently. Index entries last used before the
 * cutoff go, with source records and run history older than it; GC roots of store paths no
 * kept entry refers to are released, so Nix's collector may free them (run here with `collect`).
 */
import { WorldError } from '@world/core';
import { CacheIndex, GcRoots, SourceIndex } from '@world/cache';
import type { WorldRoot } from '@world/discovery';
import { runNix } from '@world/nix';
import { pruneRuns } from './history.js';

const DAY = 24 * 60 * 60 * 1000;

export interface GcRequest {
  olderThanDays: number;
  /** Run `nix-store --gc` afterwards. */
  collect: boolean;
}

export interface GcResult {
  removedEntries: number;
  removedSources: number;
  removedRuns: number;
  releasedRoots: number;
  kept: number;
  /** Nix's own line about what it freed, when it collected. */
  nix: string | null;
}

export const collectGarbage = async (root: WorldRoot, req: GcRequest): Promise<GcResult> => {
  const index = new CacheIndex(root.sharedStateDir);
  const roots = new GcRoots(root.sharedStateDir);
  const cutoff = Date.now() - req.olderThanDays * DAY;
  // The store paths the kept entries refer to: their roots stay.
  const keptPaths = new Set<string>();
  let kept = 0;
  let removedEntries = 0;
  for (const { entry, lastUsed } of index.entries()) {
    if (lastUsed.getTime() < cutoff) {
      index.remove(entry.key);
      removedEntries++;
      continue;
    }
    kept++;
    keptPaths.add(entry.src);
    for (const t of Object.values(entry.targets)) keptPaths.add(t.out);
  }
  const removedSources = new SourceIndex(root.sharedStateDir).prune(cutoff);
  const removedRuns = pruneRuns(root, cutoff);
  let releasedRoots = 0;
  for (const [name, storePath] of roots.list()) {
    if (!keptPaths.has(storePath)) {
      roots.remove(name);
      releasedRoots++;
    }
  }
  let nix: string | null = null;
  if (req.collect) {
    const r = await runNix('nix-store', ['--gc'], { allowFailure: true });
    if (r.exitCode !== 0) throw new WorldError('NIX_FAILED', `nix-store --gc failed: ${r.stderr.trim()}`, { hint: 'the lines above are Nix\'s own' });
    nix = r.stderr.split('\n').find((l) => l.includes('freed')) ?? null;
  }
  return { removedEntries, removedSources, removedRuns, releasedRoots, kept, nix };
};
