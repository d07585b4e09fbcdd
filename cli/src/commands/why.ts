import action from '../actions/why.js';
import { WorldCommand } from '../lib/base-command.js';
import type { FlagValues } from '../lib/flag-spec.js';
import { toOclifArgs, toOclifFlags } from '../lib/oclif-flags.js';

export default class Why extends WorldCommand<typeof Why> {
  static override summary = 'Show the chain from a changed file to a project; with --precise, what differs in a target\'s derivation.';
  static override examples = [
    '<%= config.bin %> why payments-api',
    '<%= config.bin %> why //areas/payments/api --base origin/main',
    '<%= config.bin %> why --precise payments-api:test --base origin/main',
  ];
  static override flags = toOclifFlags(action.flags);
  static override args = toOclifArgs(action.args);

  async run() {
    return action.run(this.context, this.flags as FlagValues, this.args as Record<string, string | undefined>);
  }
}
