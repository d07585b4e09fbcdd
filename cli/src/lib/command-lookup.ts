/**
 * Which command a command line names: the longest run of its first words that is a command
 * (`checkout add`) or a topic (`checkout`); and, when none is, the error that says which
 * command was probably meant.
 */
import type { Config } from '@oclif/core';
import { WorldError, didYouMean } from '@world/core';

export type Found = { kind: 'command' | 'topic'; id: string; words: number };

const isFlag = (word: string): boolean => word.startsWith('-');

export const findCommand = (config: Config, words: readonly string[]): Found | undefined => {
  let found: Found | undefined;
  for (let n = 1; n <= words.length && !isFlag(words[n - 1]!); n++) {
    const id = words.slice(0, n).join(':');
    if (config.findCommand(id)) found = { kind: 'command', id, words: n };
    else if (config.findTopic(id)) found = { kind: 'topic', id, words: n };
    else break;
  }
  return found;
};

/** The error for words that name no command, with the nearest command (or topic) at that level. */
export const unknownCommand = (config: Config, words: readonly string[]): WorldError => {
  const topic = findCommand(config, words);
  const prefix = topic ? `${topic.id}:` : '';
  const depth = topic ? topic.words + 1 : 1;
  const typed = words.slice(0, depth).join(' ');
  const names = [...config.commandIDs, ...config.topics.map((t) => t.name)]
    .filter((id) => id.startsWith(prefix) && id.split(':').length === depth)
    .map((id) => id.replaceAll(':', ' '));
  return new WorldError('USAGE', `unknown command ${JSON.stringify(typed)}${didYouMean(typed, names)}`, {
    hint: topic ? `\`world help ${topic.id.replaceAll(':', ' ')}\` lists its commands` : '`world help` lists the commands',
    details: { command: typed },
  });
};
