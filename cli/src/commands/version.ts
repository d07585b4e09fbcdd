import action from '../actions/version.js';
import { actionCommand } from '../lib/action-command.js';

export default actionCommand(action, {
  summary: 'Print the version of world (also `world -v`, `world --version`).',
  examples: ['<%= config.bin %> version', '<%= config.bin %> --version', '<%= config.bin %> version --json'],
});
