/**
 * The local cache index: project fingerprint → its sources' store path and every target's
 * derivation, output and the targets it needs. It lets a fully cached run skip Nix entirely.
 * The Nix store stays the source of truth: an entry whose sources or derivations are gone is
 * dropped, never trusted, and a target counts as cached only while its output is valid.
 *
 * Entries are read as untrusted input: one that is not exactly what world writes for that
 * project (its key, its names, store paths named after the project and target they are for)
 * is discarded and evaluated again, never served.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { asTargetId, isRecord, isStorePathNamed, isValidName, stateLayout, type TargetId } from '@world/core';
import type { KeyParts } from '@world/fingerprint';
import type { TargetKind } from '@world/nix';
import { ShardedStore } from './sharded-store.js';

export interface CachedTarget {
  drv: string;
  out: string;
  kind: TargetKind;
  /** The targets whose outputs it links: its project's `needs` and its dependencies' build. */
  needs: TargetId[];
}

export interface CacheEntry {
  key: string;
  project: string;
  src: string;
  targets: Record<string, CachedTarget>;
  createdAt: string;
  /** What its key was made of, to explain later rebuilds (read as untrusted: only ever compared). */
  parts?: KeyParts;
}

const KINDS: readonly string[] = ['build', 'test', 'lint', 'other'];


const validTarget = (project: string, name: string, t: unknown): t is CachedTarget =>
  isValidName(name) &&
  isRecord(t) &&
  isStorePathNamed(t.drv, `${project}-${name}.drv`) &&
  isStorePathNamed(t.out, `${project}-${name}`) &&
  typeof t.kind === 'string' &&
  KINDS.includes(t.kind) &&
  Array.isArray(t.needs) &&
  t.needs.every((n) => typeof n === 'string' && asTargetId(n) !== undefined);

/** The entry, when the text is one world wrote for this key (and, when given, this project). */
export const parseCacheEntry = (text: string, key: string, project?: string): CacheEntry | undefined => {
  let e: unknown;
  try {
    e = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(e) || e.key !== key || typeof e.project !== 'string' || !isValidName(e.project)) return undefined;
  if (project !== undefined && e.project !== project) return undefined;
  if (!isStorePathNamed(e.src, `${e.project}-src`) || typeof e.createdAt !== 'string' || !isRecord(e.targets)) return undefined;
  const name = e.project;
  const targets = Object.create(null) as Record<string, CachedTarget>;
  for (const [t, v] of Object.entries(e.targets)) {
    if (!validTarget(name, t, v)) return undefined;
    targets[t] = { drv: v.drv, out: v.out, kind: v.kind, needs: v.needs };
  }
  return { key: e.key, project: name, src: e.src, targets, createdAt: e.createdAt, ...(isRecord(e.parts) ? { parts: e.parts as unknown as KeyParts } : {}) };
};

export class CacheIndex {
  private readonly store: ShardedStore;

  constructor(sharedStateDir: string) {
    this.store = new ShardedStore(stateLayout({ stateDir: '', sharedStateDir }).cacheIndex, '.json');
  }

  /** The entry for a project's fingerprint, if it is valid and still backed by the store. */
  get(key: string, project: string): CacheEntry | undefined {
    const text = this.store.read(key);
    if (text === undefined) return undefined;
    const entry = parseCacheEntry(text, key, project);
    const backed = entry !== undefined && existsSync(entry.src) && Object.values(entry.targets).every((t) => existsSync(t.drv));
    if (!backed) {
      this.store.remove(key);
      return undefined;
    }
    return entry;
  }

  /** The entry as recorded, whether or not its store paths are still there (to explain a rebuild). */
  peek(key: string, project: string): CacheEntry | undefined {
    const text = this.store.read(key);
    return text === undefined ? undefined : parseCacheEntry(text, key, project);
  }

  putAll(entries: readonly CacheEntry[]): void {
    this.store.writeAll(entries.map((e) => [e.key, JSON.stringify(e)] as const));
  }

  /** Marks the entries as used now; `world cache gc` prunes by last use. */
  touchAll(keys: readonly string[]): void {
    this.store.touchAll(keys);
  }

  remove(key: string): void {
    this.store.remove(key);
  }

  /** Every valid entry with when it was last used; invalid ones are removed as they are met. */
  *entries(): Generator<{ entry: CacheEntry; lastUsed: Date }> {
    for (const { key, text, lastUsed } of this.store.entries()) {
      const entry = parseCacheEntry(text, key);
      if (entry) yield { entry, lastUsed };
      else this.store.remove(key);
    }
  }
}
