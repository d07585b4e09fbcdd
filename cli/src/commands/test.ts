import action from '../actions/test.js';
import { WorldCommand } from '../lib/base-command.js';
import type { FlagValues } from '../lib/flag-spec.js';
import { toOclifArgs, toOclifFlags } from '../lib/oclif-flags.js';

export default class Test extends WorldCommand<typeof Test> {
  static override summary = 'Run test targets with Nix; a passing test is cached, a failing one runs again next time.';
  static override description =
    'Runs every test target of the named projects, of the affected ones with --affected, or of every project. A target whose fingerprint is ' +
    'cached and whose output is in the Nix store is not even evaluated. Test results (a log, JUnit XML where the tool writes it) are in each output. Exit 1 when a test fails.';
  static override examples = [
    '<%= config.bin %> test',
    '<%= config.bin %> test --affected --base origin/main',
    '<%= config.bin %> test payments-api money:test -j 4 --keep-going',
    '<%= config.bin %> test --dry-run --json',
  ];
  static override strict = false;
  static override flags = toOclifFlags(action.flags);
  static override args = toOclifArgs(action.args);

  async run() {
    return action.run(this.context, this.flags as FlagValues, this.args as Record<string, string | undefined>);
  }
}
