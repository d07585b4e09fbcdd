/**
 * The fingerprints of the last run, remembered under the identity of everything they were
 * computed from, so that a run that finds nothing changed (a no-op build) neither lists the
 * index (`git ls-files -s`) nor hashes 1,000 projects' parts again.
 *
 * The memo's key names every input of computeFingerprints:
 * - the index's content, by the index file's stamp (inode, size, mtime and ctime in ns; git
 *   writes a new file for every change), read *before* the index is listed: a listing made
 *   after a concurrent change is filed under the older stamp, which no later run sees again;
 * - the working tree's dirty and untracked files, by path, mode and content digest (the very
 *   bytes the tree would be made of), deleted ones as such;
 * - the world (its key names its config files and world.yaml's parse), the checkout's root,
 *   world's own Nix code and built-in modules by content, and this code itself;
 * - the host's inputs (hostPath's commands and a lib/nixpkgs outside the world), by content.
 * A run whose key differs computes everything and remembers that instead. Keys do not depend
 * on which projects were asked for, so a hit needs only the asked ones to be in the memo.
 *
 * Only the working tree is remembered (a commit's tree is read by its id and not worth it),
 * and never under GIT_INDEX_FILE, whose index is not the one stamped.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { digest, isRecord, readStateJson, stateLayout, writeStateJson } from '@world/core';
import type { ProjectGraph } from '@world/graph';
import { builtinModuleDigest, FINGERPRINT_CODE, hostIdentity, KEY_VERSION, worldNixDigest, type Fingerprints, type HostInputs } from './fingerprints.js';
import { indexStamp, type HeadSource, type World } from '@world/discovery';
import { readDirtyFiles, type DirtyFiles } from './source-files.js';

const MEMO_VERSION = 1;

let codeDigest: string | undefined;
/**
 * The fingerprint code as built (in the bundle, the chunks that hold it): a changed world
 * never reads an old one's memo. Code that cannot be read is this process's alone.
 */
const ownCode = (): string => {
  if (codeDigest === undefined) {
    try {
      codeDigest = digest([...new Set([import.meta.url, FINGERPRINT_CODE])].map((url) => readFileSync(fileURLToPath(url), 'utf8')));
    } catch {
      codeDigest = randomUUID();
    }
  }
  return codeDigest;
};

export interface MemoHead {
  /** The index file's stamp, read before the index is listed. */
  indexStamp: string;
  dirty: DirtyFiles;
}

/**
 * What the memo is keyed by for the working tree: the index file's stamp, taken before
 * anything lists the index, and the dirty files, read once for the run. Undefined for a
 * commit, under GIT_INDEX_FILE, or without an index file.
 */
export const readMemoHead = (world: World, source: HeadSource): MemoHead | undefined => {
  if (source.kind !== 'worktree' || process.env.GIT_INDEX_FILE !== undefined) return undefined;
  const stamp = indexStamp(world.root.gitDir);
  return stamp === undefined ? undefined : { indexStamp: stamp, dirty: readDirtyFiles(world.root.root, source) };
};

/** The memo's key for this graph, host and head. */
export const memoKey = (graph: ProjectGraph, host: HostInputs, head: MemoHead): string => {
  const { world } = graph;
  const dirty = [...head.dirty].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flatMap(([path, f]) => [path, f ? `${f.mode}:${f.oid}` : 'deleted']);
  const builtins = [...world.builtinModules.values()].sort().map(builtinModuleDigest);
  return digest([
    `memo-${MEMO_VERSION}`,
    KEY_VERSION,
    ownCode(),
    world.root.root,
    world.key,
    JSON.stringify(world.config),
    worldNixDigest(),
    ...builtins,
    hostIdentity(host),
    head.indexStamp,
    String(head.dirty.size),
    ...dirty,
  ]);
};

interface MemoFile {
  version: number;
  key: string;
  /** Project → its key. */
  keys: Record<string, string>;
  /** nix.hostPath as that run resolved it: a next run may read those directories early. */
  hostPath: string[];
}

const KEY = /^[0-9a-f]{64}$/;

export class FingerprintMemo {
  private readonly file: string;
  private read: Partial<MemoFile> | undefined;

  constructor(stateDir: string) {
    this.file = stateLayout({ stateDir, sharedStateDir: '' }).fingerprintMemo;
  }

  private load(): Partial<MemoFile> {
    const read = readStateJson(this.file);
    return (this.read ??= isRecord(read) && read.version === MEMO_VERSION && typeof read.key === 'string' && isRecord(read.keys) ? (read as Partial<MemoFile>) : {});
  }

  /** The host directories the last run read (to read them again early); nothing trusted. */
  lastHostPath(): string[] {
    const h = this.load().hostPath;
    return Array.isArray(h) ? h.filter((d): d is string => typeof d === 'string') : [];
  }

  /** The keys of `names`, when the memo was made under `key` and holds them all. */
  get(key: string, names: Iterable<string>): Map<string, string> | undefined {
    const read = this.load();
    if (read.key !== key || !read.keys) return undefined;
    const keys = read.keys;
    const out = new Map<string, string>();
    for (const name of names) {
      const k = Object.hasOwn(keys, name) ? keys[name] : undefined;
      if (typeof k !== 'string' || !KEY.test(k)) return undefined;
      out.set(name, k);
    }
    return out;
  }

  /** Remembers the projects' keys under `key` (with those remembered under the same key before). */
  put(key: string, fp: Fingerprints): void {
    const read = this.load();
    const keys: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, read.key === key ? read.keys : {});
    for (const [name, p] of fp.projects) keys[name] = p.key;
    const memo: MemoFile = { version: MEMO_VERSION, key, keys, hostPath: fp.world.hostPath };
    this.read = memo;
    try {
      writeStateJson(this.file, memo);
    } catch {
      /* a read-only state directory: computed again next time */
    }
  }
}
