/**
 * Nix store paths as world reads them back from its own state and from Nix: `/nix/store/`,
 * 32 characters of Nix's base-32 hash, `-`, a name. A path world did not make this way is not
 * trusted to be what a state file says it is.
 */
export const STORE_DIR = '/nix/store';

const STORE_PATH = /^\/nix\/store\/([0-9abcdfghijklmnpqrsvwxyz]{32})-([A-Za-z0-9+._?=-]+)$/;

/** A store path's name (`/nix/store/<hash>-app-src` → `app-src`), or undefined when it is not a store path. */
export const storePathName = (path: string): string | undefined => {
  const m = typeof path === 'string' ? STORE_PATH.exec(path) : null;
  return m ? m[2] : undefined;
};

/** True when `path` is a store path whose name is exactly `name`. */
export const isStorePathNamed = (path: unknown, name: string): path is string => typeof path === 'string' && storePathName(path) === name;
