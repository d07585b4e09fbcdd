/**
 * The one cycle world cannot build: targets that need each other's outputs. Every target of a
 * project links its runtime dependencies' `build` outputs, so a cycle of runtime edges between
 * projects that have `build` targets has no order to build in (Nix would only say "infinite
 * recursion"). Test-only edges feed test and lint targets, which nothing links: a cycle through
 * one of them is harmless.
 *
 * Which targets a project has is known only once Nix evaluated its modules; this check runs
 * before, so it counts a project as having a `build` target unless it composes no module and
 * has no project.nix, or its only module is the built-in `command` without `command.build`.
 */
import { WorldError } from '@world/core';
import { cyclicComponents, shortestCycle } from './components.js';
import { describeOrigin } from './dependency-edges.js';
import type { Project, ProjectGraph } from './project-graph.js';

const setsCommandBuild = (config: Record<string, unknown>): boolean => {
  if ('command.build' in config) return config['command.build'] !== null;
  const command = config.command;
  return typeof command === 'object' && command !== null && 'build' in command && (command as Record<string, unknown>).build !== null;
};

const mayHaveBuild = (graph: ProjectGraph, p: Project): boolean => {
  if (p.hasProjectNix) return true;
  if (p.modules.length === 0) return false;
  const onlyBuiltinCommand = p.modules.length === 1 && p.modules[0] === 'command' && !graph.world.modules.has('command');
  return !onlyBuiltinCommand || setsCommandBuild(p.config.config);
};

/** Throws TARGET_CYCLE for the first runtime cycle among `names` between projects that have build targets. */
export const checkTargetCycles = (graph: ProjectGraph, names: Iterable<string>): void => {
  const builders = new Set([...names].filter((n) => mayHaveBuild(graph, graph.get(n)!)));
  const edgesOf = (n: string) => graph.runtimeDeps(n).filter((d) => builders.has(d));
  const [component] = cyclicComponents([...builders].sort(), edgesOf);
  if (!component) return;
  const path = shortestCycle(component[0]!, new Set(component), edgesOf);
  // The edge that closes the cycle: the last one of the path.
  const from = path[path.length - 2]!;
  const to = path[path.length - 1]!;
  const origins = graph
    .edges(from)
    .find((e) => e.to === to)!
    .origins.filter((o) => o.source !== 'devDeps' && o.source !== 'devDependencies');
  const first = origins[0]!;
  throw new WorldError('TARGET_CYCLE', `targets need each other's outputs: ${path.map((n) => `${n}:build`).join(' → ')}`, {
    location: { file: first.file, line: first.line, col: first.col },
    hint:
      `cut the edge ${from} → ${to}, written at ${origins.map(describeOrigin).join(' and ')}: ` +
      `if only ${from}'s tests need ${to}, make it test-only (devDependencies in package.json, devDeps in project.yaml)` +
      (component.length > path.length - 1 ? `; ${component.length} projects depend on each other at runtime: ${component.join(', ')}` : ''),
    details: { cycle: path, members: component, edge: { from, to, origins } },
  });
};
