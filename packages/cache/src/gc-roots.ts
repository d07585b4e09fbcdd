/**
 * GC roots for the outputs and sources world relies on, so `nix-collect-garbage` keeps
 * them. Like `nix-store --add-root --indirect`: a symlink in world's state directory points
 * at the store path, and a symlink in Nix's `gcroots/auto` points at that link. Removing
 * world's link (world cache gc) releases the path; Nix forgets the dangling auto link.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readlinkSync, rmSync, symlinkSync, renameSync, lstatSync } from 'node:fs';
import { join } from 'node:path';

const NIX_AUTO_ROOTS = '/nix/var/nix/gcroots/auto';

export class GcRoots {
  readonly dir: string;

  constructor(sharedStateDir: string) {
    this.dir = join(sharedStateDir, 'cache', 'roots');
  }

  /** Roots `storePath` under `name` (idempotent; replaces an older target atomically). */
  add(name: string, storePath: string): void {
    mkdirSync(this.dir, { recursive: true });
    const link = join(this.dir, name);
    try {
      if (readlinkSync(link) === storePath) return;
    } catch {
      /* no link yet */
    }
    const tmp = `${link}.${process.pid}.tmp`;
    rmSync(tmp, { force: true });
    symlinkSync(storePath, tmp);
    renameSync(tmp, link);
    const auto = join(NIX_AUTO_ROOTS, createHash('sha1').update(link).digest('hex'));
    try {
      if (!existsSync(auto)) symlinkSync(link, auto);
    } catch {
      // Without write access to Nix's roots (a multi-user install run by a user), the link in
      // world's state dir still documents the root; `nix-store --add-root` would need the daemon.
    }
  }

  remove(name: string): void {
    const link = join(this.dir, name);
    rmSync(link, { force: true });
    rmSync(join(NIX_AUTO_ROOTS, createHash('sha1').update(link).digest('hex')), { force: true });
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
