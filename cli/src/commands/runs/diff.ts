import { Args } from '@oclif/core';
import { findWorldRoot } from '@world/discovery';
import { diffRuns, readRun } from '@world/engine';
import { WorldCommand } from '../../lib/base-command.js';
import { runDiffLines } from '../../lib/runs-output.js';

export default class RunsDiff extends WorldCommand<typeof RunsDiff> {
  static override summary = 'What changed between two recorded runs: targets whose status differs, and the biggest time changes.';
  static override examples = ['<%= config.bin %> runs diff last~1 last', '<%= config.bin %> runs diff 20261201T0930 20261202T1504 --json'];
  static override args = {
    a: Args.string({ description: 'the earlier run', required: true }),
    b: Args.string({ description: 'the later run', required: true }),
  };

  async run() {
    const root = findWorldRoot(this.cwd);
    const diff = diffRuns(readRun(root, this.args.a), readRun(root, this.args.b));
    this.print(runDiffLines(diff).join('\n'));
    return diff;
  }
}
