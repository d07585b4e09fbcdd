import action from '../actions/graph.js';
import { actionCommand } from '../lib/action-command.js';

export default actionCommand(action, {
  summary: 'Print the project graph as JSON, Graphviz dot or Mermaid.',
  description: 'An edge a → b means project a depends on project b.',
  examples: [
    '<%= config.bin %> graph --format dot | dot -Tsvg > world.svg',
    '<%= config.bin %> graph --format mermaid --affected --base origin/main',
  ],
});
