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
import { existsSync, rmSync } from 'node:fs';
import { asTargetId, isRecord, isStorePathNamed, isValidName, readStateJson, stateLayout, storePathName, writeStateJson, type TargetId } from '@world/core';
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
const TOUCH_EVERY_MS = 60 * 60 * 1000;


const validTarget = (project: string, name: string, t: unknown): t is CachedTarget =>
  isValidName(name) &&
  isRecord(t) &&
  isStorePathNamed(t.drv, `${project}-${name}.drv`) &&
  isStorePathNamed(t.out, `${project}-${name}`) &&
  typeof t.kind === 'string' &&
  KINDS.includes(t.kind) &&
  Array.isArray(t.needs) &&
  t.needs.every((n) => typeof n === 'string' && asTargetId(n) !== undefined);

/** The entry, when the value is one world wrote for this key (and, when given, this project). */
const asCacheEntry = (e: unknown, key: string, project?: string): CacheEntry | undefined => {
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

/** The entry, when the text is one world wrote for this key (and, when given, this project). */
export const parseCacheEntry = (text: string, key: string, project?: string): CacheEntry | undefined => {
  let e: unknown;
  try {
    e = JSON.parse(text);
  } catch {
    return undefined;
  }
  return asCacheEntry(e, key, project);
};

/** An entry without what its key was made of: what the pack holds. */
const slim = ({ parts: _parts, ...rest }: CacheEntry): CacheEntry => rest;

/**
 * The index keeps one file per fingerprint, and beside them a pack: the entries the last run
 * used, in one sealed file, so that a run like the last reads one file instead of one per
 * project (1,000 reads, parses and validations took ~60 ms; the pack ~10). The pack is only a
 * faster way to the same facts: its entries are validated exactly as the files are, served
 * only for the key they are filed under, and checked against the store the same way; it is
 * dropped whenever an entry is removed (gc, a store path gone), so it never outlives one.
 */
interface Pack {
  version: number;
  /** When every entry it holds was last marked as used (ms): gc prunes the files by that mark. */
  touchedAt: number;
  entries: Record<string, unknown>;
}

const PACK_VERSION = 1;

export class CacheIndex {
  private readonly store: ShardedStore;
  private readonly packFile: string;
  private pack: Pack | undefined;
  /** Entries served or written by this run, by key: the next pack. */
  private readonly used = new Map<string, CacheEntry>();
  /** How many entries this run needed that the pack did not hold. */
  private missed = 0;
  /** The pack's entries checked ahead (checkPack), by key. */
  private checked: Map<string, CacheEntry> | undefined;

  constructor(sharedStateDir: string) {
    const layout = stateLayout({ stateDir: '', sharedStateDir });
    this.store = new ShardedStore(layout.cacheIndex, '.json');
    this.packFile = layout.cachePack;
  }

  private loadPack(): Pack {
    if (this.pack) return this.pack;
    const read = readStateJson(this.packFile);
    const valid = isRecord(read) && read.version === PACK_VERSION && typeof read.touchedAt === 'number' && isRecord(read.entries);
    return (this.pack = valid ? (read as unknown as Pack) : { version: PACK_VERSION, touchedAt: 0, entries: Object.create(null) as Record<string, unknown> });
  }

  /**
   * The outputs of the pack's entries: what a run like the last will ask the store about.
   * Only store paths (they become arguments of a Nix command); which entry is whose is
   * checked when an entry is served.
   */
  packedOutputs(): string[] {
    const out: string[] = [];
    for (const e of Object.values(this.loadPack().entries)) {
      if (!isRecord(e) || !isRecord(e.targets)) continue;
      for (const t of Object.values(e.targets)) if (isRecord(t) && typeof t.out === 'string' && storePathName(t.out) !== undefined) out.push(t.out);
    }
    return out;
  }

  /**
   * Checks every entry of the pack now (its shape, its sources and derivations in the store),
   * for a command to call while it waits for git: `get` then serves a checked entry for its key
   * and project without looking again. Entries that fail are left to `get`'s own path.
   */
  checkPack(): void {
    const ready = new Map<string, CacheEntry>();
    for (const [key, e] of Object.entries(this.loadPack().entries)) {
      const entry = asCacheEntry(e, key);
      if (entry && isBacked(entry)) ready.set(key, entry);
    }
    this.checked = ready;
  }

  /**
   * The entry for a project's fingerprint, if it is valid and still backed by the store. It is
   * marked as used now when it was last marked over an hour ago: gc works in days, and a
   * cached run of 1,000 targets need not rewrite 1,000 timestamps.
   */
  get(key: string, project: string): CacheEntry | undefined {
    const ready = this.checked?.get(key);
    if (ready?.project === project) {
      this.used.set(key, ready);
      return ready;
    }
    const pack = this.loadPack();
    const packed = Object.hasOwn(pack.entries, key) ? asCacheEntry(pack.entries[key], key, project) : undefined;
    if (packed && isBacked(packed)) {
      this.used.set(key, packed);
      return packed;
    }
    this.missed++;
    const read = this.store.readWithAge(key);
    if (read === undefined) return undefined;
    const entry = parseCacheEntry(read.text, key, project);
    if (entry === undefined || !isBacked(entry)) {
      this.remove(key);
      return undefined;
    }
    if (Date.now() - read.lastUsed > TOUCH_EVERY_MS) this.store.touchAll([key]);
    this.used.set(key, slim(entry));
    return entry;
  }

  /** The entry as recorded, whether or not its store paths are still there (to explain a rebuild). */
  peek(key: string, project: string): CacheEntry | undefined {
    const text = this.store.read(key);
    return text === undefined ? undefined : parseCacheEntry(text, key, project);
  }

  putAll(entries: readonly CacheEntry[]): void {
    this.store.writeAll(entries.map((e) => [e.key, JSON.stringify(e)] as const));
    for (const e of entries) this.used.set(e.key, slim(e));
    this.missed += entries.length;
  }

  /** Removes an entry, and the pack with it: the pack never serves what the index no longer has. */
  remove(key: string): void {
    this.store.remove(key);
    rmSync(this.packFile, { force: true });
    this.pack = { version: PACK_VERSION, touchedAt: 0, entries: Object.create(null) as Record<string, unknown> };
    this.checked = undefined;
  }

  /**
   * Writes the pack for the next run: this run's entries, and the last pack's for projects
   * this run did not look at (one entry per project, so it does not grow with every edit).
   * A run that found every entry in the pack leaves it as it is, unless its entries are due
   * to be marked as used again (hourly, like the files'). One that missed any writes it: an
   * output outside the pack costs the next run a second question to Nix (~30 ms), more than
   * writing the pack (~15 ms at 1,000 entries).
   */
  savePack(): void {
    if (this.used.size === 0) return;
    const pack = this.loadPack();
    const now = Date.now();
    const due = now - pack.touchedAt > TOUCH_EVERY_MS;
    if (this.missed === 0 && !due) return;
    const projects = new Set([...this.used.values()].map((e) => e.project));
    const entries = Object.create(null) as Record<string, unknown>;
    for (const [key, e] of Object.entries(pack.entries)) {
      if (isRecord(e) && typeof e.project === 'string' && !projects.has(e.project) && !this.used.has(key)) entries[key] = e;
    }
    for (const [key, e] of this.used) entries[key] = e;
    // Entries read from files were marked within the hour, new ones just now: once due, all are marked again.
    if (due) this.store.touchAll(Object.keys(entries));
    try {
      writeStateJson(this.packFile, { version: PACK_VERSION, touchedAt: due ? now : pack.touchedAt, entries } satisfies Pack);
    } catch {
      /* read-only state: the files still answer */
    }
  }

  /** Every valid entry with when it was last used; invalid ones are removed as they are met. */
  *entries(): Generator<{ entry: CacheEntry; lastUsed: Date }> {
    for (const { key, text, lastUsed } of this.store.entries()) {
      const entry = parseCacheEntry(text, key);
      if (entry) yield { entry, lastUsed };
      else this.remove(key);
    }
  }
}

/** Its sources and derivations are still in the store (its outputs are checked by Nix later). */
const isBacked = (entry: CacheEntry): boolean => existsSync(entry.src) && Object.values(entry.targets).every((t) => existsSync(t.drv));
