/**
 * Flags declared once, without oclif: the oclif commands turn them into oclif flags
 * (lib/oclif-flags.ts), and the lean launcher (fast.ts) parses them with node:util for the
 * commands whose start-up time matters. Keeping this file free of oclif is what
 * lets `world affected` skip oclif's ~150 ms start-up.
 */
import { COLOR_CHOICES } from './color.js';

export type FlagSpec =
  | { type: 'boolean'; summary: string; default?: boolean; allowNo?: boolean; char?: string }
  | { type: 'string'; summary: string; helpValue?: string; char?: string; options?: readonly string[]; default?: string; multiple?: boolean }
  | { type: 'integer'; summary: string; char?: string; default?: number; min?: number };

export type FlagSpecs = Record<string, FlagSpec>;

/** The flags every command takes, before or after its name (`world -C dir graph`, `world graph -C dir`). */
export const GLOBAL_FLAGS = {
  dir: { type: 'string', char: 'C', summary: 'Run as if world was started in this directory.', helpValue: '<dir>' },
  json: { type: 'boolean', summary: 'Print the result as one JSON object on stdout (errors too); progress stays on stderr.', default: false },
  color: {
    type: 'string',
    summary: 'Colour the output: auto (on a terminal, unless NO_COLOR is set), always or never.',
    options: COLOR_CHOICES,
    helpValue: '<when>',
  },
} satisfies FlagSpecs;

export interface ArgSpec {
  name: string;
  description: string;
  required: boolean;
  /** The last argument only: it takes every remaining positional (see ActionContext.argv). */
  variadic?: boolean;
}

/** What an action prints to and where it runs. */
export interface ActionContext {
  cwd: string;
  json: boolean;
  /** Every positional argument, for a command whose last argument is variadic. */
  argv: string[];
  print(text: string): void;
}

export type FlagValues = Record<string, unknown>;

/** A command's logic, shared by its oclif class and the lean launcher. */
export interface Action {
  flags: FlagSpecs;
  args: readonly ArgSpec[];
  run(ctx: ActionContext, flags: FlagValues, args: Record<string, string | undefined>): Promise<unknown>;
}
