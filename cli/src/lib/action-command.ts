/**
 * The oclif command of a shared action (one the lean launcher also runs): its help texts,
 * its flags and arguments turned into oclif's, and a run that hands over to the action.
 * oclif serves what the lean launcher does not: `--help`, and usage errors.
 */
import type { Command } from '@oclif/core';
import { WorldCommand } from './base-command.js';
import type { Action, FlagValues } from './flag-spec.js';
import { toOclifArgs, toOclifFlags } from './oclif-flags.js';

export interface CommandHelp {
  summary: string;
  description?: string;
  examples: string[];
}

export const actionCommand = (action: Action, help: CommandHelp): typeof Command =>
  class extends WorldCommand {
    static override summary = help.summary;
    static override description = help.description;
    static override examples = help.examples;
    // A variadic last argument takes every remaining positional.
    static override strict = action.args.at(-1)?.variadic !== true;
    static override flags = toOclifFlags(action.flags);
    static override args = toOclifArgs(action.args);

    async run() {
      return action.run(this.context, this.flags as FlagValues, this.args as Record<string, string | undefined>);
    }
  };
