/** Flags shared by every command that compares two revisions. */
import { Flags } from '@oclif/core';
import type { ChangeRequest } from './workspace.js';

export const changeFlags = {
  base: Flags.string({
    summary: 'Compare against the merge-base with this ref (default: the default branch).',
    helpValue: '<ref>',
  }),
  head: Flags.string({
    summary: 'The revision to look at (default: the working tree).',
    helpValue: '<ref>',
  }),
  uncommitted: Flags.boolean({
    summary: 'Count uncommitted and untracked changes (when the head is the working tree).',
    default: true,
    allowNo: true,
  }),
  'all-if-base-missing': Flags.boolean({
    summary: 'Treat every project as affected when the base cannot be resolved, instead of failing.',
    default: false,
  }),
};

export const changeRequest = (flags: { base?: string | undefined; head?: string | undefined; uncommitted: boolean; 'all-if-base-missing': boolean }): ChangeRequest => ({
  base: flags.base,
  head: flags.head,
  uncommitted: flags.uncommitted,
  allIfBaseMissing: flags['all-if-base-missing'],
});
