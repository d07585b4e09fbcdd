import { Args } from '@oclif/core';
import { findWorldRoot } from '@world/discovery';
import { readRun } from '@world/engine';
import { WorldCommand } from '../../lib/base-command.js';
import { runDetails } from '../../lib/runs-output.js';

export default class RunsShow extends WorldCommand<typeof RunsShow> {
  static override summary = 'Print one recorded run: each target with its status, time and why it was rebuilt.';
  static override examples = ['<%= config.bin %> runs show last', '<%= config.bin %> runs show 20261202T150405123Z --json'];
  static override args = { run: Args.string({ description: 'a run id (or a unique prefix), `last`, `last~1`, …', required: true }) };

  async run() {
    const run = readRun(findWorldRoot(this.cwd), this.args.run);
    this.print(runDetails(run));
    return run;
  }
}
