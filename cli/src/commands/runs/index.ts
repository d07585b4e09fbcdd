import { Flags } from '@oclif/core';
import { findWorldRoot } from '@world/discovery';
import { listRuns } from '@world/engine';
import { WorldCommand } from '../../lib/base-command.js';
import { runLine } from '../../lib/runs-output.js';

export default class Runs extends WorldCommand<typeof Runs> {
  static override summary = 'List the recent build, test and ci runs of this repository, newest first.';
  static override description = 'Every run leaves a summary (targets, statuses, causes, rebuild reasons, durations, base/head); `world runs show` prints one, `world runs diff` compares two. The newest 200 are kept; `world cache gc` drops older ones.';
  static override examples = ['<%= config.bin %> runs', '<%= config.bin %> runs --limit 5 --json'];
  static override flags = {
    limit: Flags.integer({ summary: 'How many runs to list.', default: 20, min: 1 }),
  };

  async run() {
    const runs = listRuns(findWorldRoot(this.cwd), this.flags.limit);
    this.print(runs.length === 0 ? 'no runs recorded yet: world build, test and ci record theirs' : runs.map(runLine).join('\n'));
    return { runs: runs.map((r) => ({ id: r.id, command: r.command, startedAt: r.startedAt, base: r.base, head: r.head, summary: r.summary })) };
  }
}
