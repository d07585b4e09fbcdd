import { Args } from '@oclif/core';
import { WorldCommand } from '../lib/base-command.js';
import { commandInfos, topicInfos } from '../lib/command-specs.js';
import { bashScript } from '../lib/completion/bash.js';
import { fishScript } from '../lib/completion/fish.js';
import { completionModel } from '../lib/completion/model.js';
import { zshScript } from '../lib/completion/zsh.js';

const SCRIPTS = { bash: bashScript, zsh: zshScript, fish: fishScript };

export default class Completion extends WorldCommand<typeof Completion> {
  static override summary = 'Print a shell completion script: commands, flags, branches and project names complete with Tab.';
  static override description =
    'Generated from the commands themselves, so it always matches this version of world. Project names come from `world projects` ' +
    'and branches from git, on the world the command line is about (-C included).';
  static override examples = [
    'source <(<%= config.bin %> completion bash)',
    '<%= config.bin %> completion bash > ~/.local/share/bash-completion/completions/world',
    '<%= config.bin %> completion zsh > "${fpath[1]}/_world"',
    '<%= config.bin %> completion fish > ~/.config/fish/completions/world.fish',
  ];
  static override args = {
    shell: Args.string({ description: 'the shell to complete in', required: true, options: Object.keys(SCRIPTS) }),
  };

  async run() {
    const shell = this.args.shell as keyof typeof SCRIPTS;
    const script = SCRIPTS[shell](completionModel(commandInfos(this.config), topicInfos(this.config)));
    this.print(script);
    return { shell, script };
  }
}
