import action from '../actions/graph.js';
import { WorldCommand } from '../lib/base-command.js';
import type { FlagValues } from '../lib/flag-spec.js';
import { toOclifArgs, toOclifFlags } from '../lib/oclif-flags.js';

export default class Graph extends WorldCommand<typeof Graph> {
  static override summary = 'Print the project graph as JSON, Graphviz dot or Mermaid.';
  static override description = 'An edge a → b means project a depends on project b.';
  static override examples = [
    '<%= config.bin %> graph --format dot | dot -Tsvg > world.svg',
    '<%= config.bin %> graph --format mermaid --affected --base origin/main',
  ];
  static override flags = toOclifFlags(action.flags);
  static override args = toOclifArgs(action.args);

  async run() {
    return action.run(this.context, this.flags as FlagValues, this.args as Record<string, string | undefined>);
  }
}
