import action from '../actions/graph.js';
import { actionCommand } from '../lib/action-command.js';

export default actionCommand(action, {
  summary: 'Draw the project graph: JSON, Graphviz dot, Mermaid, or an interactive HTML page.',
  description: [
    'An edge a → b means project a depends on project b. Drawings (dot, mermaid, html) show the transitive',
    'reduction: an edge implied by a longer path is left out (--all-edges draws it); edges inside a',
    'dependency cycle are always drawn. JSON lists every dependency.',
    '',
    'html writes one self-contained page (no network needed) with the project graph and the task graph,',
    'search, and a panel per project (path, owners, targets, why it is affected). Targets are shown as the',
    'cache index knows them for the current sources; a project not evaluated yet says so. With --base,',
    '--head or --affected the affected projects are highlighted within the whole graph.',
  ].join('\n'),
  examples: [
    '<%= config.bin %> graph --format dot | dot -Tsvg > world.svg',
    '<%= config.bin %> graph --format mermaid --affected --base origin/main',
    '<%= config.bin %> graph --format dot --affected-highlight --base origin/main',
    '<%= config.bin %> graph --format html --base origin/main --open',
    '<%= config.bin %> graph --format html -o graph.html',
  ],
});
