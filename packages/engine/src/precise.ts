/**
 * `--precise` for the commands that compare revisions: the file-based affected set narrowed
 * to the targets whose derivations differ between the merge-base and the head. Loaded only
 * when asked for: it needs Nix, which the file-based commands never touch.
 */
import type { PreciseAffected } from '@world/precise';
import { notifier, type EngineHooks } from './hooks.js';
import type { AffectedResult } from './workspace.js';

/** undefined when there is no base to compare with (--all-if-base-missing and no base). */
export const preciseAffectedFor = async (r: AffectedResult, hooks: EngineHooks = {}): Promise<PreciseAffected | undefined> => {
  if (!r.revisions) return undefined;
  const { preciseAffected } = await import('@world/precise');
  const result = await preciseAffected({
    root: r.root,
    head: { world: r.world, graph: r.graph, source: r.source },
    baseCommit: r.revisions.mergeBase,
    projects: r.affected.projects.map((p) => p.name),
  });
  if (result.fallback) notifier(hooks)({ level: 'warning', message: result.fallback });
  return result;
};
