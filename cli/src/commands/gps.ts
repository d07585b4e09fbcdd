import action from '../actions/gps.js';
import { WorldCommand } from '../lib/base-command.js';
import type { FlagValues } from '../lib/flag-spec.js';
import { toOclifArgs, toOclifFlags } from '../lib/oclif-flags.js';

export default class Gps extends WorldCommand<typeof Gps> {
  static override summary = 'Where am I: world root, project, and path inside the project.';
  static override description = 'Meant for shell prompts and editor integrations; use --json.';
  static override examples = ['<%= config.bin %> gps', '<%= config.bin %> gps --json'];
  static override flags = toOclifFlags(action.flags);
  static override args = toOclifArgs(action.args);

  async run() {
    return action.run(this.context, this.flags as FlagValues, this.args as Record<string, string | undefined>);
  }
}
