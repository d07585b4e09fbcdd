import action from '../actions/projects.js';
import { WorldCommand } from '../lib/base-command.js';
import type { FlagValues } from '../lib/flag-spec.js';
import { toOclifArgs, toOclifFlags } from '../lib/oclif-flags.js';

export default class Projects extends WorldCommand<typeof Projects> {
  static override summary = 'List the projects of the world.';
  static override examples = ['<%= config.bin %> projects', '<%= config.bin %> projects --tag service --owner team-payments --json'];
  static override flags = toOclifFlags(action.flags);
  static override args = toOclifArgs(action.args);

  async run() {
    return action.run(this.context, this.flags as FlagValues, this.args as Record<string, string | undefined>);
  }
}
