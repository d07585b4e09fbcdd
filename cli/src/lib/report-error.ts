/** How every command reports a WorldError: message and hint on stderr, or one JSON object with --json. */
import { WorldError } from '@world/core';

export const reportWorldError = (err: WorldError, json: boolean): number => {
  if (json) process.stdout.write(JSON.stringify({ error: err.toJSON() }, null, 2) + '\n');
  else {
    process.stderr.write(`world: error[${err.code}]: ${err.message}\n`);
    if (err.hint) process.stderr.write(`  hint: ${err.hint}\n`);
  }
  return err.exitCode;
};
