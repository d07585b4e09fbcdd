/**
 * Paths in build logs, pointed back at the repository. A builder runs in a copy of its
 * project's sources, `$TMPDIR/nix-build-<project>-<target>.drv-<n>/src` (`/build/src` in
 * Nix's sandbox), copied from `/nix/store/<hash>-<project>-src` (or, for a target that
 * selects its sources, `…-<project>-<target>-src`); a compiler's or a test runner's path into
 * any of them is meaningless once the build is gone. Each becomes the file's path in the
 * repository (relative to its root: what `git` and GitHub's annotations name).
 */
import { posix } from 'node:path';
import { STORE_DIR, storePathName } from '@world/core';

/** The target a log line belongs to. */
export interface LogOwner {
  project: string;
  /** Its derivation (`/nix/store/<hash>-<name>.drv`), whose name its build directory carries. */
  drv: string;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What may end a path in a log line: the path goes on only with `/`. */
const PATH_END = String.raw`(\/|(?=[\s'"()<>\[\]{},;:]|$))`;
/** Where a path may start in a line: its start, or after a space, quote, bracket, `=` or `:`. */
const PATH_START = String.raw`(?<=^|[\s'"(<\[{=:,])`;
const STORE_SOURCE = new RegExp(`${PATH_START}(?:file://)?${escapeRegExp(STORE_DIR)}/[0-9a-z]{32}-([a-z0-9][a-z0-9._-]*)-src${PATH_END}`, 'g');

export class LogPaths {
  /** Per derivation: its build directory and its own source selection. */
  private readonly ownPaths = new Map<string, RegExp>();

  /**
   * @param dirOf a project's directory in the repository ('' for the root); undefined while
   *   unknown (paths stay as they are)
   * @param exists whether a repository-relative path names a file in the checkout; only
   *   those are offered as a failure's location
   */
  constructor(
    private readonly dirOf: (project: string) => string | undefined,
    private readonly exists: (repoPath: string) => boolean = () => false,
  ) {}

  private ownPathsOf(drv: string): RegExp {
    let re = this.ownPaths.get(drv);
    if (!re) {
      // The derivation's name, as Nix names its build directory: `/nix/store/<hash>-a-build.drv` → `a-build.drv`.
      const name = storePathName(drv) ?? posix.basename(drv);
      // Nix's build directory for this derivation under any temporary directory, or the sandbox's; or the target's own sources.
      const buildDir = String.raw`(?:(?:\/[^\/\s'"()<>\[\]{},;:]+)*\/nix-build-${escapeRegExp(name)}-\d+|\/build)\/src`;
      const targetSource = `${escapeRegExp(STORE_DIR)}/[0-9a-z]{32}-${escapeRegExp(name.replace(/\.drv$/, ''))}-src`;
      re = new RegExp(`${PATH_START}(?:file://)?(?:${buildDir}|${targetSource})${PATH_END}`, 'g');
      this.ownPaths.set(drv, re);
    }
    return re;
  }

  private static joined(dir: string, slash: string | undefined): string {
    if (slash) return dir === '' ? '' : `${dir}/`;
    return dir === '' ? '.' : dir;
  }

  /** `line` with every path into `owner`'s build directory or a project's store source made a repository path. */
  rewrite(line: string, owner: LogOwner): string {
    if (!line.includes('/')) return line;
    const ownDir = this.dirOf(owner.project);
    let out = line;
    if (ownDir !== undefined) out = out.replace(this.ownPathsOf(owner.drv), (_m, slash: string | undefined) => LogPaths.joined(ownDir, slash));
    return out.replace(STORE_SOURCE, (m, project: string, slash: string | undefined) => {
      const dir = this.dirOf(project);
      return dir === undefined ? m : LogPaths.joined(dir, slash);
    });
  }

  /**
   * The repository file a path in `owner`'s log names, or undefined when it names none: a path
   * into its build directory or a store source, or one relative to its project (where its
   * builder runs). Never a path outside the repository, in node_modules, or not in the checkout.
   */
  repositoryFile(path: string, owner: LogOwner): string | undefined {
    const dir = this.dirOf(owner.project);
    if (dir === undefined) return undefined;
    const rewritten = this.rewrite(path, owner);
    let candidate: string;
    if (rewritten !== path) candidate = rewritten;
    else if (path.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(path)) return undefined;
    else candidate = posix.join(dir, path);
    const normal = posix.normalize(candidate);
    if (normal === '.' || normal.startsWith('../') || normal === '..' || normal.startsWith('/')) return undefined;
    if (normal.split('/').includes('node_modules')) return undefined;
    return this.exists(normal) ? normal : undefined;
  }
}

/** Results whose log tails name repository paths, not build directories or store sources (for --json and reports). */
export const withRepositoryPaths = <T extends { project: string; drv: string; logTail?: string[] }>(results: readonly T[], dirOf: (project: string) => string | undefined): T[] => {
  const paths = new LogPaths(dirOf);
  return results.map((t) => (t.logTail && t.logTail.length > 0 ? { ...t, logTail: t.logTail.map((l) => paths.rewrite(l, t)) } : t));
};
