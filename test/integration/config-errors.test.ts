/**
 * Every error a user can run into with `world affected` and friends: bad config, a broken
 * project graph, a base that cannot be resolved, a directory that is not a world, a bad
 * command line. Each asserts the exit code (2: usage/config, 3: repository state), the error
 * code, and the message and hint text a user reads.
 */
import { afterAll, describe, expect, test } from 'vitest';
import {
  TestRepo,
  cleanupTempDirs,
  cloneRepo,
  layeredWorld,
  makeRepo,
  parseError,
  tempDir,
  type AffectedJson,
  type Files,
  type RunResult,
} from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

const USAGE = 2;
const REPOSITORY = 3;

/** Asserts a plain-text error and returns it. */
const expectError = (r: RunResult, code: string, exitCode: number) => {
  expect(r.stdout).toBe('');
  const e = parseError(r.stderr);
  expect(e, `stderr was:\n${r.stderr}`).toBeDefined();
  expect(e!.code).toBe(code);
  expect(r.code).toBe(exitCode);
  return e!;
};

interface JsonError {
  error: { code: string; message: string; hint?: string; location?: { file: string; line?: number; col?: number }; details?: Record<string, unknown> };
}

/** The layered world plus `files`, committed; then `world affected`. */
const affectedIn = (files: Files, ...args: string[]): RunResult => makeRepo({ ...layeredWorld(), ...files }).world('affected', ...args);

describe('config errors name file:line:col and exit 2', () => {
  test('invalid YAML in a project.yaml', () => {
    const e = expectError(affectedIn({ 'areas/shop/web/project.yaml': 'name: shop-web\ndeps: [ui-kit]]\n' }), 'CONFIG_YAML', USAGE);
    expect(e.message).toMatch(/^areas\/shop\/web\/project\.yaml:2:15: invalid YAML: /);
    expect(e.hint).toContain('YAML syntax');
  });

  test('invalid YAML, as JSON: code, message, hint and location', () => {
    const repo = makeRepo({ ...layeredWorld(), 'libs/money/project.yaml': 'name: money\n\tmodules: [c]\n' });
    const { code, json } = repo.worldJson<JsonError>('affected');
    expect(code).toBe(USAGE);
    expect(json.error).toMatchObject({
      code: 'CONFIG_YAML',
      location: { file: 'libs/money/project.yaml', line: 2, col: 1 },
    });
    expect(json.error.message).toMatch(/^libs\/money\/project\.yaml:2:1: invalid YAML: .*[Tt]ab/);
    expect(json.error.hint).toBeTruthy();
  });

  test('a project.yaml that is not UTF-8', () => {
    const latin1 = Buffer.from('name: money\nowners: [J\xfcrgen]\n', 'latin1');
    const e = expectError(affectedIn({ 'libs/money/project.yaml': latin1 }), 'CONFIG_ENCODING', USAGE);
    expect(e.message).toContain('libs/money/project.yaml');
    expect(e.message).toContain('not valid UTF-8');
    expect(e.hint).toContain('UTF-8');
  });

  test('an unknown key suggests the closest known one', () => {
    const e = expectError(affectedIn({ 'libs/ui-kit/project.yaml': 'name: ui-kit\ndpes: [money]\n' }), 'CONFIG_UNKNOWN_KEY', USAGE);
    expect(e.message).toBe('libs/ui-kit/project.yaml:2:1: unknown key "dpes" (did you mean "deps"?)');
    expect(e.hint).toContain('deps');
  });

  test('an unknown key in world.yaml', () => {
    const e = expectError(affectedIn({ 'world.yaml': 'name: acme\nprojetcs: [libs/**]\n' }), 'CONFIG_UNKNOWN_KEY', USAGE);
    expect(e.message).toBe('world.yaml:2:1: unknown key "projetcs" (did you mean "projects"?)');
  });

  test('a value of the wrong type', () => {
    const e = expectError(affectedIn({ 'libs/ui-kit/project.yaml': 'name: ui-kit\ndeps: money\n' }), 'CONFIG_SCHEMA', USAGE);
    expect(e.message).toBe('libs/ui-kit/project.yaml:2:7: deps must be a list');
  });

  test('an invalid project name', () => {
    const e = expectError(affectedIn({ 'libs/ui-kit/project.yaml': 'name: UI_Kit\n' }), 'INVALID_NAME', USAGE);
    expect(e.message).toBe('libs/ui-kit/project.yaml:1:7: project name "UI_Kit" is not a valid name');
    expect(e.hint).toMatch(/lowercase/);
  });

  test('an invalid world path in deps', () => {
    const e = expectError(affectedIn({ 'libs/ui-kit/project.yaml': 'name: ui-kit\ndeps: [//../x]\n' }), 'INVALID_WORLD_PATH', USAGE);
    expect(e.message).toBe('libs/ui-kit/project.yaml:2:8: "//../x" is not a valid world path');
    expect(e.hint).toContain('//');
  });

  test('several broken project.yaml files are reported together', () => {
    const r = affectedIn({
      'libs/ui-kit/project.yaml': 'name: ui-kit\ndpes: [money]\n',
      'libs/money/project.yaml': 'name: Money\n',
    });
    expect(r.code).toBe(USAGE);
    expect(r.stderr).toContain('libs/money/project.yaml:1:7: project name "Money" is not a valid name');
    expect(r.stderr).toContain('libs/ui-kit/project.yaml:2:1: unknown key "dpes" (did you mean "deps"?)');
  });
});

