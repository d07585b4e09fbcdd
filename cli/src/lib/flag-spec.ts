/**
 * Flags declared once, without oclif: the oclif commands turn them into oclif flags
 * (lib/oclif-flags.ts), and the lean launcher (fast.ts) parses them with node:util for the
 * commands whose start-up time matters. Keeping this file free of oclif is what
 * lets `world affected` skip oclif's ~150 ms start-up.
 */
export type FlagSpec =
  | { type: 'boolean'; summary: string; default?: boolean; allowNo?: boolean; char?: string }
  | { type: 'string'; summary: string; helpValue?: string; char?: string; options?: readonly string[]; default?: string; multiple?: boolean }
  | { type: 'integer'; summary: string; char?: string; default?: number; min?: number };

export type FlagSpecs = Record<string, FlagSpec>;

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
