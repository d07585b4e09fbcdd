import { Args } from '@oclif/core';
import { WorldCommand } from '../lib/base-command.js';
import { commandInfos, topicInfos } from '../lib/command-specs.js';
import { findCommand, unknownCommand } from '../lib/command-lookup.js';
import { showHelp } from '../lib/show-help.js';

export default class Help extends WorldCommand<typeof Help> {
  static override summary = 'Show help for world, a command or a topic.';
  static override description =
    'The same as `world <command> --help` (or -h). With --json, the command, its arguments, flags and examples as data.';
  static override examples = ['<%= config.bin %> help', '<%= config.bin %> help build', '<%= config.bin %> help checkout add', '<%= config.bin %> help affected --json'];
  static override strict = false;
  static override args = { command: Args.string({ description: 'a command or topic, e.g. build or checkout add', required: false }) };

  async run() {
    const words = this.positional;
    const found = words.length > 0 ? findCommand(this.config, words) : undefined;
    if (words.length > 0 && !found) throw unknownCommand(this.config, words);
    if (!this.jsonEnabled()) {
      await showHelp(this.config, found);
      return undefined;
    }
    const commands = commandInfos(this.config);
    if (found?.kind === 'command') return commands.find((c) => c.id === found.id.replaceAll(':', ' '));
    const prefix = found ? `${found.id.replaceAll(':', ' ')} ` : '';
    return {
      ...(found ? { topic: found.id.replaceAll(':', ' ') } : {}),
      topics: topicInfos(this.config).filter((t) => t.id.startsWith(prefix) && t.id !== prefix.trim()),
      commands: commands.filter((c) => c.id.startsWith(prefix)).map(({ id, summary }) => ({ id, summary })),
    };
  }
}
