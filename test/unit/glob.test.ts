import { describe, expect, test } from 'vitest';
import { globToRegExp, matcherOf } from '@world/core';

const matches = (glob: string, path: string) => globToRegExp(glob).test(path);

describe('globToRegExp', () => {
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
