import { Args, Flags } from '@oclif/core';
import { WorldCommand } from '../../lib/base-command.js';
import { loadAffected } from '../../lib/workspace.js';

interface Candidate {
  ref: string;
  projects: string[];
}

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
    const candidates: Candidate[] = [];
    for (const ref of this.positional) {
      const r = await loadAffected(this.cwd, { base: this.flags.base, head: ref, uncommitted: false, allIfBaseMissing: false });
      candidates.push({ ref, projects: r.affected.projects.map((p) => p.name) });
    }
    const batches: { candidates: Candidate[]; projects: Set<string> }[] = [];
    for (const c of candidates) {
      const batch = batches.find((b) => c.projects.every((p) => !b.projects.has(p)));
      if (batch) {
        batch.candidates.push(c);
        for (const p of c.projects) batch.projects.add(p);
      } else batches.push({ candidates: [c], projects: new Set(c.projects) });
    }
    batches.forEach((b, i) => {
      this.print(`batch ${i + 1}: ${b.candidates.map((c) => c.ref).join(', ')}`);
      for (const c of b.candidates) this.print(`  ${c.ref}: ${c.projects.length ? c.projects.join(', ') : '(affects nothing)'}`);
    });
    return {
      candidates,
      batches: batches.map((b) => ({ candidates: b.candidates.map((c) => c.ref), projects: [...b.projects].sort() })),
    };
  }
}
