import action from '../actions/resolve.js';
import { WorldCommand } from '../lib/base-command.js';
import type { FlagValues } from '../lib/flag-spec.js';
import { toOclifArgs, toOclifFlags } from '../lib/oclif-flags.js';

export default class Resolve extends WorldCommand<typeof Resolve> {
  static override summary = 'Print the project that owns a path.';
  static override examples = ['<%= config.bin %> resolve areas/payments/api/src/index.js', '<%= config.bin %> resolve . --json'];
  static override flags = toOclifFlags(action.flags);
  static override args = toOclifArgs(action.args);

  async run() {
    return action.run(this.context, this.flags as FlagValues, this.args as Record<string, string | undefined>);
  }
}
