/** oclif's parse errors, raised by oclif's own parser, as world's USAGE errors. */
import { Args, Flags, Parser } from '@oclif/core';
import { describe, expect, test } from 'vitest';
import type { WorldError } from '@world/core';
import { fromOclifError, isOclifError, oclifExitCode } from '../../cli/src/lib/oclif-errors.js';

const flags = {
  base: Flags.string(),
  jobs: Flags.integer({ char: 'j', min: 1 }),
  uncommitted: Flags.boolean({ allowNo: true }),
  format: Flags.string({ options: ['json', 'dot', 'mermaid'] }),
};
const args = { target: Args.string({ description: 'PROJECT:TARGET', required: true }) };

/** What oclif's parser throws for argv, as world reports it. */
const mapped = async (argv: string[], command = 'build'): Promise<WorldError> => {
  try {
    await Parser.parse(argv, { flags, args, strict: true });
  } catch (e) {
    expect(isOclifError(e)).toBe(true);
    return fromOclifError(e as Error, command);
  }
  throw new Error(`oclif accepted ${argv.join(' ')}`);
};

describe('fromOclifError', () => {
  test('an unknown flag, with the nearest one (negations included)', async () => {
    expect(await mapped(['t', '--bse', 'x'])).toMatchObject({ code: 'USAGE', message: 'world build has no flag --bse (did you mean --base?)', hint: '`world build --help` lists its flags' });
    expect((await mapped(['t', '--no-uncomitted'])).message).toBe('world build has no flag --no-uncomitted (did you mean --no-uncommitted?)');
    expect((await mapped(['t', '--zzzzzzzz'])).message).toBe('world build has no flag --zzzzzzzz');
  });

  test('a value that does not parse, and one outside the choices', async () => {
    expect(await mapped(['t', '-j', 'abc'])).toMatchObject({ message: '--jobs: expected an integer but received: abc', details: { flag: '--jobs' } });
    expect((await mapped(['t', '-j', '0'])).message).toBe('--jobs: expected an integer greater than or equal to 1 but received: 0');
    expect(await mapped(['t', '--format', 'mermaiid'])).toMatchObject({
      message: '--format must be one of json, dot, mermaid, not "mermaiid" (did you mean mermaid?)',
      details: { flag: '--format', value: 'mermaiid', options: ['json', 'dot', 'mermaid'] },
    });
  });

  test('a missing argument and an extra one', async () => {
    expect(await mapped([])).toMatchObject({ message: 'world build needs TARGET (PROJECT:TARGET)', hint: 'see `world build --help`', details: { missing: ['target'] } });
    expect(await mapped(['a', 'b'])).toMatchObject({ message: 'world build takes no argument "b" here', details: { unexpected: ['b'] } });
  });

  test('every result is a USAGE error (exit 2) without oclif\'s "See more help" line', async () => {
    for (const argv of [['t', '--bse'], ['t', '-j', 'x'], ['t', '--base'], [], ['a', 'b']]) {
      const e = await mapped(argv);
      expect(e.code).toBe('USAGE');
      expect(e.exitCode).toBe(2);
      expect(e.message).not.toContain('See more help');
    }
  });
});

describe('oclifExitCode', () => {
  test('the code of this.exit(n); nothing for other errors', async () => {
    const { Errors } = await import('@oclif/core');
    expect(oclifExitCode(new Errors.ExitError(3))).toBe(3);
    expect(oclifExitCode(new Errors.CLIError('x'))).toBeUndefined();
    expect(oclifExitCode(new Error('x'))).toBeUndefined();
  });
});
