/**
 * Where world's own Nix code lives: the module-system library (`lib/`), the entry
 * expression (`world/`) and the built-in module library (`library/`). They ship with
 * world, not with the worlds it builds.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WorldNixPaths {
  /** The `modules/` directory of world's installation. */
  dir: string;
  lib: string;
  entry: string;
  moduleLibrary: string;
}

let found: WorldNixPaths | undefined;

/**
 * world's installation root: the nearest directory above this file holding
 * modules/world/entry.nix (packages/core/dist/ in a checkout, cli/dist/bundle/ when bundled).
 * Looked up on first use, not at import: importing the package (a smoke test, a tool that
 * only parses config) must work where world's Nix files are not installed.
 */
export const worldNixPaths = (): WorldNixPaths => {
  if (found) return found;
  const here = fileURLToPath(import.meta.url);
  for (let dir = dirname(here); ; ) {
    const candidate = join(dir, 'modules');
    if (existsSync(join(candidate, 'world', 'entry.nix'))) {
      found = { dir: candidate, lib: join(candidate, 'lib'), entry: join(candidate, 'world', 'entry.nix'), moduleLibrary: join(candidate, 'library') };
      return found;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`world's Nix files (modules/world/entry.nix) are not in any directory above ${here}: reinstall world`);
    dir = up;
  }
};
