/**
 * What every world command shares: `-C` to pick the world, `--json`, and one place that
 * turns a WorldError into a message (or a JSON object) and its documented exit code.
 */
import { Command, Flags, type Interfaces } from '@oclif/core';
import { WorldError, ExitCode } from '@world/core';
import type { ActionContext } from './flag-spec.js';
import { reportWorldError } from './report-error.js';

export type WorldFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof WorldCommand)['baseFlags'] & T['flags']>;
export type WorldArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

export abstract class WorldCommand<T extends typeof Command = typeof Command> extends Command {
  static override baseFlags = {
    dir: Flags.string({
      char: 'C',
      summary: 'Run as if world was started in this directory.',
      helpValue: '<dir>',
    }),
  };

  static override enableJsonFlag = true;

  protected flags!: WorldFlags<T>;
  protected args!: WorldArgs<T>;
  /** Every positional argument (for commands that take a variable number). */
  protected positional: string[] = [];

  override async init(): Promise<void> {
    await super.init();
    const ctor = this.ctor as T;
    const { flags, args, argv } = await this.parse({
      flags: ctor.flags,
      baseFlags: (this.ctor as unknown as typeof WorldCommand).baseFlags,
      enableJsonFlag: ctor.enableJsonFlag,
      args: ctor.args,
      strict: ctor.strict,
    });
    this.flags = flags as WorldFlags<T>;
    this.args = args as WorldArgs<T>;
    this.positional = argv as string[];
  }

  protected get cwd(): string {
    return (this.flags?.dir as string | undefined) ?? process.cwd();
  }

  /** What a shared action needs from its command. */
  protected get context(): ActionContext {
    return { cwd: this.cwd, json: this.jsonEnabled(), argv: this.positional, print: (text) => this.print(text) };
  }

  /** Plain text goes to stdout unless --json was asked for. */
  protected print(text: string): void {
    if (!this.jsonEnabled()) process.stdout.write(text.endsWith('\n') || text === '' ? text : text + '\n');
  }

  // oclif colours JSON through a tokenizer (~50 ms for a 1,000-target build); machines want it plain.
  override logJson(json: unknown): void {
    process.stdout.write(JSON.stringify(json, null, 2) + '\n');
  }

  protected override async catch(err: Error & { exitCode?: number }): Promise<unknown> {
    if (err instanceof WorldError) return this.exit(reportWorldError(err, this.jsonEnabled()));
    // oclif's own parse errors (unknown flag, missing argument) are usage errors: exit 2.
    if (err.name === 'CLIError' || /Unexpected argument|Nonexistent flag|Missing required|Expected --/.test(err.message)) {
      if (err.message.includes('EEXIT')) throw err;
      process.stderr.write(`world: error[USAGE]: ${err.message}\n  hint: see \`world ${this.id?.replace(/:/g, ' ') ?? ''} --help\`\n`);
      return this.exit(ExitCode.usage);
    }
    return super.catch(err);
  }
}
