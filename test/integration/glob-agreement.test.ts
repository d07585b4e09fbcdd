/**
 * A glob means the same in TypeScript (`inputs:`, `global:`, checkout patterns) and in Nix
 * (a target's `sources`, modules/world/sources.nix): every pattern is matched against every
 * path on both sides, by the real nix-instantiate, and the answers must agree.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { matcherOf } from '@world/core';
import { REPO_ROOT, sh } from '../helpers/world-fixture.js';

const PATTERNS = [
  'src/**', 'src', 'src/', './src', '*.c', '**/*.c', 'src/*.c', 'a?c', '{src,include}/**', '*.{c,h}',
  'docs/*.md', 'a.b', 'x+y', 'lib/[x]', '**', 'Makefile', 'src/**/test_*.c', '(odd)|name', 'a$^b', '{unclosed',
];
const PATHS = [
  'src/a.c', 'src/x/y.c', 'a.c', 'main.h', 'abc', 'a/c', 'include/h.h', 'docs/x.md', 'docs/y/z.md', 'a.b', 'axb',
  'x+y', 'xxy', 'lib/[x]', 'lib/x', 'Makefile', 'Makefile.in', 'src/t/test_1.c', 'src/test_2.c', 'srcx/a', '(odd)|name',
  'a$^b', '{unclosed', 'project.yaml',
];

describe('globs in TypeScript and in Nix', () => {
  test('every pattern matches the same paths on both sides', () => {
    const expr = `
      let
        inherit (import ${join(REPO_ROOT, 'modules/world/sources.nix')} { lib = import ${join(REPO_ROOT, 'modules/lib')}; }) globRegex;
        patterns = builtins.fromJSON ${JSON.stringify(JSON.stringify(PATTERNS))};
        paths = builtins.fromJSON ${JSON.stringify(JSON.stringify(PATHS))};
      in map (p: map (path: builtins.match (globRegex p) path != null) paths) patterns`;
    const r = sh(REPO_ROOT, 'nix-instantiate', ['--option', 'substituters', '', '--eval', '--strict', '--json', '-E', expr]);
    expect(r.stderr).toBe('');
    const nix = JSON.parse(r.stdout) as boolean[][];
    const differences: string[] = [];
    PATTERNS.forEach((pattern, i) => {
      const ts = matcherOf([pattern]);
      PATHS.forEach((path, j) => {
        if (nix[i]![j] !== ts(path)) differences.push(`${pattern} ~ ${path}: TypeScript ${ts(path)}, Nix ${nix[i]![j]}`);
      });
    });
    expect(differences).toEqual([]);
    // The table is not trivially all-false or all-true.
    const flat = nix.flat();
    expect(flat.filter(Boolean).length).toBeGreaterThan(20);
    expect(flat.filter((x) => !x).length).toBeGreaterThan(200);
  });
});
