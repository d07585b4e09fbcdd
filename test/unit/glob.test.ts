import { describe, expect, test } from 'vitest';
import { MAX_GLOB_LENGTH, globMatcher, globProblem, matcherOf } from '@world/core';
import { seededRandom } from '../helpers/random.js';

const matches = (glob: string, path: string) => globMatcher(glob)(path);

describe('globMatcher', () => {
  test('`*` and `?` stay within one path segment', () => {
    expect(matches('src/*.js', 'src/app.js')).toBe(true);
    expect(matches('src/*.js', 'src/deep/app.js')).toBe(false);
    expect(matches('src/?.js', 'src/a.js')).toBe(true);
    expect(matches('src/?.js', 'src/ab.js')).toBe(false);
    expect(matches('src/?.js', 'src//.js')).toBe(false);
    expect(matches('*', 'README.md')).toBe(true);
  });

  test('`**` spans segments; `**/` may match no directory at all', () => {
    expect(matches('src/**', 'src/a/b/c.ts')).toBe(true);
    expect(matches('**/*.ts', 'a.ts')).toBe(true);
    expect(matches('**/*.ts', 'x/y/a.ts')).toBe(true);
    expect(matches('**/*.ts', 'x/y/a.js')).toBe(false);
    expect(matches('a/**/z', 'a/z')).toBe(true);
    expect(matches('a/**/z', 'a/b/c/z')).toBe(true);
    expect(matches('a/**/z', 'ab/z')).toBe(false);
    expect(matches('**', '')).toBe(true);
  });

  test('a pattern naming a directory also matches everything below it', () => {
    expect(matches('tools', 'tools/global.lock')).toBe(true);
    expect(matches('tools', 'tools')).toBe(true);
    expect(matches('tools', 'toolsmith/x')).toBe(false);
    expect(matches('areas/*', 'areas/pay/api/project.yaml')).toBe(true);
    expect(matches('areas/**', 'areas/pay')).toBe(true);
  });

  test('a trailing slash and a leading ./ are ignored', () => {
    expect(matches('tools/', 'tools/x')).toBe(true);
    expect(matches('./tools/x', 'tools/x')).toBe(true);
  });

  test('`{a,b}` alternates, and may hold globs', () => {
    expect(matches('{libs,areas}/**', 'libs/x')).toBe(true);
    expect(matches('{libs,areas}/**', 'areas/x')).toBe(true);
    expect(matches('{libs,areas}/**', 'other/x')).toBe(false);
    expect(matches('*.{js,ts}', 'a.ts')).toBe(true);
    expect(matches('*.{js,ts}', 'a.rs')).toBe(false);
    expect(matches('{*.md,docs/**}', 'docs/a/b')).toBe(true);
  });

  test('regular-expression characters are literal', () => {
    expect(matches('*.js', 'appXjs')).toBe(false);
    expect(matches('a+b(c)|d$', 'a+b(c)|d$')).toBe(true);
    expect(matches('a+b', 'aab')).toBe(false);
    expect(matches('[ab].txt', '[ab].txt')).toBe(true);
    expect(matches('[ab].txt', 'a.txt')).toBe(false);
    expect(matches('x{y', 'x{y')).toBe(true);
  });

  test('matching is anchored at both ends', () => {
    expect(matches('lib', 'src/lib')).toBe(false);
    expect(matches('*.lock', 'tools/global.lock')).toBe(false);
    expect(matches('**/*.lock', 'tools/global.lock')).toBe(true);
  });
});

describe('matcherOf', () => {
  test('matches when any pattern matches', () => {
    const m = matcherOf(['src/**', 'package.json']);
    expect(m('src/index.js')).toBe(true);
    expect(m('package.json')).toBe(true);
    expect(m('README.md')).toBe(false);
  });

  test('no patterns match nothing', () => {
    expect(matcherOf([])('anything')).toBe(false);
    expect(matcherOf([])('')).toBe(false);
  });
});

/**
 * The meaning globs had as regular expressions, kept here as the reference the automaton is
 * checked against (with `s` and `u`: `**` crosses newlines too, and `?` is one code point).
 */
const referenceRegExp = (glob: string): RegExp => {
  const escape = (c: string) => c.replace(/[.+^$()|[\]\\*?{}]/g, '\\$&');
  const translate = (g: string): string => {
    const cs = Array.from(g);
    let re = '';
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (c === '*' && cs[i + 1] === '*') {
        const dirs = cs[i + 2] === '/';
        re += dirs ? '(?:.*/)?' : '.*';
        i += dirs ? 2 : 1;
      } else if (c === '*') re += '[^/]*';
      else if (c === '?') re += '[^/]';
      else if (c === '{' && cs.indexOf('}', i) >= 0) {
        const end = cs.indexOf('}', i);
        re += `(?:${cs.slice(i + 1, end).join('').split(',').map(translate).join('|')})`;
        i = end;
      } else re += escape(c);
    }
    return re;
  };
  return new RegExp(`^${translate(glob.replace(/^\.\//, '').replace(/\/+$/, ''))}(?:/.*)?$`, 'su');
};

