/**
 * The one place a failure becomes what the user sees: `world: error[CODE]: message` and a
 * `hint:` line on stderr, or one `{"error": {...}}` object on stdout with --json, and the
 * documented exit code. A WorldError is shown as it is; oclif's parse errors become USAGE
 * errors; anything else is a bug in world, shown short as INTERNAL (WORLD_TRACE=1 adds the stack).
 */
import { WorldError } from '@world/core';
import { colorEnabled } from '@world/reporters/style';
import { fromOclifError, isOclifError, oclifExitCode } from './oclif-errors.js';

export const reportWorldError = (err: WorldError, json: boolean): number => {
  if (json) process.stdout.write(JSON.stringify({ error: err.toJSON() }, null, 2) + '\n');
  else {
    const label = colorEnabled(process.stderr, process.env) ? `\x1b[31merror[${err.code}]\x1b[0m` : `error[${err.code}]`;
    process.stderr.write(`world: ${label}: ${err.message}\n`);
    if (err.hint) process.stderr.write(`  hint: ${err.hint}\n`);
  }
  return err.exitCode;
};

/**
 * A WorldError by its shape: the oclif commands load @world/core from node_modules while the
 * lean launcher has its own bundled copy, so `instanceof` cannot tell across the two.
 */
const asWorldError = (e: unknown): WorldError | undefined =>
  e instanceof WorldError || (e instanceof Error && e.name === 'WorldError' && 'code' in e && 'exitCode' in e && 'toJSON' in e) ? (e as WorldError) : undefined;

const tracing = (): boolean => Boolean(process.env.WORLD_TRACE);

/** Something world did not expect: one line saying what, and where to look for more. */
export const internalError = (e: unknown): WorldError => {
  const what = e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]!.slice(0, 300)}` : String(e).slice(0, 300);
  return new WorldError('INTERNAL', `unexpected ${what}`, {
    hint: tracing()
      ? 'this is a bug in world; please report it with the stack trace above'
      : 'this is a bug in world; run again with WORLD_TRACE=1 to see its stack trace, and please report it',
  });
};

/**
 * Reports whatever a command threw and returns the exit code. `command` (e.g. "checkout add")
 * names the command in hints when the error itself does not say which one it came from.
 */
export const reportFailure = (e: unknown, json: boolean, command: string | undefined): number => {
  if (tracing() && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  const exit = oclifExitCode(e);
  if (exit !== undefined) return exit; // a command asked to exit; it has said what it had to say
  const err = asWorldError(e) ?? (isOclifError(e) ? fromOclifError(e, command) : internalError(e));
  return reportWorldError(err, json);
};
