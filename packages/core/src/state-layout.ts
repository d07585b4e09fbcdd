/**
 * Every file world keeps, by name. Two directories per checkout: `stateDir` (`.git/world`, or
 * `.git/worktrees/<name>/world` in a linked worktree: what depends on this checkout's files)
 * and `sharedStateDir` (`<git common dir>/world`: what every worktree of the repository
 * shares, the build cache first). All of it is a cache: removing it loses nothing but time.
 * Every JSON file is written sealed (files.ts): a damaged one reads as absent.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface StateDirs {
  stateDir: string;
  sharedStateDir: string;
}

export const stateLayout = ({ stateDir, sharedStateDir }: StateDirs) => ({
  /** world.yaml parsed, keyed by its blob id. */
  worldConfig: join(stateDir, 'world-config.json'),
  /** project.yaml / package.json / .nix parses, keyed by blob id, and the index listing. */
  parseCache: join(stateDir, 'parse-cache.json'),
  /** The last discovery of the working tree. */
  worldSnapshot: join(stateDir, 'world-snapshot.json'),
  /** The last project graph, keyed by the discovery. */
  graphSnapshot: join(stateDir, 'graph-snapshot.json'),
  /** Generated Nix plans (`plan-<hash>.{json,nix}`), named by content. */
  plans: join(stateDir, 'nix'),
  /** Staging of sources on their way into the store (when /dev/shm cannot be used). */
  staging: join(stateDir, 'tmp'),
  /** The sparse checkout world manages: its roots. */
  checkout: join(stateDir, 'checkout.json'),
  /** `world graph --format html`'s default page. */
  graphPage: join(stateDir, 'graph.html'),
  /** The last run's project keys, under the identity of everything they were computed from. */
  fingerprintMemo: join(stateDir, 'fingerprints.json'),
  /** Project fingerprint → derivations and outputs (`<2 hex>/<key>.json`). */
  cacheIndex: join(sharedStateDir, 'cache', 'index'),
  /** The entries the last run used, in one file; inside the index, so whatever removes the index removes it. */
  cachePack: join(sharedStateDir, 'cache', 'index', 'pack.json'),
  /** Source files → their store path (`<2 hex>/<key>`). */
  sourceIndex: join(sharedStateDir, 'cache', 'sources'),
  /** GC roots of the outputs world relies on (links named by store path). */
  gcRoots: join(sharedStateDir, 'cache', 'roots'),
  /** Project → the key of its last build here (the baseline of rebuild reasons). */
  lastBuilds: join(sharedStateDir, 'cache', 'last-builds.json'),
  /** Logs of builds Nix keeps none of (cancelled), by derivation. */
  logs: join(sharedStateDir, 'logs'),
  /** Run history, one file per run. */
  runs: join(sharedStateDir, 'runs'),
});

export type StateLayout = ReturnType<typeof stateLayout>;

/** What world knows about the machine rather than a repository: content digests of host tools. */
export const machineCacheDir = (env: NodeJS.ProcessEnv = process.env): string => join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'world');
