/**
 * What each changed path means: a project's input, a shared module, a global input, or
 * nothing world builds from.
 */
import { globMatcher, matcherOf, isWithin } from '@world/core';
import { ANY_MODULE, moduleNameOf } from '@world/discovery';
import type { ProjectGraph } from '@world/graph';

export type PathMeaning =
  | { kind: 'global'; path: string; pattern: string }
  | { kind: 'module'; path: string; module: string }
  | { kind: 'project'; path: string; project: string }
  /** Inside a project, but its `inputs` leave the file out. */
  | { kind: 'excluded'; path: string; project: string }
  | { kind: 'none'; path: string };

export type PathClassifier = (path: string) => PathMeaning;

export const classifier = (graph: ProjectGraph): PathClassifier => {
  const { config } = graph.world;
  // world.yaml shapes every project (module dir, lib, PATH), so it is always a global input.
  const globals = ['world.yaml', ...config.global].map((pattern) => ({ pattern, matches: globMatcher(pattern) }));
  const inputMatchers = new Map<string, (rel: string) => boolean>();
  const inputsOf = (name: string, globs: string[]) => {
    let m = inputMatchers.get(name);
    if (!m) inputMatchers.set(name, (m = matcherOf(globs)));
    return m;
  };
  return (path) => {
    const global = globals.find((g) => g.matches(path));
    if (global) return { kind: 'global', path, pattern: global.pattern };
    if (isWithin(path, config.modules)) {
      const module = moduleNameOf(path, config.modules);
      if (module !== undefined && graph.world.modules.has(module)) return { kind: 'module', path, module };
      // Another file of the modules directory: what reaches the directory as a whole may read it.
      if (graph.moduleUsers.has(ANY_MODULE)) return { kind: 'module', path, module: ANY_MODULE };
    }
    const owner = graph.owner(path);
    if (!owner) return { kind: 'none', path };
    const { inputs } = owner.config;
    if (inputs !== null) {
      const rel = owner.dir === '' ? path : path.slice(owner.dir.length + 1);
      if (!graph.isConfigFile(rel) && !inputsOf(owner.name, inputs)(rel)) return { kind: 'excluded', path, project: owner.name };
    }
    return { kind: 'project', path, project: owner.name };
  };
};
