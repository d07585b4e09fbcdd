/**
 * A glob means the same in TypeScript (`inputs:`, `global:`, checkout patterns) and in Nix
 * (a target's `sources`, modules/world/sources.nix): every pattern is matched against every
 * path on both sides, by the real nix-instantiate, and the answers must agree — on ordinary
 * patterns, on generated ones, and on the pathological ones a backtracking matcher never
 * finishes.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { MAX_GLOB_LENGTH, globProblem, matcherOf } from '@world/core';
import { seededRandom } from '../helpers/random.js';
import { REPO_ROOT, sh } from '../helpers/world-fixture.js';

/** Each pattern against each path in one nix-instantiate; then the same table in TypeScript. */
const compare = (patterns: readonly string[], paths: readonly string[]) => {
  const expr = `
    let
      inherit (import ${join(REPO_ROOT, 'modules/world/sources.nix')} { lib = import ${join(REPO_ROOT, 'modules/lib')}; }) globMatcher;
      patterns = builtins.fromJSON ${JSON.stringify(JSON.stringify(patterns))};
      paths = builtins.fromJSON ${JSON.stringify(JSON.stringify(paths))};
    in map (p: let matches = globMatcher p; in map matches paths) patterns`;
  const r = sh(REPO_ROOT, 'nix-instantiate', ['--option', 'substituters', '', '--eval', '--strict', '--json', '-E', expr]);
  expect(r.stderr).toBe('');
  const nix = JSON.parse(r.stdout) as boolean[][];
  const differences: string[] = [];
  patterns.forEach((pattern, i) => {
    const ts = matcherOf([pattern]);
    paths.forEach((path, j) => {
      if (nix[i]![j] !== ts(path)) differences.push(`${JSON.stringify(pattern)} ~ ${JSON.stringify(path)}: TypeScript ${ts(path)}, Nix ${nix[i]![j]}`);
    });
  });
  expect(differences).toEqual([]);
  return nix.flat();
};

const PATTERNS = [
  'src/**', 'src', 'src/', './src', '*.c', '**/*.c', 'src/*.c', 'a?c', '{src,include}/**', '*.{c,h}',
  'docs/*.md', 'a.b', 'x+y', 'lib/[x]', '**', 'Makefile', 'src/**/test_*.c', '(odd)|name', 'a$^b', '{unclosed',
  '?.c', 'é/*', '{a,}b', '{}x', 'a{b,c{d}e', '***', '**/', 'a\\b', 'a\nb', '*/\n*',
  // More letters than sources.nix tabulates, and more reachable sets: the step-by-step path.
  'abcdefghijklmnopqrstuvwxyz0123456789/**', '*a??????????',
];
const PATHS = [
  'src/a.c', 'src/x/y.c', 'a.c', 'main.h', 'abc', 'a/c', 'include/h.h', 'docs/x.md', 'docs/y/z.md', 'a.b', 'axb',
  'x+y', 'xxy', 'lib/[x]', 'lib/x', 'Makefile', 'Makefile.in', 'src/t/test_1.c', 'src/test_2.c', 'srcx/a', '(odd)|name',
  'a$^b', '{unclosed', 'project.yaml', 'é.c', '😀.c', 'ab.c', 'é/x', 'b', 'ab', 'x', 'adcde', 'a\\b', 'a\nb', 'x\ny/z',
  'abcdefghijklmnopqrstuvwxyz0123456789/x', 'xxa0123456789', 'a0123456789', 'xa012345678/',
];

describe('globs in TypeScript and in Nix', () => {
  test('every pattern matches the same paths on both sides', () => {
    const flat = compare(PATTERNS, PATHS);
    // The table is not trivially all-false or all-true.
    expect(flat.filter(Boolean).length).toBeGreaterThan(40);
    expect(flat.filter((x) => !x).length).toBeGreaterThan(500);
  });

  test('generated patterns and paths get the same answers', () => {
    const next = seededRandom(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    const patternParts = ['a', 'b', '.', '/', '*', '**', '**/', '?', '{a,b}', '{,a/}', '{*.c,b?}', '{', '}', ',', 'é'];
    const pathParts = ['a', 'b', '.', '/', 'c', 'é', '😀', 'ab', '.c'];
    const patterns = Array.from({ length: 150 }, () => Array.from({ length: 1 + Math.floor(next() * 6) }, () => pick(patternParts)).join(''));
    const paths = Array.from({ length: 40 }, () => Array.from({ length: Math.floor(next() * 7) }, () => pick(pathParts)).join(''));
    const flat = compare(patterns, paths);
    expect(flat.filter(Boolean).length).toBeGreaterThan(200);
  });

  test('a pattern longer than the limit is refused on both sides; one at the limit is matched', () => {
    const nixMatch = (pattern: string) =>
      sh(REPO_ROOT, 'nix-instantiate', ['--option', 'substituters', '', '--eval', '--strict', '--json', '-E', `
        (import ${join(REPO_ROOT, 'modules/world/sources.nix')} { lib = import ${join(REPO_ROOT, 'modules/lib')}; }).globMatcher
          (builtins.fromJSON ${JSON.stringify(JSON.stringify(pattern))}) "x"`]);
    const tooLong = 'é'.repeat(MAX_GLOB_LENGTH + 1);
    expect(globProblem(tooLong)).toContain(`is ${MAX_GLOB_LENGTH + 1} characters long`);
    const refused = nixMatch(tooLong);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`is ${MAX_GLOB_LENGTH + 1} characters long; patterns may have at most ${MAX_GLOB_LENGTH}`);
    const atLimit = `${'?'.repeat(MAX_GLOB_LENGTH - 1)}*`;
    expect(globProblem(atLimit)).toBeUndefined();
    expect(nixMatch(atLimit)).toMatchObject({ code: 0, stdout: 'false' });
  });

  test('pathological patterns finish on both sides, with the same answers', () => {
    const long = 'a'.repeat(3000);
    const flat = compare(
      ['*a*a*a*a*a*a*a*a*a*a*a*a*a*b', '*a*a*a*a*a*a*a*a*a*a*a*a*a*a', '**a**a**a**a**a**a**a**a**b', '{*a,a*}{*a,a*}{*a,a*}{*a,a*}{*a,a*}b', '**/**/**/**/**/**/x', `${'?'.repeat(200)}*`],
      [long, `${long}b`, `${'a/'.repeat(1000)}b`, `${'d/'.repeat(1000)}x`, 'ab'],
    );
    // In pattern order, for the five paths.
    expect(flat).toEqual([
      false, true, false, false, false,
      true, false, false, false, false,
      false, true, true, false, false,
      false, true, false, false, false,
      false, false, false, true, false,
      true, true, false, false, false,
    ]);
  });
});
