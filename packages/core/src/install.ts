/**
 * Where world's own Nix code lives: the module-system library (`lib/`), the entry
 * expression (`world/`) and the built-in module library (`library/`). They ship with
 * world, not with the worlds it builds.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * world's installation root: the nearest directory above this file holding
 * modules/world/entry.nix (packages/core/dist/ in a checkout, cli/dist/bundle/ when bundled).
 */
const findNixDir = (): string => {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; ) {
    const candidate = join(dir, 'modules');
    if (existsSync(join(candidate, 'world', 'entry.nix'))) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new Error(`world's Nix files (modules/world/entry.nix) are not above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
};

export const WORLD_NIX_DIR = findNixDir();
export const WORLD_NIX_LIB = join(WORLD_NIX_DIR, 'lib');
export const WORLD_ENTRY = join(WORLD_NIX_DIR, 'world', 'entry.nix');
export const WORLD_MODULE_LIBRARY = join(WORLD_NIX_DIR, 'library');
