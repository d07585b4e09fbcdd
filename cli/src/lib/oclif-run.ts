/**
 * The commands the lean launcher leaves to oclif. The command is looked up here, so that a
 * mistyped one gets a did-you-mean and global flags given before it reach it; every help
 * request (`-h`, `--help`, a bare topic, no command at all) shows what `world help` shows.
 */
import { fileURLToPath } from 'node:url';
import { Config } from '@oclif/core';
import { findCommand, unknownCommand } from './command-lookup.js';
import { jsonRequested, type Invocation } from './invocation.js';
import { showHelp } from './show-help.js';

/** Runs the command; `onCommand` learns its name (for the hints of errors that do not carry it). */
export const runOclif = async (invocation: Omit<Invocation, 'version'>, onCommand: (name: string) => void): Promise<void> => {
  const { words, globals } = invocation;
  // oclif finds cli/package.json above this file, bundled or not.
  const config = await Config.load(fileURLToPath(import.meta.url));
  const found = findCommand(config, words);
  // A word where a command (or a topic's command) should be that names none: `world buidl`, `world checkout lst`.
  const next = words[found?.words ?? 0];
  if (found?.kind !== 'command' && next !== undefined && !next.startsWith('-')) throw unknownCommand(config, words);
  if (invocation.help || found?.kind !== 'command') {
    onCommand('help');
    // Text help straight away: no command to load and parse, so `world --help` is as quick as oclif's own. JSON comes from `world help`.
    if (jsonRequested(globals) || jsonRequested(words)) {
      await config.runCommand('help', ['--json', ...globals.filter((g) => g !== '--json'), ...(found ? found.id.split(':') : [])]);
    } else await showHelp(config, found);
    return;
  }
  onCommand(found.id.replaceAll(':', ' '));
  await config.runCommand(found.id, [...globals, ...words.slice(found.words)]);
};
