/**
 * Source files → their store path (`<name>`, e.g. `<project>-src`). A project's fingerprint
 * covers its modules and settings too, so editing a shared module re-keys every project that
 * uses it; their sources did not change, and this index lets such a run evaluate again
 * without staging and adding them again. A record names the store path it expects, so a
 * damaged record (another project's sources) is never served; one whose path is gone is
 * dropped.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isStorePathNamed, stateLayout } from '@world/core';
import { ShardedStore } from './sharded-store.js';

export class SourceIndex {
  private readonly store: ShardedStore;

  constructor(sharedStateDir: string) {
    this.store = new ShardedStore(stateLayout({ stateDir: '', sharedStateDir }).sourceIndex, '');
  }

  /** The store path named `name` holding these sources, if it is still in the store. */
  get(key: string, name: string): string | undefined {
    const path = this.store.read(key);
    if (path === undefined) return undefined;
    if (isStorePathNamed(path, name) && existsSync(path)) return path;
    this.store.remove(key);
    return undefined;
  }

  /** Records source key → store path. */
  putAll(sources: ReadonlyMap<string, string>): void {
    this.store.writeAll(sources);
  }

  /** Removes the records written before `cutoff` (ms since the epoch); returns how many. */
  prune(cutoff: number): number {
    let removed = 0;
    for (const { key, lastUsed } of this.store.entries()) {
      if (lastUsed.getTime() >= cutoff) continue;
      this.store.remove(key);
      removed++;
    }
    return removed;
  }
}
