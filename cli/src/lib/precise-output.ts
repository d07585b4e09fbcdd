/** How precise mode's results look to a person and in --json. */
import type { AffectedResult } from '@world/engine/workspace';
import type { PreciseAffected } from '@world/precise';

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
