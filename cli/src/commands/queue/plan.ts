import { Args, Flags } from '@oclif/core';
import { WorldCommand } from '../../lib/base-command.js';
import { planQueue } from '@world/engine';
import { cliHooks } from '../../lib/notify.js';

export default class QueuePlan extends WorldCommand<typeof QueuePlan> {
  static override summary = 'Group merge candidates into batches that affect disjoint targets.';
  static override description =
    "Computes each candidate's affected projects against --base (every target of an affected project is affected), then deals the candidates " +
    'in the order given into the first batch none of whose members shares an affected target with it. Candidates in one batch are independent and can merge together.';
  static override strict = false;
  static override args = { refs: Args.string({ description: 'candidate branches or commits', required: true }) };
  static override flags = {
    base: Flags.string({ summary: 'What the candidates merge into (default: the default branch).', helpValue: '<ref>' }),
  };
  static override examples = ['<%= config.bin %> queue plan feature-a feature-b feature-c --base main', '<%= config.bin %> queue plan $(git branch --format="%(refname:short)" --list "mq/*") --json'];

  async run() {
    const { candidates, batches } = await planQueue(this.cwd, this.positional, this.flags.base, cliHooks);
    batches.forEach((b, i) => {
      this.print(`batch ${i + 1}: ${b.candidates.map((c) => c.ref).join(', ')}`);
      for (const c of b.candidates) this.print(`  ${c.ref}: ${c.projects.length ? c.projects.join(', ') : '(affects nothing)'}`);
    });
    return { candidates, batches: batches.map((b) => ({ candidates: b.candidates.map((c) => c.ref), projects: b.projects })) };
  }
}
