/**
 * oclif's help, with what `world --help` and `world help` should also show: the global flags
 * (taken before or after any command) and examples of the everyday commands.
 */
import { Help } from '@oclif/core';
import { GLOBAL_FLAGS } from './flag-spec.js';

const EXAMPLES: [string, string][] = [
  ['world init', 'make an npm, yarn or pnpm monorepo a world'],
  ['world affected', 'the projects your change affects'],
  ['world build --affected', 'build those; the rest is cached'],
  ['world test payments-api money:test', "a project's tests, a single target"],
  ['world ci --base origin/main --head HEAD', "a merge queue's run"],
  ['world -C ../other projects --json', 'another world, as JSON'],
  ['world help build', "a command's flags and examples"],
  ['source <(world completion bash)', 'tab completion (bash, zsh, fish)'],
];

export default class WorldHelp extends Help {
  protected override async showRootHelp(): Promise<void> {
    await super.showRootHelp();
    const flags = Object.entries(GLOBAL_FLAGS).map(([name, f]): [string, string] => [
      `${'char' in f ? `-${f.char}, ` : '    '}--${name}${f.type === 'boolean' ? '' : `=${f.helpValue}`}`,
      f.summary,
    ]);
    flags.push(['-h, --help', 'Show help; `world help <command>` for a command.'], ['-v, --version', 'Print the version.']);
    this.log(this.section('GLOBAL FLAGS (before or after the command)', this.renderList(flags, { indentation: 2, stripAnsi: this.opts.stripAnsi })));
    this.log('');
    const width = Math.max(...EXAMPLES.map(([c]) => c.length));
    this.log(this.section('EXAMPLES', EXAMPLES.map(([command, what]) => `$ ${command.padEnd(width)}  # ${what}`).join('\n')));
    this.log('');
  }
}
