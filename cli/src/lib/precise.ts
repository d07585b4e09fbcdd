/**
 * `--precise` for the commands that compare revisions: the file-based affected set narrowed
 * to the targets whose derivations differ between the merge-base and the head. Loaded only
 * when asked for: it needs Nix, which the file-based commands never touch.
 */
import type { PreciseAffected } from '@world/precise';
import type { AffectedResult } from './workspace.js';

/** undefined when there is no base to compare with (--all-if-base-missing and no base). */
export const preciseAffectedFor = async (r: AffectedResult): Promise<PreciseAffected | undefined> => {
  if (!r.revisions) return undefined;
  const { preciseAffected } = await import('@world/precise');
  const result = await preciseAffected({
    root: r.root,
    head: { world: r.world, graph: r.graph, source: r.source },
    baseCommit: r.revisions.mergeBase,
    projects: r.affected.projects.map((p) => p.name),
  });
  if (result.fallback) process.stderr.write(`world: warning: ${result.fallback}\n`);
  return result;
};

/** The precise part of a --json result. */
export const preciseJson = (p: PreciseAffected | undefined, fileBased: readonly string[]) =>
  p === undefined
    ? { base: null, targets: [], unchanged: [], fileBased, note: 'no base to compare with: the file-based set stands' }
    : {
        base: p.baseCommit,
        targets: p.targets,
        unchanged: p.unchanged,
        fileBased,
        evaluated: p.evaluated,
        ...(p.fallback ? { fallback: p.fallback } : {}),
      };

/** How the head is named in messages. */
export const headLabel = (r: AffectedResult): string => {
  const h = r.revisions?.head;
  if (!h) return 'the head';
  return h.kind === 'worktree' ? (h.uncommitted ? 'the working tree' : `HEAD (${h.commit.slice(0, 12)})`) : `${h.ref} (${h.commit.slice(0, 12)})`;
};
