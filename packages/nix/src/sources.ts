/**
 * Project sources into the Nix store, from git objects plus the working tree's dirty files,
 * so a project that is not on disk (sparse checkout) still builds. All sources of a run are
 * staged together and added with one `nix-store --add`; each store path is named
 * `<project>-src`, so the store reads like the world.
 */
import { accessSync, chmodSync, constants, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isStorePathNamed, readBlobs, stateWriteError, WorldError } from '@world/core';
import type { NixSettings } from '@world/config';
import type { SourceSet } from '@world/fingerprint';
import { nixOptions, runNix } from './nix-process.js';


const relativeTo = (path: string, base: string) => (base === '' ? path : path.slice(base.length + 1));

/**
 * Staging writes thousands of small files only to read them back once: a memory-backed
 * directory makes that several times faster than the disk (measured in the build bench).
 */
const stagingParent = (fallback: string): string => {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return fallback;
  }
};

export interface AddedSources {
  /** Store paths, in request order. */
  paths: string[];
  /** The staging directory's removal, which runs on while the caller goes on to evaluate. */
  cleanup: Promise<void>;
}

/** Adds every request to the store. */
export const addSources = async (root: string, tmpParent: string, requests: readonly SourceSet[], nix: NixSettings): Promise<AddedSources> => {
  if (requests.length === 0) return { paths: [], cleanup: Promise.resolve() };
  const parent = stagingParent(tmpParent);
  let stage: string;
  try {
    mkdirSync(parent, { recursive: true });
    stage = mkdtempSync(join(parent, 'world-stage-'));
  } catch (e) {
    throw stateWriteError(parent, e);
  }
  const removeStage = () => rm(stage, { recursive: true, force: true });
  try {
    const blobs = await readBlobs(root, requests.flatMap((r) => r.files.filter((f) => f.content === undefined).map((f) => f.oid)));
    const made = new Set<string>();
    const ensureDir = (d: string) => {
      if (made.has(d)) return;
      mkdirSync(d, { recursive: true });
      made.add(d);
    };
    const dirs = requests.map((r, i) => {
      const dir = join(stage, String(i), r.name);
      ensureDir(dir);
      for (const f of r.files) {
        const target = join(dir, relativeTo(f.path, r.base));
        ensureDir(dirname(target));
        // Working-tree files carry the bytes their oid was computed from.
        const content = f.content ?? blobs.get(f.oid)?.content;
        if (!content) {
          throw new WorldError('GIT_FAILED', `git has no object ${f.oid} for ${f.path}`, {
            hint: 'the clone is missing objects: `git fetch` (a partial clone fetches them from its remote)',
          });
        }
        if (f.mode === '120000') symlinkSync(content.toString('utf8'), target);
        else writeFileSync(target, content);
        if (f.mode === '100755') chmodSync(target, 0o755);
      }
      return dir;
    });
    const paths: string[] = [];
    // Chunked to stay far below the argument-length limit on huge plans.
    for (let i = 0; i < dirs.length; i += 1000) {
      // Sources are re-creatable from git at any time: skip fsync-per-path in Nix's database.
      const { stdout } = await runNix('nix-store', [...nixOptions(nix), '--option', 'fsync-metadata', 'false', '--add', ...dirs.slice(i, i + 1000)]);
      paths.push(...stdout.split('\n').filter(Boolean));
    }
    // Each path must be the store path of what was asked, by name: anything else is not trusted as sources.
    if (paths.length !== requests.length || paths.some((p, i) => !isStorePathNamed(p, requests[i]!.name))) {
      throw new WorldError('NIX_FAILED', `nix-store --add did not print the ${requests.length} store paths it was asked for: ${JSON.stringify(paths.slice(0, 3))}`, {
        hint: 'check the Nix installation (`nix-store --version`)',
      });
    }
    return { paths, cleanup: removeStage() };
  } catch (e) {
    await removeStage();
    throw stateWriteError(stage, e);
  }
};
