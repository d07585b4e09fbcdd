/** Finding the world a command runs in: the git work tree that has world.yaml at its top. */
import { existsSync, lstatSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { WorldError } from '@world/core';

export interface WorldRoot {
  /** Absolute path of the work tree's top directory. */
  root: string;
  /** This work tree's git directory (per worktree: a linked worktree has its own). */
  gitDir: string;
  /** Where world keeps its caches and state for this work tree. */
  stateDir: string;
  /** Where world keeps what all work trees of the repository share (the build cache index). */
  sharedStateDir: string;
}

/** A linked worktree's git directory names the repository's common directory in `commondir`. */
const commonDirOf = (gitDir: string): string => {
  try {
    return resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim());
  } catch {
    return gitDir;
  }
};

const gitDirOf = (top: string): string | undefined => {
  const dotGit = join(top, '.git');
  if (!existsSync(dotGit)) return undefined;
  if (statSync(dotGit).isDirectory()) return dotGit;
  // A linked worktree or submodule: `.git` is a file saying where the git directory is.
  const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'));
  return m?.[1] ? resolve(top, m[1]) : undefined;
};

/** The git work tree `cwd` is in, world or not (what `world init` starts from). */
export const findRepositoryRoot = (cwd: string): WorldRoot => {
  let dir = resolve(cwd);
  for (;;) {
    const gitDir = gitDirOf(dir);
    if (gitDir) return { root: dir, gitDir, stateDir: join(gitDir, 'world'), sharedStateDir: join(commonDirOf(gitDir), 'world') };
    const up = dirname(dir);
    if (up === dir) {
      throw new WorldError('NOT_A_WORLD', `${resolve(cwd)} is not inside a git repository`, {
        hint: 'run world inside a world (a git repository with world.yaml at its top), or pass -C <dir>',
      });
    }
    dir = up;
  }
};

export const findWorldRoot = (cwd: string): WorldRoot => {
  const root = findRepositoryRoot(cwd);
  // lstat: a link or a directory named world.yaml still marks the world; reading it says what is wrong.
  if (!lstatSync(join(root.root, 'world.yaml'), { throwIfNoEntry: false })) {
    throw new WorldError('NOT_A_WORLD', `${root.root} is a git repository without world.yaml at its top`, {
      hint: 'run `world init` to make it a world (it reads npm, yarn and pnpm workspaces), or create world.yaml (at least `name: <world-name>`) at the repository root, or run world inside a world (-C <dir>)',
    });
  }
  return root;
};
