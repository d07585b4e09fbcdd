import { Args, loadHelpClass } from '@oclif/core';
import { WorldCommand } from '../lib/base-command.js';
import { commandInfos, topicInfos } from '../lib/command-specs.js';
import { findCommand, unknownCommand } from '../lib/command-lookup.js';

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
      const help = new (await loadHelpClass(this.config))(this.config, this.config.pjson.oclif.helpOptions);
      const command = found?.kind === 'command' ? this.config.findCommand(found.id) : undefined;
      // showHelp reads the word "help" as a request for help, so `world help help` would show the root.
      await (command ? help.showCommandHelp(command, this.config.topics) : help.showHelp(found ? found.id.split(':') : []));
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
