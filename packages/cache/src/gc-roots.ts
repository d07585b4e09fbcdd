/**
 * GC roots for the outputs world relies on, so `nix-collect-garbage` keeps them (and with
 * them their derivations, by Nix's keep-derivations, and the derivations' sources). Like
 * `nix-store --add-root --indirect`: a symlink in world's state directory points at the
 * store path, and a symlink in Nix's `gcroots/auto` points at that link. Removing
 * world's link (world cache gc) releases the path; Nix forgets the dangling auto link, so
 * deleting a checkout releases its roots too.
 *
 * A root is named after its store path (`<hash>-<name>`), not after the fingerprint that
 * led to it: a run that re-keys projects without changing what they build (an edited
 * comment in a shared module) finds its roots in place and makes none.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { stateLayout, stateWriteError, tempPathFor } from '@world/core';

const NIX_AUTO_ROOTS = '/nix/var/nix/gcroots/auto';

const autoLinkOf = (link: string): string => join(NIX_AUTO_ROOTS, createHash('sha1').update(link).digest('hex'));

/** Points `link` at `target` atomically, whatever it pointed at before. */
const replaceLink = (link: string, target: string): void => {
  const tmp = tempPathFor(link);
  symlinkSync(target, tmp);
  renameSync(tmp, link);
};

const currentTarget = (link: string): string | undefined => {
  try {
    return readlinkSync(link);
  } catch {
    return undefined;
  }
};

const isErrno = (e: unknown, ...codes: string[]): boolean => codes.includes((e as NodeJS.ErrnoException).code ?? '');

export class GcRoots {
  readonly dir: string;

  constructor(sharedStateDir: string) {
    this.dir = stateLayout({ stateDir: '', sharedStateDir }).gcRoots;
  }

  /** Roots the store paths (idempotent). A new root costs two symlinks; one already in place, a readlink. */
  addAll(storePaths: Iterable<string>): void {
    const unique = [...new Set(storePaths)];
    if (unique.length === 0) return;
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch (e) {
      throw stateWriteError(this.dir, e);
    }
    try {
      // Nix makes gcroots/auto on its first indirect root; on a fresh machine that may be ours.
      mkdirSync(NIX_AUTO_ROOTS, { recursive: true });
    } catch {
      /* no write access: see below */
    }
    for (const storePath of unique) {
      const link = join(this.dir, basename(storePath));
      // Most runs find their roots in place (a cached build): look before making one.
      const current = currentTarget(link);
      if (current === storePath) continue;
      if (current !== undefined) replaceLink(link, storePath);
      else {
        try {
          symlinkSync(storePath, link);
        } catch (e) {
          if (!isErrno(e, 'EEXIST')) throw e;
          replaceLink(link, storePath); // made by a concurrent run meanwhile
        }
      }
      try {
        symlinkSync(link, autoLinkOf(link));
      } catch {
        // EEXIST: registered before. EACCES: a multi-user install run by a user, where Nix's
        // roots need the daemon; the link in world's state dir still documents the root.
      }
    }
  }

  /** Releases the root named `name` (a store path's basename, as `list` gives it). */
  remove(name: string): void {
    const link = join(this.dir, name);
    rmSync(link, { force: true });
    rmSync(autoLinkOf(link), { force: true });
  }

  /** name → store path for every root world holds. */
  list(): Map<string, string> {
    const out = new Map<string, string>();
    if (!existsSync(this.dir)) return out;
    for (const name of readdirSync(this.dir)) {
      if (name.endsWith('.tmp')) continue;
      try {
        if (lstatSync(join(this.dir, name)).isSymbolicLink()) out.set(name, readlinkSync(join(this.dir, name)));
      } catch {
        /* removed concurrently */
      }
    }
    return out;
  }
}
