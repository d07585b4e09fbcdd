/**
 * oclif's parse errors (an unknown flag, a bad value, a missing or extra argument) as USAGE
 * errors in world's format: the flag or argument at fault, a did-you-mean where a name was
 * mistyped, and an example of the command as the hint. They are recognised by their shape,
 * so reporting one never needs oclif loaded.
 */
import { WorldError, closest } from '@world/core';

interface FlagDefinition {
  allowNo?: boolean;
}

interface ArgDefinition {
  name?: string;
  description?: string;
}

/** The parts of oclif's CLIError and parser errors that say what went wrong. */
interface OclifError extends Error {
  oclif?: { exit?: number };
  code?: string;
  /** NonExistentFlagsError: the flags as typed. */
  flags?: string[];
  /** RequiredArgsError: the missing arguments' definitions; UnexpectedArgsError: the extra words. */
  args?: unknown;
  parse?: { input?: { flags?: Record<string, FlagDefinition>; context?: { id?: string; ctor?: { examples?: unknown } } } };
}

export const isOclifError = (e: unknown): e is OclifError =>
  e instanceof Error && (('oclif' in e && typeof e.oclif === 'object') || e.message.startsWith('Parsing --'));

/** The code of oclif's ExitError (`this.exit(n)`), which carries no message to show. */
export const oclifExitCode = (e: unknown): number | undefined =>
  isOclifError(e) && e.code === 'EEXIT' && typeof e.oclif?.exit === 'number' ? e.oclif.exit : undefined;

// oclif dims parts of some messages and tells the user to look at --help; the hint says that.
const plain = (message: string): string =>
  message
    .replace(/\x1b\[[0-9;]*m/g, '')
    .replace(/\s*See more help with --help\s*$/, '')
    .trim();

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

const firstExample = (examples: unknown): string | undefined => {
  const first: unknown = Array.isArray(examples) ? examples[0] : undefined;
  const text = typeof first === 'string' ? first : typeof first === 'object' && first !== null && 'command' in first ? String(first.command) : undefined;
  return text?.replace(/<%=\s*config\.bin\s*%>/g, 'world');
};

const suggestFlag = (typed: string, flags: Record<string, FlagDefinition>): string | undefined => {
  if (!typed.startsWith('--')) return undefined;
  const names = Object.entries(flags).flatMap(([name, f]) => (f.allowNo ? [name, `no-${name}`] : [name]));
  const near = closest(typed.slice(2).replace(/=.*$/, ''), names);
  return near === undefined ? undefined : `--${near}`;
};

export const fromOclifError = (e: OclifError, command: string | undefined): WorldError => {
  const context = e.parse?.input?.context;
  const id = context?.id?.replaceAll(':', ' ') ?? command;
  const who = id ? `world ${id}` : 'world';
  const help = `see \`${who} --help\``;
  const example = firstExample(context?.ctor?.examples);
  const message = plain(e.message);

  if (Array.isArray(e.flags)) {
    const flags = e.flags;
    const suggestions = flags.map((f) => suggestFlag(f, e.parse?.input?.flags ?? {}));
    const named = flags.map((f, i) => (suggestions[i] ? `${f} (did you mean ${suggestions[i]}?)` : f)).join(', ');
    return new WorldError('USAGE', `${who} has no flag${flags.length === 1 ? '' : 's'} ${named}`, {
      hint: `\`${who} --help\` lists its flags`,
      details: { flags, suggestions: suggestions.map((s) => s ?? null) },
    });
  }
  if (Array.isArray(e.args) && e.args.every((a): a is ArgDefinition => typeof a === 'object' && a !== null)) {
    const missing = e.args.map((a) => `${(a.name ?? 'argument').toUpperCase()}${a.description ? ` (${a.description})` : ''}`);
    return new WorldError('USAGE', `${who} needs ${missing.join(' and ')}`, {
      hint: example ? `e.g. \`${example}\`; ${help}` : help,
      details: { missing: e.args.map((a) => a.name ?? null) },
    });
  }
  if (Array.isArray(e.args) && e.args.every((a): a is string => typeof a === 'string')) {
    return new WorldError('USAGE', `${who} takes no argument${e.args.length === 1 ? '' : 's'} ${e.args.map((a) => JSON.stringify(a)).join(', ')} here`, {
      hint: example ? `e.g. \`${example}\`; ${help}` : help,
      details: { unexpected: e.args },
    });
  }
  // A flag's value did not parse: "Parsing --jobs \n\tExpected an integer but received: abc".
  const parsing = /^Parsing (--[\w-]+)\s*\n\t([\s\S]*)$/.exec(message);
  if (parsing) {
    return new WorldError('USAGE', `${parsing[1]}: ${lowerFirst(parsing[2]!.trim())}`, { hint: help, details: { flag: parsing[1] } });
  }
  // A value outside a flag's or an argument's choices: "Expected --format=dto to be one of: json, dot, mermaid".
  const choice = /^Expected (?:(--[\w-]+)=)?([\s\S]*) to be one of: (.*)$/.exec(message);
  if (choice) {
    const [, flag, value = '', list = ''] = choice;
    const options = list.split(', ');
    const near = closest(value, options);
    return new WorldError('USAGE', `${flag ?? `${who} takes`} ${flag ? 'must be ' : ''}one of ${options.join(', ')}, not ${JSON.stringify(value)}${near ? ` (did you mean ${near}?)` : ''}`, {
      hint: example ? `e.g. \`${example}\`; ${help}` : help,
      details: { ...(flag ? { flag } : {}), value, options },
    });
  }
  return new WorldError('USAGE', lowerFirst(message), { hint: help });
};
