import action from '../actions/resolve.js';
import { actionCommand } from '../lib/action-command.js';

export default actionCommand(action, {
  summary: 'Print the project that owns a path.',
  examples: ['<%= config.bin %> resolve areas/payments/api/src/index.js', '<%= config.bin %> resolve . --json'],
});
