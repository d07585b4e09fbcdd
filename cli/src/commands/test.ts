import action from '../actions/test.js';
import { actionCommand } from '../lib/action-command.js';

export default actionCommand(action, {
  summary: 'Run test targets with Nix; a passing test is cached, a failing one runs again next time.',
  description:
    'Runs every test target of the named projects, of the affected ones with --affected, or of every project. A target whose fingerprint is ' +
    'cached and whose output is in the Nix store is not even evaluated. Test results (a log, JUnit XML where the tool writes it) are in each output. Exit 1 when a test fails.',
  examples: [
    '<%= config.bin %> test',
    '<%= config.bin %> test --affected --base origin/main',
    '<%= config.bin %> test payments-api money:test -j 4 --keep-going',
    '<%= config.bin %> test --dry-run --json',
    '<%= config.bin %> test money...        # money and every project that depends on it',
  ],
});
