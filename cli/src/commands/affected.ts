import action from '../actions/affected.js';
import { actionCommand } from '../lib/action-command.js';

export default actionCommand(action, {
  summary: 'List the projects a change affects.',
  description: 'Compares the head (default: the working tree, uncommitted and untracked files included) with its merge-base with the base (default: the default branch), maps every changed file to its project, module or global input, and closes the result over reverse dependencies.',
  examples: [
    '<%= config.bin %> affected',
    '<%= config.bin %> affected --base origin/main --head HEAD --json',
    '<%= config.bin %> affected --no-uncommitted --reasons',
    '<%= config.bin %> affected --precise --reasons',
  ],
});
