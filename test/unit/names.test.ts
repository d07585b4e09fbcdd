import { describe, expect, test } from 'vitest';
import { WorldError, checkName, dirOf, isValidName, isWithin, isWorldPath, parseWorldPath, toWorldPath } from '@world/core';

describe('names', () => {
  test('valid names: lowercase letters, digits, ".", "_", "-", starting with a letter or digit', () => {
    for (const n of ['a', 'money', 'ui-kit', 'payments.api', 'v2_beta', '9lives']) expect(isValidName(n), n).toBe(true);
  });

  test('invalid names', () => {
    for (const n of ['', 'A', 'Money', '-x', '.x', '_x', 'a b', 'a/b', 'ä', 'a:b', '//a', 'x'.repeat(129)]) expect(isValidName(n), n).toBe(false);
    expect(isValidName('x'.repeat(128))).toBe(true);
  });

  test('checkName returns a valid name and throws INVALID_NAME with its location otherwise', () => {
    expect(checkName('money', 'project name')).toBe('money');
    let err: unknown;
    try {
      checkName('Bad Name', 'project name', { file: 'a/project.yaml', line: 1, col: 7 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WorldError);
    const e = err as WorldError;
    expect(e.code).toBe('INVALID_NAME');
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe('a/project.yaml:1:7: project name "Bad Name" is not a valid name');
    expect(e.location).toEqual({ file: 'a/project.yaml', line: 1, col: 7 });
    expect(e.hint).toMatch(/lowercase/);
  });
});

describe('world paths', () => {
  test('to and from repository-relative directories', () => {
    expect(toWorldPath('areas/pay')).toBe('//areas/pay');
    expect(toWorldPath('')).toBe('//');
    expect(parseWorldPath('//areas/pay')).toBe('areas/pay');
    expect(parseWorldPath('//areas/pay/')).toBe('areas/pay');
    expect(parseWorldPath('//')).toBe('');
    expect(isWorldPath('//x')).toBe(true);
    expect(isWorldPath('x')).toBe(false);
    expect(isWorldPath('/x')).toBe(false);
  });

  test('a world path cannot escape the repository or be ambiguous', () => {
    for (const bad of ['//../x', '//a/../../b', '//a/./b', '//a//b', '//a\\b', '/a', 'a', '//..']) {
      expect(() => parseWorldPath(bad), bad).toThrow(WorldError);
    }
    try {
      parseWorldPath('//../x', { file: 'p/project.yaml', line: 2, col: 8 });
    } catch (e) {
      expect((e as WorldError).code).toBe('INVALID_WORLD_PATH');
      expect((e as WorldError).message).toBe('p/project.yaml:2:8: "//../x" is not a valid world path');
    }
  });
});

describe('path helpers', () => {
  test('dirOf', () => {
    expect(dirOf('a/b/c.txt')).toBe('a/b');
    expect(dirOf('c.txt')).toBe('');
  });

  test('isWithin: the directory itself or below it, never a sibling with the same prefix', () => {
    expect(isWithin('areas/pay/x', 'areas/pay')).toBe(true);
    expect(isWithin('areas/pay', 'areas/pay')).toBe(true);
    expect(isWithin('areas/payments/x', 'areas/pay')).toBe(false);
    expect(isWithin('areas', 'areas/pay')).toBe(false);
    expect(isWithin('anything', '')).toBe(true);
  });
});
