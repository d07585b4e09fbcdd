import { TargetsCommand } from '../lib/build-run.js';

export default class Build extends TargetsCommand {
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
  protected readonly kinds = ['build', 'lint', 'other'] as const;
}