describe('matching by automaton, not by backtracking', () => {
  test('agrees with the regular-expression meaning on thousands of generated patterns and paths', () => {
    const next = seededRandom(13);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    const patternParts = ['a', 'b', '.', '/', '*', '**', '**/', '?', '{a,b}', '{,a/}', '{*.c,b?}', '{', '}', ',', 'é', './', '..'];
    const pathParts = ['a', 'b', '.', '/', 'c', 'é', '😀', '\n', 'ab', '.c'];
    const differences: string[] = [];
    let matched = 0;
    for (let i = 0; i < 3000; i++) {
      const glob = Array.from({ length: 1 + Math.floor(next() * 7) }, () => pick(patternParts)).join('');
      const reference = referenceRegExp(glob);
      const ours = globMatcher(glob);
      for (let j = 0; j < 8; j++) {
        const path = Array.from({ length: Math.floor(next() * 8) }, () => pick(pathParts)).join('');
        const want = reference.test(path);
        if (want) matched++;
        if (ours(path) !== want) differences.push(`${JSON.stringify(glob)} ~ ${JSON.stringify(path)}: expected ${want}`);
      }
    }
    expect(differences.slice(0, 10)).toEqual([]);
    expect(matched).toBeGreaterThan(1000);
  });

  test('a pattern with more reachable sets than are remembered still answers right', () => {
    // `*a` then ten `?`: whether each of the last eleven characters was an `a` is a set of its own (2^11 sets).
    const glob = '*a??????????';
    const ours = globMatcher(glob);
    const reference = referenceRegExp(glob);
    const next = seededRandom(5);
    const differences: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const path = Array.from({ length: 12 + Math.floor(next() * 20) }, () => (next() < 0.5 ? 'a' : 'b')).join('');
      if (ours(path) !== reference.test(path)) differences.push(path);
    }
    expect(differences).toEqual([]);
  });

  test('patterns that make a backtracking matcher run for ever answer at once', () => {
    // Each took minutes or more as a regular expression; the vitest timeout is the bound here.
    const long = 'a'.repeat(5000);
    expect(matches('*a*a*a*a*a*a*a*a*a*a*a*a*a*b', long)).toBe(false);
    expect(matches('*a*a*a*a*a*a*a*a*a*a*a*a*a*a', long)).toBe(true);
    expect(matches('**a**a**a**a**a**a**a**a**a**a**b', `${'a/'.repeat(2500)}c`)).toBe(false);
    expect(matches('{*a,a*}{*a,a*}{*a,a*}{*a,a*}{*a,a*}{*a,a*}{*a,a*}{*a,a*}b', long)).toBe(false);
    expect(matches('**/**/**/**/**/**/**/**/**/**/x', `${'d/'.repeat(3000)}y`)).toBe(false);
    expect(matches(`${'?'.repeat(MAX_GLOB_LENGTH)}`, 'a'.repeat(MAX_GLOB_LENGTH))).toBe(true);
  });

  test('`?` is one character, whatever its encoding; wildcards match newlines in names', () => {
    expect(matches('?.c', 'é.c')).toBe(true);
    expect(matches('?.c', '😀.c')).toBe(true);
    expect(matches('??.c', '😀.c')).toBe(false);
    expect(matches('a?b', 'a\nb')).toBe(true);
    expect(matches('**', 'x\ny/z')).toBe(true);
    expect(matches('é/*', 'é/x')).toBe(true);
    expect(matches('é/*', 'e/x')).toBe(false);
  });
});

describe('globProblem: patterns that can never match a path of the world', () => {
  test('absolute patterns and ".", ".." or empty segments, in any alternative', () => {
    const bad: [string, RegExp][] = [
      ['/etc/**', /starts with "\/"/],
      ['../**', /"\.\."/],
      ['a/../b', /"\.\."/],
      ['..', /"\.\."/],
      ['{a,..}/x', /"\.\."/],
      ['.{.,x}/y', /"\.\."/],
      ['{,/}etc', /starts with "\/"/],
      ['**/../x', /"\.\."/],
      ['a//b', /empty path segment/],
      ['.', /"\." path segment/],
      ['a/./b', /"\." path segment/],
      ['x'.repeat(MAX_GLOB_LENGTH + 1), /at most 1024/],
    ];
    for (const [glob, why] of bad) expect(globProblem(glob), glob).toMatch(why);
  });

  test('ordinary patterns, dots in names and hidden files are fine', () => {
    for (const glob of ['src/**', './src/', '**/*.c', '.github/**', '.*', 'a..b', '*.{c,h}', '{src,include}/**', '**', 'Makefile', '', '.x/..y', '{a,b}/.env'])
      expect(globProblem(glob), glob).toBeUndefined();
  });
});
