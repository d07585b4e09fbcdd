import { Args } from '@oclif/core';
import { WorldCommand } from '../lib/base-command.js';
import { changeFlags, changeRequest } from '../lib/flags.js';
import { loadAffected } from '../lib/workspace.js';
import { explain } from '@world/affected';
import { describeStep } from '../lib/describe.js';

export default class Why extends WorldCommand<typeof Why> {
  static override summary = 'Show the chain from a changed file to a project.';
  static override examples = ['<%= config.bin %> why payments-api', '<%= config.bin %> why //areas/payments/api --base origin/main'];
  static override args = {
    project: Args.string({ description: 'project name or world path', required: true }),
  };
  static override flags = { ...changeFlags };

  async run() {
    const { args, flags } = this;
    const r = await loadAffected(this.cwd, changeRequest(flags));
    const project = r.graph.resolve(args.project);
    const chain = explain(r.affected, project.name);
    if (!chain) {
      this.print(`${project.name} is not affected`);
      return { project: project.name, affected: false, chain: [] };
    }
    this.print(chain.map(describeStep).map((s, i) => (i === 0 ? s : `${'  '.repeat(i - 1)}└─► ${s}`)).join('\n'));
    return { project: project.name, affected: true, chain };
  }
}