describe('project graph errors exit 2', () => {
  test('an unknown dependency suggests the closest project name', () => {
    const e = expectError(affectedIn({ 'libs/ui-kit/project.yaml': 'name: ui-kit\ndeps: [monye]\n' }), 'UNKNOWN_DEPENDENCY', USAGE);
    expect(e.message).toBe('libs/ui-kit/project.yaml:2:8: project ui-kit depends on "monye", which is not a project (did you mean "money"?)');
    expect(e.hint).toContain('world projects');
  });

  test('an unknown world-path dependency suggests the closest world path', () => {
    const e = expectError(affectedIn({ 'libs/ui-kit/project.yaml': 'name: ui-kit\ndeps: [//libs/mony]\n' }), 'UNKNOWN_DEPENDENCY', USAGE);
    expect(e.message).toContain('depends on "//libs/mony", which is not a project (did you mean "//libs/money"?)');
  });

  test('duplicate project names name both files', () => {
    const r = affectedIn({ 'areas/shop/web/project.yaml': 'name: money\n' });
    const e = expectError(r, 'DUPLICATE_PROJECT', USAGE);
    expect(e.message).toContain('project name "money" is used by both');
    expect(e.message).toContain('areas/shop/web/project.yaml');
    expect(e.message).toContain('libs/money/project.yaml');
  });

  test('a nested project is no error: its files are its own, not the outer project\'s', () => {
    const repo = makeRepo({ ...layeredWorld(), 'libs/money/sub/project.yaml': 'name: money-sub\n' });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write({ 'libs/money/sub/x.c': 'int x;\n' });
    const { code, json, stderr } = repo.worldJson<AffectedJson>('affected');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(json.affected.map((p) => p.name)).toEqual(['money-sub']);
  });

  test('a dependency cycle is accepted with a warning that names it', () => {
    const repo = makeRepo({
      'world.yaml': 'name: loop\n',
      'a/project.yaml': 'name: a\ndeps: [b]\n',
      'b/project.yaml': 'name: b\ndeps: [c]\n',
      'c/project.yaml': 'name: c\ndeps: [a]\n',
      'd/project.yaml': 'name: d\ndeps: [a]\n',
    });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write({ 'b/x.txt': 'x\n' });
    const r = repo.worldJson<AffectedJson>('affected');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning[DEPENDENCY_CYCLE]: 3 projects depend on each other (a → b → c → a)');
    expect(r.json.affected.map((p) => p.name).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  test('a project depending on itself', () => {
    const e = expectError(affectedIn({ 'libs/money/project.yaml': 'name: money\ndeps: [money]\n' }), 'DEPENDENCY_CYCLE', USAGE);
    expect(e.message).toContain('money depends on itself');
  });

  test('an unknown module suggests the closest module', () => {
    const e = expectError(affectedIn({ 'libs/ui-kit/project.yaml': 'name: ui-kit\nmodules: [nodee]\n' }), 'UNKNOWN_MODULE', USAGE);
    expect(e.message).toMatch(/^libs\/ui-kit\/project\.yaml:2:11: project ui-kit uses module "nodee", which is .*\(did you mean "node"\?\)$/);
    expect(e.hint).toContain('modules/<name>.nix');
  });

  test('the same errors stop every command that reads the graph', () => {
    const repo = makeRepo({ ...layeredWorld(), 'libs/ui-kit/project.yaml': 'name: ui-kit\ndeps: [monye]\n' });
    for (const cmd of [['projects'], ['graph'], ['why', 'money'], ['resolve', 'libs']]) {
      expectError(repo.world(...cmd), 'UNKNOWN_DEPENDENCY', USAGE);
    }
  });
});

describe('a base that cannot be resolved exits 3 with a way out', () => {
  const all = ['money', 'payments-api', 'payments-core', 'shop-web', 'ui-kit'];

  /** --all-if-base-missing: every project, for the stated reason, and no base. */
  const expectEverything = (repo: TestRepo, ...args: string[]) => {
    const { code, json } = repo.worldJson<AffectedJson>('affected', ...args, '--all-if-base-missing');
    expect(code).toBe(0);
    expect(json.base).toBeNull();
    expect(json.affected.map((p) => p.name).sort()).toEqual(all);
    for (const p of json.affected) {
      expect(p.reasons).toHaveLength(1);
      expect(p.reasons[0]).toMatchObject({ reason: 'everything' });
      expect((p.reasons[0] as { why: string }).why).toMatch(/base/);
    }
  };

  test('a missing branch: BASE_UNRESOLVED; without a remote the hint lists the branches (no fetch that cannot work)', () => {
    const repo = makeRepo(layeredWorld());
    const e = expectError(repo.world('affected', '--base', 'origin/release'), 'BASE_UNRESOLVED', REPOSITORY);
    expect(e.message).toContain('"origin/release"');
    expect(e.hint).toContain('`git branch -a`');
    expect(e.hint).not.toContain('git fetch');
    expect(e.hint).toContain('--all-if-base-missing');

    expectEverything(repo, '--base', 'origin/release');
  });

  test('no default branch to compare against: NO_DEFAULT_BRANCH', () => {
    const repo = makeRepo(layeredWorld());
    repo.git('branch', '-m', 'main', 'trunk');
    const e = expectError(repo.world('affected'), 'NO_DEFAULT_BRANCH', REPOSITORY);
    expect(e.hint).toContain('--base');
    expectEverything(repo);
    // Naming it fixes it.
    expect(repo.worldJson<AffectedJson>('affected', '--base', 'trunk').json.affected).toEqual([]);
  });

  test('a head that does not exist: HEAD_UNRESOLVED', () => {
    const repo = makeRepo(layeredWorld());
    const e = expectError(repo.world('affected', '--head', 'no-such-commit'), 'HEAD_UNRESOLVED', REPOSITORY);
    expect(e.message).toContain('"no-such-commit"');
  });

  /** main moved on two commits after feature forked; feature has one commit of its own. */
  const forkedOrigin = (): TestRepo => {
    const origin = makeRepo(layeredWorld());
    origin.git('checkout', '-q', '-b', 'feature');
    origin.commit('feature work', { 'libs/ui-kit/index.js': 'export const f = 1;\n' });
    origin.git('checkout', '-q', 'main');
    origin.commit('main 1', { 'libs/money/src/money.c': 'int m1;\n' });
    origin.commit('main 2', { 'libs/money/src/money.c': 'int m2;\n' });
    return origin;
  };

  test('a shallow clone whose history does not reach the merge-base: SHALLOW_HISTORY; fetching more history fixes it', () => {
    const origin = forkedOrigin();
    const clone = cloneRepo(`file://${origin.dir}`, '--depth', '1', '--no-single-branch', '--branch', 'feature');
    expect(clone.git('rev-parse', '--is-shallow-repository')).toBe('true');

    const e = expectError(clone.world('affected'), 'SHALLOW_HISTORY', REPOSITORY);
    expect(e.message).toContain('shallow clone');
    expect(e.hint).toMatch(/--deepen|--unshallow/);
    expect(e.hint).toContain('--all-if-base-missing');
    expectEverything(clone);

    clone.git('fetch', '-q', '--unshallow');
    const { code, json } = clone.worldJson<AffectedJson>('affected');
    expect(code).toBe(0);
    expect(json.base?.ref).toBe('origin/main');
    expect(json.affected.map((p) => p.name).sort()).toEqual(['payments-api', 'shop-web', 'ui-kit']);
  });

  test('a shallow single-branch clone without the base branch: SHALLOW_HISTORY', () => {
    const origin = forkedOrigin();
    const clone = cloneRepo(`file://${origin.dir}`, '--depth', '1', '--branch', 'feature');
    const e = expectError(clone.world('affected', '--base', 'origin/main'), 'SHALLOW_HISTORY', REPOSITORY);
    expect(e.message).toContain('"origin/main"');
    expect(e.hint).toMatch(/git fetch --deepen=\d+ origin origin\/main|--unshallow/);
    expectEverything(clone, '--base', 'origin/main');
  });

  test('unrelated histories: UNRELATED_HISTORIES', () => {
    const repo = makeRepo(layeredWorld());
    repo.git('checkout', '-q', '--orphan', 'elsewhere');
    repo.commit('a fresh start');
    const e = expectError(repo.world('affected'), 'UNRELATED_HISTORIES', REPOSITORY);
    expect(e.message).toBe('main and HEAD have no common history');
    expect(e.hint).toContain('--all-if-base-missing');
    expectEverything(repo);
  });

  test('--all-if-base-missing does not hide other errors', () => {
    const repo = makeRepo({ ...layeredWorld(), 'libs/ui-kit/project.yaml': 'name: ui-kit\ndeps: [monye]\n' });
    expectError(repo.world('affected', '--base', 'nope', '--all-if-base-missing'), 'UNKNOWN_DEPENDENCY', USAGE);
  });
});

describe('where world runs, and what it is told', () => {
  test('outside a git repository: NOT_A_WORLD', () => {
    const dir = tempDir();
    const e = expectError(new TestRepo(dir).world('affected'), 'NOT_A_WORLD', USAGE);
    expect(e.message).toContain('not inside a git repository');
    expect(e.hint).toContain('-C');
  });

  test('a git repository without world.yaml: NOT_A_WORLD', () => {
    const repo = makeRepo({ 'README.md': 'no world here\n' });
    const e = expectError(repo.world('projects'), 'NOT_A_WORLD', USAGE);
    expect(e.message).toContain('without world.yaml');
    expect(e.hint).toContain('world.yaml');
  });

  test('`world why` of an unknown project suggests the closest name', () => {
    const repo = makeRepo(layeredWorld());
    const e = expectError(repo.world('why', 'paymnts-api'), 'UNKNOWN_PROJECT', USAGE);
    expect(e.message).toBe('project "paymnts-api" is not a project of this world (did you mean "payments-api"?)');
    expect(e.hint).toContain('world projects');

    const { code, json } = repo.worldJson<JsonError>('why', 'paymnts-api');
    expect(code).toBe(USAGE);
    expect(json.error.code).toBe('UNKNOWN_PROJECT');
  });

  test('an unknown flag, a missing argument and a bad option value are usage errors', () => {
    const repo = makeRepo(layeredWorld());
    const flag = repo.world('affected', '--no-such-flag');
    expect(flag.code).toBe(USAGE);
    expect(flag.stdout).toBe('');
    expect(flag.stderr).toContain('--no-such-flag');

    const missing = repo.world('why');
    expect(missing.code).toBe(USAGE);
    expect(missing.stderr).toMatch(/project/);

    const format = repo.world('graph', '--format', 'svg');
    expect(format.code).toBe(USAGE);
    expect(format.stderr).toContain('svg');
  });

  test('`world resolve` of a path outside the world', () => {
    const repo = makeRepo(layeredWorld());
    const e = expectError(repo.world('resolve', '../elsewhere'), 'USAGE', USAGE);
    expect(e.message).toContain('outside the world');
  });
});
