/**
 * The local cache index: project fingerprint → its sources' store path and every target's
 * derivation and output. It lets a fully cached run skip Nix entirely. The Nix store stays
 * the source of truth: an entry whose sources or derivations are gone from the store is
 * dropped, never trusted, and a target counts as cached only while its output exists.
 *
 * One small file per fingerprint, written to a temporary name and renamed into place: two
 * world runs at once can both write an entry (they would write the same facts) and a reader
 * never sees half a file. An interrupted run leaves at most a stray temporary file.
 */
import { existsSync, readFileSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@world/core';
import type { EvaluatedTarget } from '@world/nix';

export interface CacheEntry {
  key: string;
  project: string;
  src: string;
  targets: Record<string, EvaluatedTarget>;
  createdAt: string;
}

export class CacheIndex {
  private readonly dir: string;

  constructor(sharedStateDir: string) {
    this.dir = join(sharedStateDir, 'cache', 'index');
  }

  private fileOf(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** The entry for a fingerprint, if it is still backed by the store. */
  get(key: string): CacheEntry | undefined {
    let entry: CacheEntry;
    try {
      entry = JSON.parse(readFileSync(this.fileOf(key), 'utf8')) as CacheEntry;
    } catch {
      return undefined;
    }
    const backed = existsSync(entry.src) && Object.values(entry.targets).every((t) => existsSync(t.drv));
    if (!backed) {
      this.remove(key);
      return undefined;
    }
    return entry;
  }

  /**
   * Writes the entries, one after another: on our disks that beats libuv's thread pool
   * (60-110 ms vs 155 ms for 1,000).
   */
  putAll(entries: readonly CacheEntry[]): void {
    for (const entry of entries) writeFileAtomic(this.fileOf(entry.key), JSON.stringify(entry));
  }

  /** Marks the entries as used now; `world cache gc` prunes by last use. */
  touchAll(keys: readonly string[]): void {
    const now = new Date();
    for (const key of keys) {
      try {
        utimesSync(this.fileOf(key), now, now);
      } catch {
        /* removed concurrently: nothing to mark */
      }
    }
  }

  remove(key: string): void {
    rmSync(this.fileOf(key), { force: true });
  }

  /** Every entry with when it was last used. */
  *entries(): Generator<{ entry: CacheEntry; lastUsed: Date }> {
    if (!existsSync(this.dir)) return;
    for (const shard of readdirSync(this.dir)) {
      for (const name of readdirSync(join(this.dir, shard))) {
        if (!name.endsWith('.json')) continue;
        const file = join(this.dir, shard, name);
        try {
          yield { entry: JSON.parse(readFileSync(file, 'utf8')) as CacheEntry, lastUsed: statSync(file).mtime };
        } catch {
          /* a concurrent gc removed it */
        }
      }
    }
  }
}
