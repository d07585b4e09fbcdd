import { WorldCommand } from '../lib/base-command.js';
import { buildArgs, buildFlags, runBuildCommand, runResultJson, type BuildFlagValues } from '../lib/build-run.js';

export default class Build extends WorldCommand<typeof Build> {
  static override summary = 'Build targets with Nix; whatever is unchanged comes from the cache.';
  static override description =
    'Builds every non-test target (build, lint, …) of the named projects, of the affected ones with --affected, or of every project. ' +
    'A target whose fingerprint is cached and whose output is in the Nix store is not even evaluated. Exit 1 when a target fails.';
  static override strict = false;
  static override args = buildArgs;
  static override flags = buildFlags;
  static override examples = [
    '<%= config.bin %> build',
    '<%= config.bin %> build --affected --base origin/main',
    '<%= config.bin %> build payments-api money:build -j 4 --keep-going',
    '<%= config.bin %> build --dry-run --json',
  ];

  async run() {
    const { result } = await runBuildCommand({ cwd: this.cwd, argv: this.positional, flags: this.flags as unknown as BuildFlagValues, json: this.jsonEnabled(), kinds: ['build', 'lint', 'other'] });
    // A target skipped because a dependency failed was not built either.
    if (result.summary.failed > 0 || result.summary.skipped > 0) process.exitCode = 1;
    return runResultJson(result);
  }
}
