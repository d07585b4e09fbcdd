import { WorldCommand } from '../lib/base-command.js';
import { buildArgs, buildFlags, runBuildCommand, runResultJson, type BuildFlagValues } from '../lib/build-run.js';

export default class Test extends WorldCommand<typeof Test> {
  static override summary = 'Run test targets with Nix; a passing test is cached, a failing one runs again next time.';
  static override description =
    'Runs every test target of the named projects, of the affected ones with --affected, or of every project. ' +
    'A target whose fingerprint is cached and whose output is in the Nix store is not even evaluated. Test results (a log, JUnit XML where the tool writes it) are in each output. Exit 1 when a test fails.';
  static override strict = false;
  static override args = buildArgs;
  static override flags = buildFlags;
  static override examples = [
    '<%= config.bin %> test',
    '<%= config.bin %> test --affected --base origin/main',
    '<%= config.bin %> test payments-api money:test -j 4 --keep-going',
    '<%= config.bin %> test --dry-run --json',
  ];

  async run() {
    const { result } = await runBuildCommand({ cwd: this.cwd, argv: this.positional, flags: this.flags as unknown as BuildFlagValues, json: this.jsonEnabled(), kinds: ['test'] });
    // A target skipped because a dependency failed was not built either.
    if (result.summary.failed > 0 || result.summary.skipped > 0) process.exitCode = 1;
    return runResultJson(result);
  }
}
