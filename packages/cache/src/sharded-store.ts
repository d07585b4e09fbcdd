/**
 * A directory of small files named by a hex digest, sharded by its first two characters —
 * what the cache index and the source index are both made of. Keys are checked before they
 * become paths, so a key read from a damaged or hostile file can never name a file outside
 * the store's directory. Writes go through a temporary file renamed into place: two runs at
 * once may both write an entry (the same facts) and a reader never sees half a file.
 */
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@world/core';

const KEY = /^[0-9a-f]{64}$/;

export const isStoreKey = (key: unknown): key is string => typeof key === 'string' && KEY.test(key);

export class ShardedStore {
  constructor(
    readonly dir: string,
    private readonly suffix: string,
  ) {}

  private fileOf(key: string): string {
    if (!isStoreKey(key)) throw new Error(`not a store key: ${JSON.stringify(key).slice(0, 80)}`);
    return join(this.dir, key.slice(0, 2), `${key}${this.suffix}`);
  }

  /** The entry's text, or undefined when there is none (or it cannot be read). */
  read(key: string): string | undefined {
    return this.readWithAge(key)?.text;
  }

  /** The entry's text and when it was last used (its mtime), from one open. */
  readWithAge(key: string): { text: string; lastUsed: number } | undefined {
    if (!isStoreKey(key)) return undefined;
    let fd: number | undefined;
    try {
      fd = openSync(this.fileOf(key), 'r');
      const lastUsed = fstatSync(fd).mtimeMs;
      return { text: readFileSync(fd, 'utf8'), lastUsed };
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** Writes entries one after another: on our disks that beats libuv's thread pool (60-110 ms vs 155 ms for 1,000). */
  writeAll(entries: Iterable<readonly [string, string]>): void {
    for (const [key, text] of entries) writeFileAtomic(this.fileOf(key), text);
  }

  remove(key: string): void {
    if (isStoreKey(key)) rmSync(this.fileOf(key), { force: true });
  }

  /** Marks entries as used now: gc prunes by last use. */
  touchAll(keys: Iterable<string>): void {
    const now = new Date();
    for (const key of keys) {
      try {
        utimesSync(this.fileOf(key), now, now);
      } catch {
        /* removed concurrently: nothing to mark */
      }
    }
  }

  /** Every well-named entry with its text and when it was last used; anything else in the directory is ignored. */
  *entries(): Generator<{ key: string; text: string; lastUsed: Date }> {
    if (!existsSync(this.dir)) return;
    for (const shard of readdirSync(this.dir)) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      let names: string[];
      try {
        names = readdirSync(join(this.dir, shard));
      } catch {
        continue; // not a directory
      }
      for (const name of names) {
        if (!name.endsWith(this.suffix)) continue;
        const key = name.slice(0, name.length - this.suffix.length);
        if (!isStoreKey(key) || !key.startsWith(shard)) continue;
        const file = join(this.dir, shard, name);
        try {
          yield { key, text: readFileSync(file, 'utf8'), lastUsed: statSync(file).mtime };
        } catch {
          /* removed concurrently */
        }
      }
    }
  }
}
