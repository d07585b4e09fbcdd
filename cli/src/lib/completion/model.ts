/**
 * What shell completion knows, from the command specs: which words may follow the words typed
 * so far (commands and topics), each command's flags and what their values are, and what its
 * positional arguments are. The bash, zsh and fish scripts are renderings of this one model.
 */
import { readFileSync } from 'node:fs';
import type { ArgInfo, CommandInfo, FlagInfo, TopicInfo, ValueKind } from '../command-specs.js';
import { GLOBAL_FLAGS } from '../flag-spec.js';

export interface Word {
  word: string;
  summary: string;
}

export interface CompletionModel {
  /** Command or topic words so far ('' before any) → the words that may come next. */
  next: Map<string, Word[]>;
  /** Command id ("checkout add") → its flags. */
  flags: Map<string, FlagInfo[]>;
  /** Command id → what its positional arguments are, when completion can offer them. */
  args: Map<string, ValueKind>;
  /** Flags that may come before the command. */
  leading: FlagInfo[];
}

const switchFlag = (name: string, char: string, summary: string): FlagInfo => ({ name, char, summary, takesValue: false, allowNo: false, multiple: false });

/** The global flags (every command has them) as they may come before a command, with -h and -v. */
const leadingFlags = (commands: readonly CommandInfo[]): FlagInfo[] => [
  ...(commands[0]?.flags ?? []).filter((f) => f.name in GLOBAL_FLAGS),
  switchFlag('help', 'h', 'Show help.'),
  switchFlag('version', 'v', 'Print the version.'),
];

/** What completion offers for positional arguments: the kind of the first one it can help with. */
const argKind = (args: readonly ArgInfo[]): ValueKind | undefined => args.map((a) => a.value).find((v) => v !== 'text');

export const completionModel = (commands: readonly CommandInfo[], topics: readonly TopicInfo[]): CompletionModel => {
  const next = new Map<string, Word[]>();
  const add = (id: string, summary: string): void => {
    const words = id.split(' ');
    const prefix = words.slice(0, -1).join(' ');
    const list = next.get(prefix) ?? [];
    if (!list.some((w) => w.word === words.at(-1))) list.push({ word: words.at(-1)!, summary });
    next.set(prefix, list);
  };
  for (const t of topics) add(t.id, t.summary);
  for (const c of commands) add(c.id, c.summary);
  for (const list of next.values()) list.sort((a, b) => a.word.localeCompare(b.word));
  const args = new Map<string, ValueKind>();
  for (const c of commands) {
    const kind = argKind(c.args);
    if (kind) args.set(c.id, kind);
  }
  return { next, flags: new Map(commands.map((c) => [c.id, c.flags])), args, leading: leadingFlags(commands) };
};

/** What `--no-name` does, for the flags that have it. */
export const negationSummary = (f: FlagInfo): string => `The opposite of --${f.name}.`;

/** The spellings of a flag on a command line — `--name`, `-c`, and `--no-name` when it has one — each with what it does. */
export const spellings = (f: FlagInfo): Word[] => [
  { word: `--${f.name}`, summary: f.summary },
  ...(f.char ? [{ word: `-${f.char}`, summary: f.summary }] : []),
  ...(f.allowNo ? [{ word: `--no-${f.name}`, summary: negationSummary(f) }] : []),
];

/** A string as one word for sh, bash and zsh. */
export const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** A hand-written part of a completion script, from cli/completion/ (three levels above dist/lib/completion/). */
export const scriptPart = (name: string): string => readFileSync(new URL(`../../../completion/${name}`, import.meta.url), 'utf8');
