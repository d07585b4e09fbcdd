/**
 * The example world shipped in examples/acme (C library + executable, Node packages, a
 * `command` project and a world-local module), copied into a temporary git repository and
 * built and tested with real Nix. A fresh global input makes every derivation new to the
 * store, so the first build builds everything and the second finds everything cached.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cleanupTempDirs, exampleRepo, nonce, sh, statusById, type BuildJson, type TestRepo } from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

const outOf = (json: BuildJson, id: string): string => {
  const t = json.targets.find((x) => x.id === id);
  if (!t) throw new Error(`${id} is not in the result: ${json.targets.map((x) => x.id).join(', ')}`);
  return t.out;
};

describe('examples/acme', () => {
  let repo: TestRepo;
  let built: BuildJson;
  let tested: BuildJson;
  beforeAll(() => {
    repo = exampleRepo('acme');
    // The global input reaches every derivation: a fresh one makes every target new to the
    // store, so "built" and "cached" below are this run's own.
    repo.commit('fresh toolchain', { 'toolchain.lock': `${readFileSync(join(repo.dir, 'toolchain.lock'), 'utf8')}${nonce()}\n` });
    const b = repo.worldJson<BuildJson>('build');
    expect(b.code, b.stderr).toBe(0);
    built = b.json;
    const t = repo.worldJson<BuildJson>('test');
    expect(t.code, t.stderr).toBe(0);
    tested = t.json;
  });

  test('`world build` builds every non-test target', () => {
    expect(Object.keys(statusById(built)).sort()).toEqual(['format:build', 'greeting:build', 'ledger:build', 'ledger:docs', 'money:build', 'web:build']);
    for (const t of built.targets) expect(t.status).toBe('built');
    expect(built.summary.failed).toBe(0);
  });

  test("ledger's binary, linked against money, prints the balance", () => {
    const bin = join(outOf(built, 'ledger:build'), 'bin/ledger');
    const r = sh(repo.dir, bin, []);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('balance: 1150\n');
    expect(existsSync(join(outOf(built, 'money:build'), 'lib/libmoney.a'))).toBe(true);
    expect(existsSync(join(outOf(built, 'money:build'), 'include/money.h'))).toBe(true);
  });

  test('the world-local docs module and the command project produce their outputs', () => {
    expect(readFileSync(join(outOf(built, 'ledger:docs'), 'README.md'), 'utf8')).toContain('# ledger');
    expect(readFileSync(join(outOf(built, 'greeting:build'), 'greeting.txt'), 'utf8')).toBe('hello from acme\n');
  });

  test('`world test` runs the C and Node tests, with JUnit XML in their outputs', () => {
    expect(Object.keys(statusById(tested)).sort()).toEqual(['format:test', 'money:test', 'web:test']);
    for (const t of tested.targets) expect(t.status).toBe('built');
    const junit = readFileSync(join(outOf(tested, 'web:test'), 'junit.xml'), 'utf8');
    expect(junit).toContain('<testsuites');
    expect(junit).toContain('banner shows the total');
    expect(junit).not.toContain('<failure');
    expect(readFileSync(join(outOf(tested, 'money:test'), 'junit.xml'), 'utf8')).toContain('failures="0"');
    expect(readFileSync(join(outOf(tested, 'money:test'), 'log'), 'utf8')).toContain('money: all tests passed');
  });

  test('a second build and test are fully cached without evaluating Nix', () => {
    for (const cmd of ['build', 'test']) {
      const { code, json } = repo.worldJson<BuildJson>(cmd);
      expect(code).toBe(0);
      expect(json.evaluated).toBe(false);
      for (const t of json.targets) expect(t.status).toBe('cached');
    }
  });

  test('breaking money fails its test, and the ledger build still sees the library', () => {
    repo.write({ 'libs/money/src/money.c': '#include "money.h"\nlong money_add(long a, long b) { return a + b + 1; }\nlong money_percent(long amount, int percent) { return amount * percent / 100; }\n' });
    const t = repo.worldJson<BuildJson>('test', 'money');
    expect(t.code).toBe(1);
    expect(statusById(t.json)).toEqual({ 'money:test': 'failed' });
    expect(t.json.targets[0]!.logTail?.join('\n')).toContain('money_add failed');
    const b = repo.worldJson<BuildJson>('build', 'ledger:build');
    expect(b.code).toBe(0);
    // Built now, or cached from an earlier run of this test: the same sources give the same output.
    expect(['built', 'cached']).toContain(statusById(b.json)['ledger:build']);
    expect(outOf(b.json, 'ledger:build')).not.toBe(outOf(built, 'ledger:build'));
    expect(sh(repo.dir, join(outOf(b.json, 'ledger:build'), 'bin/ledger'), []).stdout).toBe('balance: 1151\n');
    repo.git('checkout', '--', 'libs/money/src/money.c');
  });
});
