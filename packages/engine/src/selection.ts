/** `PROJECT` / `PROJECT:TARGET` arguments, as users write them, resolved against the graph. */
import { WorldError, isWorldPath, isValidName } from '@world/core';
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
