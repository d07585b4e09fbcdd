/** Shows oclif's help (with world's root additions, lib/root-help.ts) for the root, a topic or a command. */
import { loadHelpClass, type Config } from '@oclif/core';
import type { Found } from './command-lookup.js';

export const showHelp = async (config: Config, found: Found | undefined): Promise<void> => {
  const help = new (await loadHelpClass(config))(config, config.pjson.oclif.helpOptions);
  const command = found?.kind === 'command' ? config.findCommand(found.id) : undefined;
  // showHelp reads the word "help" as a request for help, so `world help help` would show the root.
  await (command ? help.showCommandHelp(command, config.topics) : help.showHelp(found ? found.id.split(':') : []));
};
