/**
 * What to run, as users write it:
 *
 * - `money`, `money:test` — a project by name (and one of its targets);
 * - `//libs/money`, `//libs/money:test` — by world path;
 * - `libs/money`, `.`, `../web` — by directory, relative to where world runs: the project that
 *   directory is in (the deepest one above it);
 * - `pay*`, `libs/**` — every project whose name or directory the glob matches;
 * - `money...` — it and every project that depends on it, transitively (its dependents);
 *   `...web` — it and everything it depends on (its dependencies);
 * - `--tag t` (repeatable) keeps the projects that have every tag given.
 *
 * With no argument, a command run inside a project's directory selects that project (like
 * Turborepo and Nx); at the root, every project.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { WorldError, didYouMean, globMatcher, isValidName, isWorldPath } from '@world/core';
import type { TargetSelection } from '@world/executor';
import type { ProjectGraph } from '@world/graph';

/** `pay`, `pay:build`, `//areas/pay:test` → a selection. */
export const parseSelector = (graph: ProjectGraph, s: string): TargetSelection => {
  const colon = s.lastIndexOf(':');
  const target = colon > (isWorldPath(s) ? 1 : -1) ? s.slice(colon + 1) : undefined;
  const project = target === undefined ? s : s.slice(0, colon);
  if (target !== undefined && !isValidName(target)) {
    throw new WorldError('USAGE', `${JSON.stringify(s)}: ${JSON.stringify(target)} is not a target name`, { hint: 'write PROJECT or PROJECT:TARGET, e.g. payments-api:test' });
  }
  return { project: graph.resolve(project, 'argument').name, ...(target !== undefined ? { target } : {}) };
};

const GLOB = /[*?[{]/;

/** The repository directory a filesystem path names, or undefined when it is outside the world. */
const repoDir = (root: string, cwd: string, path: string): string | undefined => {
  const rel = relative(root, resolve(cwd, path)).split('\\').join('/');
  return rel.startsWith('..') || isAbsolute(rel) ? undefined : rel;
};

/** The project a repository directory is in: itself, or the deepest project above it. */
const projectAt = (graph: ProjectGraph, dir: string): string | undefined => graph.owner(dir === '' ? '.world-probe' : `${dir}/.world-probe`)?.name;

const closure = (graph: ProjectGraph, start: string, direction: 'dependents' | 'dependencies'): string[] => {
  if (direction === 'dependencies') return [...graph.dependencyClosure([start])];
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) for (const d of graph.dependents(queue.shift()!)) if (!seen.has(d)) queue.push(d), seen.add(d);
  return [...seen];
};

/** The projects one argument names (before its `:target`). */
const projectsOf = (graph: ProjectGraph, root: string, cwd: string, arg: string, ref: string): string[] => {
  if (isWorldPath(ref)) return [graph.resolve(ref, 'argument').name];
  if (GLOB.test(ref)) {
    const matches = globMatcher(ref);
    const found = [...graph.projects.values()].filter((p) => matches(p.name) || matches(p.dir)).map((p) => p.name);
    if (found.length === 0) {
      throw new WorldError('UNKNOWN_PROJECT', `argument ${JSON.stringify(arg)} matches no project name or directory`, { hint: '`world projects` lists the projects' });
    }
    return found;
  }
  if (graph.projects.has(ref)) return [ref];
  if (ref === '.' || ref === '..' || ref.includes('/') || ref.startsWith('.')) {
    const dir = repoDir(root, cwd, ref);
    const project = dir === undefined ? undefined : projectAt(graph, dir);
    if (project === undefined) {
      throw new WorldError('UNKNOWN_PROJECT', `argument ${JSON.stringify(arg)}: ${dir === undefined ? 'that directory is outside the world' : dir === '' ? 'the world\'s root is in no project' : `${dir} is in no project`}`, {
        hint: 'name a project, or a directory inside one (`world projects` lists them)',
      });
    }
    return [project];
  }
  return [graph.resolve(ref, 'argument').name];
};

export interface SelectionRequest {
  args: readonly string[];
  /** Where world runs: relative paths and the default project are read from here. */
  cwd: string;
  /** Keep only the projects with every one of these tags. */
  tags: readonly string[];
}

export interface Selection {
  selection: TargetSelection[];
  /** The project of the current directory, when that is what no argument selected. */
  defaultedTo?: string;
}

export const resolveSelection = (graph: ProjectGraph, root: string, req: SelectionRequest): Selection => {
  const out = new Map<string, TargetSelection>();
  const add = (s: TargetSelection) => out.set(`${s.project}\u0000${s.target ?? ''}`, s);
  let defaultedTo: string | undefined;
  if (req.args.length === 0) {
    const here = repoDir(root, req.cwd, '.');
    defaultedTo = here !== undefined && here !== '' && req.tags.length === 0 ? projectAt(graph, here) : undefined;
    for (const project of defaultedTo ? [defaultedTo] : graph.projects.keys()) add({ project });
  }
  for (const arg of req.args) {
    const dependents = arg.endsWith('...');
    const dependencies = arg.startsWith('...');
    const body = arg.slice(dependencies ? 3 : 0, dependents ? -3 : undefined);
    const colon = body.lastIndexOf(':');
    const target = colon > (isWorldPath(body) ? 1 : -1) ? body.slice(colon + 1) : undefined;
    const ref = target === undefined ? body : body.slice(0, colon);
    if (ref === '' || (target !== undefined && !isValidName(target))) {
      throw new WorldError('USAGE', `${JSON.stringify(arg)} is not a selector`, { hint: 'write PROJECT, PROJECT:TARGET, a directory, a glob, NAME... (with its dependents) or ...NAME (with its dependencies)' });
    }
    for (const p of projectsOf(graph, root, req.cwd, arg, ref)) {
      const projects = new Set([p]);
      if (dependents) for (const q of closure(graph, p, 'dependents')) projects.add(q);
      if (dependencies) for (const q of closure(graph, p, 'dependencies')) projects.add(q);
      for (const q of projects) add(target !== undefined && q === p ? { project: q, target } : { project: q });
    }
  }
  const tagged = (name: string) => req.tags.every((t) => graph.get(name)!.config.tags.includes(t));
  const selection = [...out.values()].filter((s) => tagged(s.project));
  if (req.tags.length > 0 && selection.length === 0) {
    const known = [...new Set([...graph.projects.values()].flatMap((p) => p.config.tags))];
    throw new WorldError('UNKNOWN_PROJECT', `no selected project has the tag${req.tags.length === 1 ? '' : 's'} ${req.tags.join(', ')}${didYouMean(req.tags[0]!, known)}`, {
      hint: known.length > 0 ? `tags in this world: ${known.sort().join(', ')}` : 'no project of this world has tags',
    });
  }
  return { selection, ...(defaultedTo ? { defaultedTo } : {}) };
};
