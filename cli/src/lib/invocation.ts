/**
 * How a command line divides before any command is loaded: the global flags given before the
 * command (`world -C dir graph`, as with `git -C`), a help or version request, and the
 * command's words with their own flags. Global flags given before the command are handed to
 * it as if they came after its name, so every command parses them the one way it parses
 * its own flags.
 */
import { WorldError, didYouMean } from '@world/core';

export interface Invocation {
  /** Global flags given before the command, as tokens for the command's parser. */
  globals: string[];
  /** The command's name and everything after it. */
  words: string[];
  /** `-h`/`--help` before the command, or anywhere among its flags. */
  help: boolean;
  /** `-v`/`--version` before the command. */
  version: boolean;
}

/** Global flags that take a value, by every spelling that takes it from the next word. */
const VALUED = ['-C', '--dir', '--color'];
const HELP = ['-h', '--help'];
const VERSION = ['-v', '--version'];

/** Tokens before `--`: flags are not looked for after it. */
const beforeDoubleDash = (argv: readonly string[]): readonly string[] => {
  const end = argv.indexOf('--');
  return end === -1 ? argv : argv.slice(0, end);
};

const unknownGlobal = (flag: string): WorldError => {
  const name = flag.replace(/=.*$/, '');
  const known = ['--dir', '--json', '--color', '--help', '--version'];
  return new WorldError('USAGE', `${name} is not a flag world takes before a command${didYouMean(name, known)}`, {
    hint: 'before the command: -C <dir>, --json, --color <auto|always|never>, -h, -v; a command\'s own flags go after its name (`world help <command>` lists them)',
    details: { flag: name },
  });
};

export const parseInvocation = (argv: readonly string[]): Invocation => {
  const globals: string[] = [];
  let help = false;
  let version = false;
  let i = 0;
  for (; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--' || token === '-' || !token.startsWith('-')) break;
    if (HELP.includes(token)) help = true;
    else if (VERSION.includes(token)) version = true;
    else if (token === '--json' || /^(--dir=|--color=|-C.)/s.test(token)) globals.push(token);
    else if (VALUED.includes(token)) {
      const value = argv[i + 1];
      // `world -C --json` forgot the directory; a directory named like a flag is not worth the confusion.
      if (value === undefined || value.startsWith('-')) {
        throw new WorldError('USAGE', `${token} needs a value`, {
          hint: token === '--color' ? 'e.g. `world --color never build`' : 'e.g. `world -C path/to/world affected`',
        });
      }
      globals.push(token, value);
      i++;
    } else throw unknownGlobal(token);
  }
  const words = argv.slice(i);
  return { globals, words, help: help || beforeDoubleDash(words).some((w) => HELP.includes(w)), version };
};

/** Whether the command line asks for JSON: then errors, too, are one JSON object on stdout. */
export const jsonRequested = (argv: readonly string[]): boolean => beforeDoubleDash(argv).includes('--json');

/**
 * The `--color` value anywhere on the command line (before `--`): applied before any command is
 * looked up, so that even an unknown command's error follows it. The command checks the value.
 */
export const colorRequested = (argv: readonly string[]): string | undefined => {
  const flags = beforeDoubleDash(argv);
  let value: string | undefined;
  flags.forEach((token, i) => {
    if (token === '--color') value = flags[i + 1];
    else if (token.startsWith('--color=')) value = token.slice('--color='.length);
  });
  return value;
};
