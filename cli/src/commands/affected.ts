import action from '../actions/affected.js';
import { WorldCommand } from '../lib/base-command.js';
import type { FlagValues } from '../lib/flag-spec.js';
import { toOclifArgs, toOclifFlags } from '../lib/oclif-flags.js';

export default class Affected extends WorldCommand<typeof Affected> {
  static override summary = 'List the projects a change affects.';
  static override description =
    'Compares the head (default: the working tree, uncommitted and untracked files included) with its merge-base with the base (default: the default branch), maps every changed file to its project, module or global input, and closes the result over reverse dependencies.';
  static override examples = [
    '<%= config.bin %> affected',
    '<%= config.bin %> affected --base origin/main --head HEAD --json',
    '<%= config.bin %> affected --no-uncommitted --reasons',
    '<%= config.bin %> affected --precise --reasons',
  ];
  static override flags = toOclifFlags(action.flags);
  static override args = toOclifArgs(action.args);

  async run() {
    return action.run(this.context, this.flags as FlagValues, this.args as Record<string, string | undefined>);
  }
}
