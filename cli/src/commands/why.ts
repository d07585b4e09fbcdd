import action from '../actions/why.js';
import { actionCommand } from '../lib/action-command.js';

export default actionCommand(action, {
  summary: 'Show the chain from a changed file to a project; with --precise, what differs in a target\'s derivation.',
  examples: [
    '<%= config.bin %> why payments-api',
    '<%= config.bin %> why //areas/payments/api --base origin/main',
    '<%= config.bin %> why --precise payments-api:test --base origin/main',
  ],
});
