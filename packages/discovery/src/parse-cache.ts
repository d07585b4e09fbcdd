/**
 * Parsed config files keyed by git blob id, so a warm run parses nothing (and does not even
 * load the YAML parser). Entries are immutable facts about a blob; a run keeps only the
 * entries it used, so the file does not grow without bound. Writes go to a temporary file
 * renamed into place: a reader never sees half a cache, and two runs at once at worst
 * redo each other's parsing.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { isRecord, readStateJson, writeStateJson } from '@world/core';
import type { PackageManifest, ProjectConfig, WorldConfig } from '@world/config';

// 2: config parsing refuses hostile input (reserved keys, conflicts, limits, links); entries parsed before are not trusted.
// 3: project.yaml has devDeps; package manifests are cached too.
const VERSION = 3;

export type CachedParse =
  | { kind: 'world'; config: WorldConfig }
  | { kind: 'project'; config: ProjectConfig }
  | { kind: 'manifest'; manifest: PackageManifest }
  /** Relative path literals (`./x.nix`, `../lib`) found in a Nix file. */
  | { kind: 'nix'; refs: string[] };

/** `git ls-files -s` records of the discovery files, valid while the index file is unchanged. */
export interface IndexListing {
  key: string;
  records: string[];
}

interface CacheFile {
  version: number;
  entries: Record<string, CachedParse>;
  listing?: IndexListing;
}

/** git's object id for content that may not be in the object database (dirty files). */
export const blobId = (content: Uint8Array): string =>
  createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');

export class ParseCache {
  private loaded: CacheFile | undefined;
  private readonly used: Record<string, CachedParse> = {};
  private dirty = false;
  private newListing: IndexListing | undefined;

  // Loaded on first use: a run that finds a discovery snapshot never reads this file.
  constructor(private readonly dir: string) {}

  private get data(): CacheFile {
    return (this.loaded ??= ParseCache.load(join(this.dir, 'parse-cache.json')) ?? { version: VERSION, entries: {} });
  }

  private get old(): Record<string, CachedParse> {
    return this.data.entries;
  }

  private static load(file: string): CacheFile | undefined {
    const data = readStateJson(file);
    return isRecord(data) && data.version === VERSION && isRecord(data.entries) ? (data as unknown as CacheFile) : undefined;
  }

  get listing(): IndexListing | undefined {
    return this.newListing ?? this.data.listing;
  }

  set listing(value: IndexListing | undefined) {
    this.newListing = value;
    this.dirty = true;
  }

  /** Key includes the path: a project's dir and file name are part of its parse. */
  get(key: string): CachedParse | undefined {
    const hit = this.used[key] ?? this.old[key];
    if (hit) this.used[key] = hit;
    return hit;
  }

  set(key: string, value: CachedParse): void {
    this.used[key] = value;
    this.dirty = true;
  }

  save(): void {
    if (!this.loaded || (!this.dirty && Object.keys(this.used).length === Object.keys(this.old).length)) return;
    try {
      const listing = this.listing;
      const data: CacheFile = { version: VERSION, entries: this.used, ...(listing ? { listing } : {}) };
      writeStateJson(join(this.dir, 'parse-cache.json'), data);
    } catch {
      // A read-only .git must not fail the command; the next run parses again.
    }
  }
}
