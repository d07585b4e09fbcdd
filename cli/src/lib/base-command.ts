/**
 * What every world command shares: the global flags (`-C`, `--json`, `--color`, which the
 * launcher has applied already), and errors left to the launcher (fast.ts), which reports
 * every failure the one way (report-error.ts).
 */
import { Command, Flags, type Interfaces } from '@oclif/core';
import { GLOBAL_FLAGS, type ActionContext } from './flag-spec.js';

export type WorldFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof WorldCommand)['baseFlags'] & T['flags']>;
export type WorldArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

const { dir, json, color } = GLOBAL_FLAGS;

/** GLOBAL_FLAGS as oclif flags, listed under GLOBAL FLAGS in every command's help. */
export const globalFlags = {
  dir: Flags.string({ char: dir.char as 'C', summary: dir.summary, helpValue: dir.helpValue, helpGroup: 'GLOBAL' }),
  json: Flags.boolean({ summary: json.summary, helpGroup: 'GLOBAL' }),
  color: Flags.string({ summary: color.summary, options: [...color.options], helpValue: color.helpValue, helpGroup: 'GLOBAL' }),
};

export abstract class WorldCommand<T extends typeof Command = typeof Command> extends Command {
  static override baseFlags = globalFlags;

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

  // The launcher reports every failure (fast.ts → report-error.ts); oclif's own report would be a second one.
  protected override async catch(err: Error): Promise<unknown> {
    throw err;
  }
}
