import action from '../actions/projects.js';
import { actionCommand } from '../lib/action-command.js';

export default actionCommand(action, {
  summary: 'List the projects of the world.',
  examples: ['<%= config.bin %> projects', '<%= config.bin %> projects --tag service --owner team-payments --json'],
});
