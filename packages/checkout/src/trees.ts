/**
 * `world tree add|list|remove`: git worktrees, each with its own sparse set. A tree is named;
 * it lives in `<main>.trees/<name>` beside the main worktree, or in a directory `--path` names
 * that ends in `<name>` (git names a worktree after its directory). Removing one refuses while it holds
 * uncommitted work or commits no branch reaches, so nothing is lost with it.
 */
import { existsSync, lstatSync, readFileSync, readdirSync, realpathSync, rmdirSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { WorldError, branchNameProblem, checkBranchName, checkName, checkRevision, commitOf, git, gitText, isWithin } from '@world/core';
import { discover, type WorldRoot } from '@world/discovery';
import { ProjectGraph } from '@world/graph';
import { computeCone, projectsInCone } from './cone.js';
import { resolveProjects } from './checkout.js';
import { describeDirty, listDirty } from './dirty.js';
import { readRecord, writeRecord } from './record.js';
import { disableSparse, populateFromHead, readSparseState, setCone } from './sparse.js';
import { porcelain, runPorcelain } from './porcelain.js';
import { diskUsage } from './summary.js';

export interface TreeInfo {
  /** git's name for the worktree (its directory under .git/worktrees); the main worktree is `main`. */
  name: string;
  path: string;
  main: boolean;
  /** The worktree world is running in. */
  current: boolean;
  branch: string | null;
  head: string | null;
  locked: boolean;
  /** Its directory is gone (git worktree prune forgets it). */
  missing: boolean;
  /** world's recorded roots; null when world manages no sparse checkout there. */
  roots: string[] | null;
  stateDir: string;
}

const commonDirOf = (root: WorldRoot) => dirname(root.sharedStateDir);

const samePath = (a: string, b: string) => resolve(a) === resolve(b);

export const listTrees = async (root: WorldRoot): Promise<TreeInfo[]> => {
  const common = commonDirOf(root);
  const out = await gitText(root.root, ['worktree', 'list', '--porcelain']);
  // Linked worktrees by path → git's name for them, from .git/worktrees/<name>/gitdir.
  const ids = new Map<string, string>();
  const wtDir = join(common, 'worktrees');
  if (existsSync(wtDir)) {
    for (const id of readdirSync(wtDir)) {
      try {
        ids.set(resolve(dirname(readFileSync(join(wtDir, id, 'gitdir'), 'utf8').trim())), id);
      } catch {
        /* half-removed: git worktree prune cleans it */
      }
    }
  }
  const trees: TreeInfo[] = [];
  for (const block of out.split('\n\n').filter((b) => b.trim() !== '')) {
    const lines = block.split('\n');
    const field = (k: string) => lines.find((l) => l === k || l.startsWith(`${k} `))?.slice(k.length + 1);
    const path = field('worktree')!;
    if (lines.includes('bare')) continue;
    const main = trees.length === 0;
    const name = main ? 'main' : ids.get(resolve(path)) ?? basename(path);
    const stateDir = main ? join(common, 'world') : join(common, 'worktrees', name, 'world');
    const branchRef = field('branch');
    const record = readRecord(stateDir);
    trees.push({
      name,
      path,
      main,
      current: samePath(path, root.root),
      branch: branchRef ? branchRef.replace(/^refs\/heads\//, '') : null,
      head: field('HEAD') ?? null,
      locked: lines.some((l) => l === 'locked' || l.startsWith('locked ')),
      missing: !existsSync(path),
      roots: record ? record.roots.map((r) => r.name) : null,
      stateDir,
    });
  }
  // git lists linked worktrees in directory order: sort them by name, the main one first.
  return [trees[0]!, ...trees.slice(1).sort((a, b) => a.name.localeCompare(b.name))].filter(Boolean);
};

const findTree = (trees: readonly TreeInfo[], ref: string, cwd: string): TreeInfo => {
  const hit = trees.find((t) => t.name === ref) ?? trees.find((t) => samePath(t.path, resolve(cwd, ref)));
  if (!hit) {
    throw new WorldError('UNKNOWN_TREE', `there is no worktree named ${JSON.stringify(ref)}`, {
      hint: `the worktrees are ${trees.map((t) => t.name).join(', ')}; \`world tree list\` shows them`,
    });
  }
  return hit;
};

export interface TreeAddRequest {
  cwd: string;
  name: string;
  branch?: string | undefined;
  /** Start point of a new branch (default HEAD). */
  from?: string | undefined;
  /** Roots of the new tree's sparse checkout; default: the current worktree's roots, or every file. */
  projects?: readonly string[] | undefined;
  path?: string | undefined;
}

export interface TreeAddResult {
  name: string;
  path: string;
  branch: string;
  createdBranch: boolean;
  commit: string;
  /** null: every file is on disk. */
  roots: string[] | null;
  dependencies: string[];
  dirs: string[];
  projectsOnDisk: number;
  projectsInWorld: number;
  files: number;
  bytes: number;
}


/** The file-system entry at `path`, or undefined when there is none (or it cannot be read). */
const entryAt = (path: string): Stats | undefined => {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
};

/** `path` with the links in its existing part resolved; that part must end in a directory. */
const realPathOf = (path: string, flag: string): string => {
  const rest: string[] = [];
  let p = path;
  while (entryAt(p) === undefined && dirname(p) !== p) {
    rest.unshift(basename(p));
    p = dirname(p);
  }
  if (rest.length > 0 && !statSync(p).isDirectory()) {
    throw new WorldError('DESTINATION_EXISTS', `${flag} ${path}: ${p} is a file, not a directory`, { hint: 'pick another directory for the tree' });
  }
  return join(realpathSync(p), ...rest);
};

/**
 * Where a new tree may go: an absent path or an empty directory, outside the repository's git
 * directory and outside every worktree (a tree inside another would show up there as untracked
 * files, and a later widening would try to write over it).
 */
const checkTreePath = (path: string, flag: string, trees: readonly TreeInfo[], commonDir: string): void => {
  const st = entryAt(path);
  if (st && !st.isDirectory()) throw new WorldError('DESTINATION_EXISTS', `${flag} ${path} already exists and is not a directory`, { hint: 'pick another directory for the tree' });
  if (st && readdirSync(path).length > 0) throw new WorldError('DESTINATION_EXISTS', `${flag} ${path} already exists and is not an empty directory`, { hint: 'pick another name or --path' });
  const where = realPathOf(path, flag);
  if (isWithin(where, realPathOf(commonDir, flag))) {
    throw new WorldError('USAGE', `${flag} ${path} lies inside the repository's git directory ${commonDir}`, { hint: 'put the tree outside .git: by default it goes beside the main worktree, in <main>.trees/<name>' });
  }
  const host = trees.find((t) => !t.missing && isWithin(where, realPathOf(t.path, flag)));
  if (host) {
    throw new WorldError('USAGE', `${flag} ${path} lies inside worktree ${host.name} (${host.path})`, {
      hint: 'a tree inside another shows up there as untracked files: put it beside, e.g. the default <main>.trees/<name>',
    });
  }
};

/** Removes the default container (`<main>.trees`) of a tree that is gone, when it was the last one. */
const tidyContainer = (treePath: string): void => {
  const parent = dirname(treePath);
  if (!parent.endsWith('.trees')) return;
  try {
    if (readdirSync(parent).length === 0) rmdirSync(parent);
  } catch {
    /* not ours to tidy */
  }
};

/** A tree's name is also git's name for the worktree and its default branch. */
const checkTreeName = (name: string): string => {
  checkName(name, 'tree name');
  const problem = branchNameProblem(name);
  if (problem) {
    throw new WorldError('INVALID_NAME', `tree name ${JSON.stringify(name)} cannot name a git worktree and branch: ${problem}`, {
      hint: 'tree names use lowercase letters, digits, ".", "_" and "-", without ".." and not ending in "." or ".lock"',
    });
  }
  return name;
};

export const addTree = async (root: WorldRoot, req: TreeAddRequest): Promise<TreeAddResult> => {
  // Every value that reaches git is checked before git runs: `worktree add -b <branch>` runs
  // `git branch <branch> <start>` itself, so a branch named `-D` would delete <start>.
  const name = checkTreeName(req.name);
  const branch = req.branch === undefined ? name : checkBranchName(req.branch, '--branch');
  const from = req.from === undefined ? undefined : checkRevision(req.from, '--from');
  const trees = await listTrees(root);
  const taken = trees.find((t) => t.name === name);
  if (taken) throw new WorldError('USAGE', `there is already a worktree named ${name}, at ${taken.path}`, { hint: 'pick another name, or `world tree remove` it first' });
  const mainTree = trees.find((t) => t.main)!;
  const path = req.path ? resolve(req.cwd, req.path) : join(dirname(mainTree.path), `${basename(mainTree.path)}.trees`, name);
  checkTreePath(path, req.path ? '--path' : 'tree directory', trees, commonDirOf(root));
  if (basename(path) !== name) {
    throw new WorldError('USAGE', `git names a worktree after its directory: --path ${path} would make a tree named ${JSON.stringify(basename(path))}, not ${name}`, {
      hint: `end --path with the tree's name (--path ${join(dirname(path), name)})`,
    });
  }

  const localRef = `refs/heads/${branch}`;
  const local = await commitOf(root.root, localRef);
  const remotes = (await gitText(root.root, ['for-each-ref', '--format=%(refname)', `refs/remotes/*/${branch}`])).split('\n').filter(Boolean);
  const createdBranch = local === undefined && remotes.length !== 1;
  if (!createdBranch && from !== undefined) {
    throw new WorldError('USAGE', `--from applies to a new branch, and branch ${branch} exists${local === undefined ? ` on ${remotes[0]!.replace(/^refs\/remotes\//, '')}` : ''}`, {
      hint: `drop --from to check out ${branch} as it is, or pick a new --branch to start at ${from}`,
    });
  }
  const start = createdBranch ? (from ?? 'HEAD') : (local !== undefined ? localRef : remotes[0]!);
  const commit = await commitOf(root.root, start);
  if (commit === undefined) {
    throw new WorldError(from !== undefined ? 'INVALID_REF' : 'HEAD_UNRESOLVED', `${from !== undefined ? `--from ${JSON.stringify(from)}` : start} is not a commit of this repository`, { hint: 'name a branch, tag or commit' });
  }
  // The new tree's own revision decides its projects and their dependencies: an unknown
  // project is an error before anything is created.
  const graph = new ProjectGraph(await discover(root, { kind: 'commit', oid: commit }));
  let roots: string[] | null;
  if (req.projects && req.projects.length > 0) roots = resolveProjects(graph, req.projects);
  else {
    const mine = readRecord(root.stateDir);
    roots = mine ? mine.roots.map((r) => r.name).filter((n) => graph.get(n)) : null;
  }
  const cone = roots ? computeCone(graph, roots) : undefined;

  const sg = await porcelain(root.root);
  // git's own DWIM turns a branch that exists on exactly one remote into a tracking branch.
  const args = createdBranch
    ? ['worktree', 'add', '--no-checkout', '-b', branch, '--end-of-options', path, start]
    : ['worktree', 'add', '--no-checkout', '--end-of-options', path, branch];
  await runPorcelain(`git ${args.join(' ')}`, () => sg.raw(args), 'WORKTREE_FAILED', 'a branch can be checked out in one worktree at a time: pick another --branch');

  try {
    const treeRoot: WorldRoot = { root: path, gitDir: (await gitText(path, ['rev-parse', '--absolute-git-dir'])).trim(), stateDir: '', sharedStateDir: root.sharedStateDir };
    treeRoot.stateDir = join(treeRoot.gitDir, 'world');
    if (cone && !cone.dirs.includes('')) {
      await setCone(path, cone.dirs);
      writeRecord(treeRoot.stateDir, cone.roots.map((n) => ({ name: n, dir: graph.get(n)!.dir })), cone.dirs);
    } else if ((await readSparseState(path)).enabled) {
      // git copies the sparse settings of the worktree it was run from: a full tree turns them off.
      await disableSparse(path);
    }
    await populateFromHead(path);
    const usage = diskUsage(path, ['.git']);
    return {
      name,
      path,
      branch,
      createdBranch,
      commit,
      roots: cone ? cone.roots : null,
      dependencies: cone?.dependencies ?? [],
      dirs: cone?.dirs ?? [],
      projectsOnDisk: cone ? projectsInCone(graph, cone.dirs).length : graph.projects.size,
      projectsInWorld: graph.projects.size,
      files: usage.files,
      bytes: usage.bytes,
    };
  } catch (e) {
    // A tree that never got checked out holds nothing of the user's: take it back.
    await git(root.root, ['worktree', 'remove', '--force', '--end-of-options', path], { allowExitCodes: [128] });
    tidyContainer(path);
    if (createdBranch) await git(root.root, ['branch', '-D', '--end-of-options', branch], { allowExitCodes: [1] });
    throw e;
  }
};

export interface TreeRemoveResult {
  name: string;
  path: string;
  /** The branch stays: its commits are not removed with the tree. */
  branch: string | null;
  /** The directory was already gone; git forgot the worktree. */
  pruned: boolean;
}

export const removeTree = async (root: WorldRoot, ref: string, cwd: string): Promise<TreeRemoveResult> => {
  const trees = await listTrees(root);
  const tree = findTree(trees, ref, cwd);
  if (tree.main) throw new WorldError('USAGE', `${tree.name} is the main worktree (${tree.path}); it holds the repository and cannot be removed`, { hint: '`world tree list` shows the linked worktrees' });
  if (isWithin(resolve(cwd), resolve(tree.path)) || tree.current) {
    throw new WorldError('USAGE', `world is running inside worktree ${tree.name}`, { hint: `run it from another worktree: world -C ${trees.find((t) => t.main)!.path} tree remove ${tree.name}` });
  }
  if (tree.locked) throw new WorldError('WORKTREE_FAILED', `worktree ${tree.name} is locked`, { hint: `unlock it first if it is really unused: git worktree unlock ${tree.path}` });
  const sg = await porcelain(root.root);
  if (tree.missing) {
    await runPorcelain('git worktree prune', () => sg.raw(['worktree', 'prune']), 'WORKTREE_FAILED', 'run `git worktree prune` by hand');
    return { name: tree.name, path: tree.path, branch: tree.branch, pruned: true };
  }
  const dirty = await listDirty(tree.path);
  if (dirty.length > 0) {
    throw new WorldError('DIRTY_PATHS', `worktree ${tree.name} has uncommitted work:\n${describeDirty(dirty)}`, {
      hint: `commit it (the branch ${tree.branch ?? '(detached)'} stays after the tree is removed), or stash or move it; world never removes a tree holding uncommitted work`,
      details: { tree: tree.name, path: tree.path, files: dirty },
    });
  }
  if (tree.branch === null && tree.head) {
    const reached = (await gitText(root.root, ['for-each-ref', '--count=1', '--contains', tree.head, '--format=%(refname)', 'refs/heads', 'refs/remotes', 'refs/tags'])).trim();
    if (!reached) {
      throw new WorldError('DIRTY_PATHS', `worktree ${tree.name} is on a detached HEAD (${tree.head.slice(0, 12)}) that no branch or tag contains`, {
        hint: `keep its commits on a branch first: git -C ${tree.path} switch -c <branch>`,
        details: { tree: tree.name, path: tree.path, head: tree.head },
      });
    }
  }
  await runPorcelain(`git worktree remove ${tree.path}`, () => sg.raw(['worktree', 'remove', '--end-of-options', tree.path]), 'WORKTREE_FAILED', '`git worktree list` shows its state');
  tidyContainer(tree.path);
  return { name: tree.name, path: tree.path, branch: tree.branch, pruned: false };
};
