/**
 * Source files → their store path (`<project>-src`). A project's fingerprint covers its
 * modules and settings too, so editing a shared module re-keys every project that uses it;
 * their sources did not change, and this index lets such a run evaluate again without
 * staging and adding them again. Like the cache index, an entry whose store path is gone
 * is dropped, never trusted.
 */
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@world/core';

export class SourceIndex {
  private readonly dir: string;

  constructor(sharedStateDir: string) {
    this.dir = join(sharedStateDir, 'cache', 'sources');
  }

  private fileOf(key: string): string {
    return join(this.dir, key.slice(0, 2), key);
  }

  /** The store path of these sources, if they are still in the store. */
  get(key: string): string | undefined {
    let path: string;
    try {
      path = readFileSync(this.fileOf(key), 'utf8');
    } catch {
      return undefined;
    }
    if (existsSync(path)) return path;
    rmSync(this.fileOf(key), { force: true });
    return undefined;
  }

  /** Records source key → store path. */
  putAll(sources: ReadonlyMap<string, string>): void {
    for (const [key, path] of sources) writeFileAtomic(this.fileOf(key), path);
  }

  /** Removes the entries written before `cutoff` (ms since the epoch); returns how many. */
  prune(cutoff: number): number {
    if (!existsSync(this.dir)) return 0;
    let removed = 0;
    for (const shard of readdirSync(this.dir)) {
      for (const name of readdirSync(join(this.dir, shard))) {
        const file = join(this.dir, shard, name);
        try {
          if (statSync(file).mtimeMs >= cutoff) continue;
          rmSync(file, { force: true });
          removed++;
        } catch {
          /* removed concurrently */
        }
      }
    }
    return removed;
  }
}
