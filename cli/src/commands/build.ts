import action from '../actions/build.js';
import { WorldCommand } from '../lib/base-command.js';
import type { FlagValues } from '../lib/flag-spec.js';
import { toOclifArgs, toOclifFlags } from '../lib/oclif-flags.js';

export default class Build extends WorldCommand<typeof Build> {
  static override summary = 'Build targets with Nix; whatever is unchanged comes from the cache.';
  static override description =
    'Builds every non-test target (build, lint, …) of the named projects, of the affected ones with --affected, or of every project. ' +
    'A target whose fingerprint is cached and whose output is in the Nix store is not even evaluated. Exit 1 when a target fails.';
  static override examples = [
    '<%= config.bin %> build',
    '<%= config.bin %> build --affected --base origin/main',
    '<%= config.bin %> build payments-api money:build -j 4 --keep-going',
    '<%= config.bin %> build --dry-run --json',
  ];
  static override strict = false;
  static override flags = toOclifFlags(action.flags);
  static override args = toOclifArgs(action.args);

  async run() {
    return action.run(this.context, this.flags as FlagValues, this.args as Record<string, string | undefined>);
  }
}
