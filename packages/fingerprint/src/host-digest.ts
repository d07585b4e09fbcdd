/**
 * Content digests of things on the host that builds can reach but git does not hold: the
 * directories of `nix.hostPath` (the tools builds run) and a `nix.lib`/`nix.nixpkgs` that lives
 * outside the world. A digest is over names and file contents, so it is the same on every
 * machine with the same files (binary caches stay shared) and changes when any file is
 * replaced, upgraded or edited in place.
 *
 * Hashing /usr/bin's 265 MB takes seconds, so a file's content digest is remembered under its
 * stat signature (device, inode, size, mtime and ctime in nanoseconds), the way git's index
 * trusts an unchanged stat: a warm run only stats. ctime cannot be set by a user and changes
 * with every write, rename over or chmod, so a replaced or edited tool is always hashed again.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync, type BigIntStats, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { isRecord, machineCacheDir, readStateJson, writeStateJson } from '@world/core';

/** `$XDG_CACHE_HOME/world/host-digests.json` (default `~/.cache/world/…`). */
export const hostDigestsFile = (env: NodeJS.ProcessEnv = process.env): string => join(machineCacheDir(env), 'host-digests.json');

/** Enough for every file of a few toolchains; past it the least recently kept are dropped. */
const MAX_REMEMBERED = 100_000;

interface Remembered {
  sig: string;
  sha: string;
}

const byName = (a: Dirent, b: Dirent): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

const signature = (st: BigIntStats): string => `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;

export class HostDigests {
  private readonly file: string;
  private readonly known: Record<string, Remembered>;
  private readonly used: Record<string, Remembered> = Object.create(null) as Record<string, Remembered>;
  private changed = false;
  /** Real path of a PATH directory → its digest, for this run. */
  private readonly dirs = new Map<string, string>();

  constructor(file: string = hostDigestsFile()) {
    this.file = file;
    const read = readStateJson(this.file);
    this.known = Object.assign(Object.create(null) as Record<string, Remembered>, isRecord(read) ? read : {});
  }

  /** sha256 of a regular file's content (following symlinks); undefined when it cannot be read. */
  private fileSha(path: string, st: BigIntStats): string | undefined {
    const sig = signature(st);
    const seen = this.known[path];
    if (seen && typeof seen === 'object' && seen.sig === sig && typeof seen.sha === 'string') {
      this.used[path] = seen;
      return seen.sha;
    }
    let sha: string;
    try {
      sha = createHash('sha256').update(readFileSync(path)).digest('hex');
    } catch {
      return undefined; // unreadable: its name still counts
    }
    this.used[path] = { sig, sha };
    this.changed = true;
    return sha;
  }

  /**
   * One line per entry of a directory, recursively when `deep`: its name, what a symlink
   * points at, and the content digest of the file it resolves to. Subdirectories are only
   * named when not deep (a PATH directory's subdirectories hold no commands).
   *
   * The entry types come with the listing (d_type), so a regular file costs one stat and
   * only a symlink (or an entry of unknown type) is looked at twice: /usr/bin's 1,155
   * entries took 2,300 syscalls and ~45 ms before, ~20 ms now.
   */
  private describe(dir: string, deep: boolean, prefix: string, out: string[]): void {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort(byName);
    } catch (e) {
      out.push(`${prefix}: unreadable (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const rel = `${prefix}${entry.name}`;
      let link = '';
      try {
        const isLink = entry.isSymbolicLink() || (!entry.isFile() && !entry.isDirectory() && lstatSync(path).isSymbolicLink());
        if (isLink) link = ` -> ${readlinkSync(path)}`;
      } catch {
        continue; // removed meanwhile
      }
      let st: BigIntStats;
      try {
        st = statSync(path, { bigint: true });
      } catch {
        out.push(`${rel}${link} dangling`);
        continue;
      }
      if (st.isDirectory()) {
        if (deep && link === '') this.describe(path, deep, `${rel}/`, out);
        else out.push(`${rel}${link} dir`);
      } else if (st.isFile()) {
        out.push(`${rel}${link} ${(st.mode & 0o111n) !== 0n ? 'x' : '-'} ${this.fileSha(path, st) ?? 'unreadable'}`);
      } else out.push(`${rel}${link} special`);
    }
  }

  /**
   * Digest of a PATH directory: every command in it, by name and content. A directory that
   * is another one's alias (the default hostPath's /bin is a link to usr/bin) is read once
   * per run: the same entries, listed the same instant.
   */
  pathDirectory(dir: string): string {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      real = dir; // missing: described as unreadable, under its own name
    }
    let d = this.dirs.get(real);
    if (d === undefined) {
      const lines: string[] = [];
      this.describe(dir, false, '', lines);
      this.dirs.set(real, (d = createHash('sha256').update(lines.join('\n')).digest('hex')));
    }
    return d;
  }

  /** Digest of a whole tree (a nixpkgs or lib checkout outside the world). */
  tree(dir: string): string {
    const lines: string[] = [];
    this.describe(dir, true, '', lines);
    return createHash('sha256').update(lines.join('\n')).digest('hex');
  }

  /** Keeps what was hashed for the next run (and for other worlds), when anything new was. */
  save(): void {
    if (!this.changed) return;
    // Another process may have saved meanwhile: keep its entries too; this run's win.
    const now = readStateJson(this.file);
    const merged: Record<string, Remembered> = Object.assign(Object.create(null) as Record<string, Remembered>, isRecord(now) ? now : {}, this.used);
    const keys = Object.keys(merged);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_REMEMBERED))) delete merged[k];
    try {
      writeStateJson(this.file, merged);
    } catch {
      /* a read-only home: hash again next time */
    }
  }
}
