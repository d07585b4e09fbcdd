import action from '../actions/build.js';
import { actionCommand } from '../lib/action-command.js';

export default actionCommand(action, {
  summary: 'Build targets with Nix; whatever is unchanged comes from the cache.',
  description:
    'Builds every non-test target (build, lint, …) of the named projects, of the affected ones with --affected, or of every project. ' +
    'A target whose fingerprint is cached and whose output is in the Nix store is not even evaluated. Exit 1 when a target fails.',
  examples: [
    '<%= config.bin %> build',
    '<%= config.bin %> build --affected --base origin/main',
    '<%= config.bin %> build payments-api money:build -j 4 --keep-going',
    '<%= config.bin %> build --dry-run --json',
    '<%= config.bin %> build libs/money...    # money and every project that depends on it',
    '<%= config.bin %> build ...apps/web      # web and everything it depends on',
    '<%= config.bin %> build --tag service "pay*"',
  ],
});
