import { describe, expect, test } from 'vitest';
import { WorldError } from '@world/core';
import { colorRequested, jsonRequested, parseInvocation } from '../../cli/src/lib/invocation.js';

describe('parseInvocation', () => {
  test('global flags before the command are kept, in order, for the command to parse', () => {
    expect(parseInvocation(['-C', 'dir', '--json', 'graph', '--format', 'dot'])).toEqual({
      globals: ['-C', 'dir', '--json'],
      words: ['graph', '--format', 'dot'],
      help: false,
      version: false,
    });
    expect(parseInvocation(['-Cdir', '--dir=x', '--color=never', '--color', 'always', 'checkout', 'add', 'p']).globals).toEqual([
      '-Cdir',
      '--dir=x',
      '--color=never',
      '--color',
      'always',
    ]);
  });

  test('flags after the command name are the command\'s, global or not', () => {
    expect(parseInvocation(['build', '-C', 'dir', '--bogus'])).toEqual({ globals: [], words: ['build', '-C', 'dir', '--bogus'], help: false, version: false });
  });

  test('help: before the command, or among its flags, but not after --', () => {
    expect(parseInvocation(['-h'])).toMatchObject({ help: true, words: [] });
    expect(parseInvocation(['--help', 'build'])).toMatchObject({ help: true, words: ['build'] });
    expect(parseInvocation(['build', '--base', 'main', '-h'])).toMatchObject({ help: true });
    expect(parseInvocation(['build', '--', '-h'])).toMatchObject({ help: false });
  });

  test('version: -v and --version before the command', () => {
    expect(parseInvocation(['-v'])).toMatchObject({ version: true, words: [] });
    expect(parseInvocation(['--json', '--version'])).toMatchObject({ version: true, globals: ['--json'] });
    expect(parseInvocation(['build', '-v'])).toMatchObject({ version: false });
  });

  test('an unknown flag before the command, or a global flag without its value, is a USAGE error', () => {
    const unknown = (() => {
      try {
        parseInvocation(['--affected', 'build']);
      } catch (e) {
        return e;
      }
    })();
    expect(unknown).toBeInstanceOf(WorldError);
    expect(unknown).toMatchObject({ code: 'USAGE', message: '--affected is not a flag world takes before a command', details: { flag: '--affected' } });
    expect(() => parseInvocation(['--jsn'])).toThrow('--jsn is not a flag world takes before a command (did you mean "--json"?)');
    expect(() => parseInvocation(['-C'])).toThrow('-C needs a value');
    expect(() => parseInvocation(['-C', '--json', 'graph'])).toThrow('-C needs a value');
    expect(() => parseInvocation(['--color'])).toThrow('--color needs a value');
  });
});

describe('jsonRequested and colorRequested', () => {
  test('look at every flag before --', () => {
    expect(jsonRequested(['build', '--json'])).toBe(true);
    expect(jsonRequested(['--json', 'build'])).toBe(true);
    expect(jsonRequested(['build', '--', '--json'])).toBe(false);
    expect(colorRequested(['build', '--color', 'never'])).toBe('never');
    expect(colorRequested(['--color=always', 'buidl'])).toBe('always');
    expect(colorRequested(['--color=always', 'x', '--color', 'never'])).toBe('never');
    expect(colorRequested(['build', '--', '--color=never'])).toBeUndefined();
  });
});
