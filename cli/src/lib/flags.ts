/** Flags shared by every command that compares two revisions. */
import type { FlagSpecs, FlagValues } from './flag-spec.js';
import type { ChangeRequest } from '@world/engine/workspace';

export const changeFlags = {
  base: { type: 'string', summary: 'Compare against the merge-base with this ref (default: the default branch).', helpValue: '<ref>' },
  head: { type: 'string', summary: 'The revision to look at (default: the working tree).', helpValue: '<ref>' },
  uncommitted: { type: 'boolean', summary: 'Count uncommitted and untracked changes (when the head is the working tree).', default: true, allowNo: true },
  'all-if-base-missing': { type: 'boolean', summary: 'Treat every project as affected when the base cannot be resolved, instead of failing.', default: false },
} satisfies FlagSpecs;

export const changeRequest = (flags: FlagValues): ChangeRequest => ({
  base: flags.base as string | undefined,
  head: flags.head as string | undefined,
  uncommitted: flags.uncommitted !== false,
  allIfBaseMissing: flags['all-if-base-missing'] === true,
});
