/**
 * Every command as plain data — its words, summary, arguments, flags and examples — read from
 * oclif's manifest: what `world help --json` prints and what shell completion is generated from.
 * Each flag and argument says what kind of value it takes, so completion can offer branches,
 * projects or directories.
 */
import type { Command, Config } from '@oclif/core';

/** What a value is, for completion: one of fixed choices, a git ref, a project, a path, or free text. */
export type ValueKind = 'choice' | 'ref' | 'project' | 'dir' | 'file' | 'text';

export interface FlagInfo {
  name: string;
  char?: string;
  summary: string;
  /** False for a switch (`--json`); true when the next word is its value. */
  takesValue: boolean;
  value?: ValueKind;
  options?: string[];
  /** `--no-<name>` turns it off. */
  allowNo: boolean;
  multiple: boolean;
}

export interface ArgInfo {
  name: string;
  description: string;
  required: boolean;
  value: ValueKind;
}

export interface CommandInfo {
  /** The words that run it: "build", "checkout add". */
  id: string;
  summary: string;
  description?: string;
  args: ArgInfo[];
  /** Whether the last argument takes every remaining word. */
  variadic: boolean;
  flags: FlagInfo[];
  examples: string[];
}

export interface TopicInfo {
  id: string;
  summary: string;
}

const PROJECT_ARGS = new Set(['project', 'projects', 'target', 'targets']);

const flagValue = (name: string, f: Command.Flag.Cached & { type: 'option' }): ValueKind => {
  if (f.options?.length) return 'choice';
  if (f.helpValue === '<ref>' || name === 'branch' || name === 'from') return 'ref';
  if (f.helpValue === '<dir>' || name === 'path') return 'dir';
  if (f.helpValue === '<file>') return 'file';
  return name === 'project' ? 'project' : 'text';
};

const argValue = (name: string): ValueKind =>
  PROJECT_ARGS.has(name) ? 'project' : name === 'refs' ? 'ref' : name === 'path' ? 'file' : name === 'dir' ? 'dir' : 'text';

const render = (text: string, bin: string): string => text.replace(/<%=\s*config\.bin\s*%>/g, bin);

const exampleText = (e: Command.Example): string => (typeof e === 'string' ? e : e.command);

export const commandInfo = (c: Command.Loadable, bin: string): CommandInfo => ({
  id: c.id.replaceAll(':', ' '),
  summary: c.summary ?? c.description?.split('\n')[0] ?? '',
  ...(c.description ? { description: c.description } : {}),
  args: Object.values(c.args).map((a) => ({ name: a.name, description: a.description ?? '', required: a.required === true, value: argValue(a.name) })),
  variadic: c.strict === false,
  flags: Object.entries(c.flags)
    .filter(([, f]) => !f.hidden)
    .map(([name, f]) => ({
      name,
      ...(f.char ? { char: f.char } : {}),
      summary: f.summary ?? f.description ?? '',
      takesValue: f.type === 'option',
      ...(f.type === 'option' ? { value: flagValue(name, f) } : {}),
      ...(f.type === 'option' && f.options?.length ? { options: [...f.options] } : {}),
      allowNo: f.type === 'boolean' && f.allowNo === true,
      multiple: f.type === 'option' && f.multiple === true,
    })),
  examples: (c.examples ?? []).map((e) => render(exampleText(e), bin)),
});

export const commandInfos = (config: Config): CommandInfo[] =>
  config.commands
    .filter((c) => !c.hidden)
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((c) => commandInfo(c, config.bin));

export const topicInfos = (config: Config): TopicInfo[] =>
  config.topics
    .filter((t) => !t.hidden && config.commandIDs.some((id) => id.startsWith(`${t.name}:`)))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((t) => ({ id: t.name.replaceAll(':', ' '), summary: t.description?.split('\n')[0] ?? '' }));
