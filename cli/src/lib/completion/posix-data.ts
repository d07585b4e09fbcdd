/**
 * The lookup functions the bash and zsh scripts share (their `case` syntax is the same):
 * the words after a command prefix, a command's flags, what a flag's value is, and what a
 * command's arguments are. `describe` adds each word's summary (`word:summary`, for zsh).
 */
import type { FlagInfo } from '../command-specs.js';
import { shQuote, spellings, type CompletionModel, type Word } from './model.js';

const caseFunction = (name: string, what: string, arms: [string, string][], subject = '$1'): string =>
  [`# ${what}`, `_world_${name}() {`, `  case ${subject} in`, ...arms.map(([key, body]) => `    (${shQuote(key)}) ${body} ;;`), '  esac', '}'].join('\n');

const lines = (items: string[]): string => `printf '%s\\n' ${items.map(shQuote).join(' ')}`;

/** `kind [choice...]` for a flag that takes a value. */
const valueOf = (f: FlagInfo): string => [f.value ?? 'text', ...(f.options ?? [])].join(' ');

export const posixData = (m: CompletionModel, describe: boolean): string => {
  const allFlags: [string, FlagInfo[]][] = [['', m.leading], ...m.flags];
  const item = (w: Word): string => (describe ? `${w.word}:${w.summary}` : w.word);
  return [
    caseFunction(
      'next',
      'the commands and topics that may follow the command words $1',
      [...m.next].map(([prefix, words]) => [prefix, lines(words.map(item))]),
    ),
    caseFunction(
      'flags',
      'the flags of command $1',
      allFlags.map(([id, flags]) => [id, lines(flags.flatMap(spellings).map(item))]),
    ),
    caseFunction(
      'value',
      'what the value of flag $2 of command $1 is: choice (and the choices), ref, project, dir, file or text; nothing for a switch',
      allFlags.flatMap(([id, flags]) =>
        flags.filter((f) => f.takesValue).flatMap((f) => spellings(f).map((s): [string, string] => [`${id} ${s.word}`, `echo ${shQuote(valueOf(f))}`])),
      ),
      '"$1 $2"',
    ),
    caseFunction('arg', "what command $1's arguments are", [...m.args].map(([id, kind]) => [id, `echo ${kind}`])),
  ].join('\n\n');
};
