/**
 * `world clone <url> [dir] --project P...`: a blob-less partial clone whose first checkout is
 * already sparse. git fetches commits and trees only; world reads the world from the fetched
 * commit (the project.yaml files it needs come in one batched fetch), sets the cone, and only
 * then checks out, so the only file contents ever fetched are the cone's.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WorldError, checkBranchName, checkCloneUrl, checkName, commitOf, git, gitText, isWorldPath, parseWorldPath, promisorRemote } from '@world/core';
import { discover, type WorldRoot } from '@world/discovery';
import { ProjectGraph } from '@world/graph';
import { computeCone, projectsInCone } from './cone.js';
import { resolveProjects } from './checkout.js';
import { writeRecord } from './record.js';
import { populateFromHead, setCone } from './sparse.js';
import { runPorcelain } from './porcelain.js';
import { diskUsage } from './summary.js';

export interface CloneRequest {
  /** Where relative paths are resolved from. */
  cwd: string;
  url: string;
  dir?: string | undefined;
  projects: readonly string[];
  branch?: string | undefined;
  onProgress?: (message: string) => void;
}

export interface CloneResult {
  url: string;
  dir: string;
  branch: string | null;
  commit: string;
  /** false when the server ignored the filter and sent every blob. */
  partial: boolean;
  roots: string[];
  dependencies: string[];
  always: string[];
  dirs: string[];
  projectsOnDisk: number;
  projectsInWorld: number;
  files: number;
  bytes: number;
  gitBytes: number;
}

/** `https://host/org/payments.git/` → `payments`, as git names the directory. */
export const defaultCloneDir = (url: string): string => {
  const trimmed = url.replace(/[/\\]+$/, '').replace(/\.git$/, '').replace(/[/\\]+$/, '');
  const last = trimmed.split(/[/\\:]/).pop() ?? '';
  return last;
};

const isEmptyDir = (dir: string): boolean => {
  try {
    return readdirSync(dir).length === 0;
  } catch {
    return false;
  }
};

/** The state locations of a fresh clone, before it has a world.yaml on disk for findWorldRoot. */
export const rootOfClone = (dir: string): WorldRoot => ({
  root: dir,
  gitDir: join(dir, '.git'),
  stateDir: join(dir, '.git', 'world'),
  sharedStateDir: join(dir, '.git', 'world'),
});

/** A --project value that can name a project (a name or a world path), checked before anything is fetched. */
const checkProjectRef = (ref: string): void => {
  if (isWorldPath(ref)) parseWorldPath(ref);
  else checkName(ref, '--project');
};

export const cloneWorld = async (req: CloneRequest): Promise<CloneResult> => {
  const progress = req.onProgress ?? (() => {});
  const url = checkCloneUrl(req.url);
  const wanted = req.branch === undefined ? undefined : checkBranchName(req.branch, '--branch', 'name a branch or tag of the remote');
  req.projects.forEach(checkProjectRef);
  const name = req.dir ?? defaultCloneDir(url);
  if (!name) throw new WorldError('USAGE', `cannot tell a directory name from ${JSON.stringify(url)}`, { hint: 'pass the directory: world clone <url> <dir>' });
  const dir = resolve(req.cwd, name);
  const existed = existsSync(dir);
  if (existed && !isEmptyDir(dir)) {
    throw new WorldError('DESTINATION_EXISTS', `${dir} already exists and is not an empty directory`, { hint: 'pick another directory: world clone <url> <dir>' });
  }

  progress(`cloning ${url} (commits and trees only)`);
  // git, not simple-git: simple-git refuses any `-c protocol.*` setting, and this one is what
  // keeps a URL rewritten by the user's config (url.<base>.insteadOf) from reaching the
  // command-running ext:: transport. Prompts for credentials stay as the user has them.
  const args = ['-c', 'protocol.ext.allow=never', 'clone', '--filter=blob:none', '--no-checkout', ...(wanted ? ['--branch', wanted] : []), '--end-of-options', url, dir];
  await runPorcelain(
    `git clone ${url}`,
    () => git(req.cwd, args, { env: { GIT_TERMINAL_PROMPT: process.env.GIT_TERMINAL_PROMPT ?? '1' } }),
    'CLONE_FAILED',
    'check the URL and that `git ls-remote <url>` works from here; the server must allow partial clones (uploadpack.allowFilter)',
  );

  try {
    const root = rootOfClone(dir);
    const commit = await commitOf(dir, 'HEAD');
    if (!commit) throw new WorldError('CLONE_FAILED', `${url} has no commits on ${wanted ?? 'its default branch'}`, { hint: 'clone a branch that has commits: --branch <name>' });
    const partial = (await promisorRemote(dir)) !== undefined;
    progress('reading the world from the fetched commit');
    const world = await discover(root, { kind: 'commit', oid: commit });
    const graph = new ProjectGraph(world);
    const cone = computeCone(graph, resolveProjects(graph, req.projects));
    const onDisk = projectsInCone(graph, cone.dirs);
    progress(`checking out ${onDisk.length} of ${graph.projects.size} projects`);
    if (!cone.dirs.includes('')) await setCone(dir, cone.dirs);
    await populateFromHead(dir);
    if (!cone.dirs.includes('')) writeRecord(root.stateDir, cone.roots.map((n) => ({ name: n, dir: graph.get(n)!.dir })), cone.dirs);
    const branch = (await gitText(dir, ['symbolic-ref', '-q', '--short', 'HEAD'], { allowExitCodes: [1] })).trim() || null;
    const usage = diskUsage(dir, ['.git']);
    return {
      url,
      dir,
      branch,
      commit,
      partial,
      roots: cone.roots,
      dependencies: cone.dependencies,
      always: cone.always,
      dirs: cone.dirs,
      projectsOnDisk: onDisk.length,
      projectsInWorld: graph.projects.size,
      files: usage.files,
      bytes: usage.bytes,
      gitBytes: diskUsage(join(dir, '.git')).bytes,
    };
  } catch (e) {
    // Nothing of the user's is in a clone that never got checked out: leave no half-made world behind.
    if (existed) for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
    else rmSync(dir, { recursive: true, force: true });
    throw e;
  }
};
