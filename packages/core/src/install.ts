/**
 * Where world's own Nix code lives: the module-system library (`lib/`), the entry
 * expression (`world/`) and the built-in module library (`library/`). They ship with
 * world, not with the worlds it builds.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// packages/core/dist/install.js → the repository's modules/ directory.
export const WORLD_NIX_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../modules');
export const WORLD_NIX_LIB = join(WORLD_NIX_DIR, 'lib');
export const WORLD_ENTRY = join(WORLD_NIX_DIR, 'world', 'entry.nix');
export const WORLD_MODULE_LIBRARY = join(WORLD_NIX_DIR, 'library');
