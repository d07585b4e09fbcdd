import action from '../actions/gps.js';
import { actionCommand } from '../lib/action-command.js';

export default actionCommand(action, {
  summary: 'Where am I: world root, project, and path inside the project.',
  description: 'Meant for shell prompts and editor integrations; use --json.',
  examples: ['<%= config.bin %> gps', '<%= config.bin %> gps --json'],
});
