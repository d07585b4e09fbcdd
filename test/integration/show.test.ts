/**
 * `world show` and `world projects --targets` through the real CLI, on real repositories and
 * real Nix: what a project is, and its targets — evaluated now the first time, from the cache
 * index afterwards, never evaluated with --no-eval — with their state in the store.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WORLD_BIN, cleanupTempDirs, makeRepo, nonce, parseError, sh, type Files, type TestRepo } from '../helpers/world-fixture.js';
import { hasStackTrace } from '../helpers/ci-run.js';
import type { ShownProject } from '@world/engine';

afterAll(cleanupTempDirs);

type Shown = ShownProject;

const command = (build: string, test?: string) =>
  `modules: [command, wrapped]\nconfig:\n  command.build: '${build}'\n${test ? `  command.test: '${test}'\n` : ''}`;

/** lib ← app → other (test-only); `wrapped` imports `inner`; a nonce makes every derivation new to the store. */
const files = (salt: string): Files => ({
  'world.yaml': 'name: showcase\n',
  'modules/wrapped.nix': '{ ... }: { imports = [ ./inner.nix ]; }\n',
  'modules/inner.nix': '{ ... }: { }\n',
  'libs/lib/project.yaml': `name: lib\nowners: [team-core]\ntags: [library]\n${command('mkdir -p "$out" && cat data.txt > "$out/data"', 'grep -q lib data.txt')}`,
  'libs/lib/data.txt': `lib ${salt}\n`,
  'apps/app/project.yaml': `name: app\ndeps: [lib]\ndevDeps: [//other]\ninputs: [data.txt]\ntags: [service]\n${command('mkdir -p "$out" && cat data.txt "$WORLD_DEPS/lib/build/data" > "$out/data"')}`,
  'apps/app/data.txt': `app ${salt}\n`,
  'apps/app/README.md': 'not an input\n',
  'other/project.yaml': 'name: other\n',
});

const show = (repo: TestRepo, ...args: string[]) => {
  const r = repo.worldJson<{ projects: Shown[] }>('show', ...args);
  expect(r.code, r.stderr).toBe(0);
  return { projects: r.json.projects, stderr: r.stderr };
};
const only = (repo: TestRepo, ...args: string[]) => {
  const { projects, stderr } = show(repo, ...args);
  expect(projects).toHaveLength(1);
  return { p: projects[0]!, stderr };
};

describe('world show', () => {
  let repo: TestRepo;
  beforeAll(() => {
    repo = makeRepo(files(nonce()));
  });

  test('a project the index does not know: evaluated now, each target with its derivation, would build because it is new', () => {
    const { p, stderr } = only(repo, 'app');
    expect(stderr).toContain('evaluating app with Nix: the cache index does not know it yet');
    expect(p).toMatchObject({
      name: 'app',
      path: '//apps/app',
      dir: 'apps/app',
      file: 'apps/app/project.yaml',
      owners: [],
      tags: ['service'],
      modules: { direct: ['command', 'wrapped'], viaImports: ['inner'], projectNix: false },
      package: null,
      edges: [
        { to: 'lib', kind: 'runtime', origins: [{ source: 'deps', file: 'apps/app/project.yaml', line: 2, col: 8 }] },
        { to: 'other', kind: 'dev', origins: [{ source: 'devDeps', file: 'apps/app/project.yaml', line: 3, col: 11 }] },
      ],
      dependents: [],
      nested: [],
      cycle: null,
      // project.yaml and data.txt: README.md is not an input.
      inputs: { patterns: ['data.txt'], files: 2 },
      targets: { from: 'evaluated-now' },
    });
    expect(p.targets.list).toEqual([
      {
        id: 'app:build',
        name: 'build',
        kind: 'build',
        status: 'would-build',
        reason: { reason: 'new' },
        drv: expect.stringMatching(/^\/nix\/store\/[a-z0-9]{32}-app-build\.drv$/),
        out: expect.stringMatching(/^\/nix\/store\/[a-z0-9]{32}-app-build$/),
        needs: ['lib:build'],
      },
    ]);
    expect(existsSync(p.targets.list![0]!.drv)).toBe(true);
  });

  test('the second time, from the cache index: the same derivations, and no evaluation', () => {
    const first = only(repo, 'app').p;
    const again = only(repo, 'app');
    expect(again.stderr).not.toContain('evaluating');
    expect(again.p.targets.from).toBe('cache-index');
    expect(again.p.targets.evaluatedAt).toBe(first.targets.evaluatedAt);
    expect(again.p.targets.list).toEqual(first.targets.list);
  });

  test('text: every part, and what each target would do', () => {
    const r = repo.world('show', 'lib');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    // lib was evaluated with app, its dependent, in the first test.
    expect(lines[8]).toMatch(/^  targets     \(from the cache index, evaluated \d{4}-\d\d-\d\dT[\d:.]+Z\)$/);
    expect([...lines.slice(0, 8), ...lines.slice(9, 10)]).toEqual([
      'lib  //libs/lib',
      '  file        libs/lib/project.yaml',
      '  owners      team-core',
      '  tags        library',
      '  modules     command, wrapped; through imports: inner',
      '  deps        none',
      '  used by     app',
      '  inputs      2 files (every file of the project)',
      '    build  build  would build: new: never built on this machine',
    ]);
    expect(r.stdout).toMatch(/^ {6}drv {4}\/nix\/store\/\w{32}-lib-test\.drv$/m);
    expect(r.stdout).toMatch(/^ {4}test {3}test {3}would build: new: never built on this machine\n {6}drv .*\n {6}out .*\n {6}needs  lib:build$/m);
  });

  test('after a build its targets are cached; an edit makes them would-build again, saying which file changed', () => {
    const built = repo.world('test', 'lib');
    expect(built.code, built.stderr).toBe(0);
    const cached = only(repo, 'lib').p;
    expect(cached.targets.list!.map((t) => [t.name, t.status, t.reason])).toEqual([
      ['build', 'cached', null],
      ['test', 'cached', null],
    ]);
    for (const t of cached.targets.list!) expect(existsSync(t.out), t.out).toBe(true);

    repo.write({ 'libs/lib/data.txt': `lib ${nonce()} edited\n` });
    const { p, stderr } = only(repo, 'lib');
    expect(stderr).toContain('evaluating lib with Nix');
    expect(p.key).not.toBe(cached.key);
    expect(p.targets.from).toBe('evaluated-now');
    expect(p.targets.list!.map((t) => t.status)).toEqual(['would-build', 'would-build']);
    expect(p.targets.list![0]!.reason).toMatchObject({ reason: 'changed', changes: [{ kind: 'files', modified: ['libs/lib/data.txt'] }] });
    // The dependents' derivations change too: app's is another one now.
    expect(only(repo, 'app').p.targets.from).toBe('evaluated-now');
    repo.git('checkout', '--', 'libs/lib/data.txt');
  });

  test('--no-eval shows what the index knows and runs no Nix for the rest', () => {
    const fresh = makeRepo(files(nonce()));
    for (let i = 0; i < 2; i++) {
      const { p } = only(fresh, 'lib', '--no-eval');
      // Still unknown the second time: nothing evaluated it in between.
      expect(p.targets).toEqual({ from: 'not-evaluated', evaluatedAt: null, list: null });
    }
    const text = fresh.world('show', 'lib', '--no-eval');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('  targets     not evaluated yet: `world show lib` without --no-eval, or any build or dry run (world build -n), evaluates it\n');
    const other = fresh.world('show', 'other');
    expect(other.code, other.stderr).toBe(0);
    expect(other.stdout).toContain('  targets     none (evaluated now): its modules declare no targets\n');
    const dry = fresh.world('build', '-n', 'lib');
    expect(dry.code, dry.stderr).toBe(0);
    expect(only(fresh, 'lib', '--no-eval').p.targets).toMatchObject({ from: 'cache-index', list: [{ name: 'build' }, { name: 'test' }] });
  });

  test('the selectors of world build: a directory, a glob, dependents, a target, a tag', () => {
    const names = (cwd: string, ...args: string[]) => {
      const r = sh(cwd, process.execPath, [WORLD_BIN, 'show', '--no-eval', '--json', ...args], { NO_COLOR: '1' });
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { projects: Shown[] }).projects.map((p) => p.name);
    };
    expect(names(join(repo.dir, 'libs/lib'))).toEqual(['lib']);
    expect(names(join(repo.dir, 'apps'), '../other')).toEqual(['other']);
    expect(names(repo.dir, 'l*')).toEqual(['lib']);
    expect(names(repo.dir, 'lib...').sort()).toEqual(['app', 'lib']);
    expect(names(repo.dir, '...app').sort()).toEqual(['app', 'lib', 'other']);
    expect(names(repo.dir, '--tag', 'service')).toEqual(['app']);
    expect(only(repo, 'lib:test').p.targets.list!.map((t) => t.id)).toEqual(['lib:test']);
    const none = only(repo, 'other').p;
    expect(none.targets).toMatchObject({ list: [] });
    expect(none.modules).toEqual({ direct: [], viaImports: [], projectNix: false });
  });

  test('bad selectors: exit 2 with the error and a hint, as text and as JSON, no stack trace', () => {
    const cases: [string[], string, RegExp][] = [
      [['nope'], 'UNKNOWN_PROJECT', /"nope"/],
      [['lib:nope'], 'UNKNOWN_TARGET', /project lib has no target "nope"/],
      [['lib:nope', '--no-eval'], 'UNKNOWN_TARGET', /project lib has no target "nope"/],
      [['lib:Bad'], 'USAGE', /not a selector/],
      [['--tag', 'nope'], 'UNKNOWN_PROJECT', /tag nope/],
    ];
    for (const [args, code, message] of cases) {
      const r = repo.world('show', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(hasStackTrace(r)).toBe(false);
      const e = parseError(r.stderr);
      expect(e, r.stderr).toMatchObject({ code });
      expect(e!.message).toMatch(message);
      expect(e!.hint).not.toBe('');
      const j = repo.worldJson<{ error: { code: string } }>('show', ...args);
      expect(j.code).toBe(2);
      expect(j.json.error.code).toBe(code);
    }
    expect(parseError(repo.world('show', 'lib:nope').stderr)!.hint).toBe('its targets: build, test');
  });
});

describe('world projects --targets', () => {
  test('lists each project with its targets, saying where they came from', () => {
    const repo = makeRepo(files(nonce()));
    const unknown = repo.world('projects', '--targets', '--no-eval');
    expect(unknown.code, unknown.stderr).toBe(0);
    expect(unknown.stdout).toBe('app\t//apps/app\t(not evaluated)\nlib\t//libs/lib\t(not evaluated)\nother\t//other\t(not evaluated)\n');
    expect(unknown.stderr).toContain('targets: 3 not evaluated yet (--no-eval)');

    const evaluated = repo.world('projects', '--targets');
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toBe('app\t//apps/app\tbuild\nlib\t//libs/lib\tbuild test\nother\t//other\t\n');
    expect(evaluated.stderr).toContain('targets: 3 evaluated now');

    const { code, json, stderr } = repo.worldJson<{ projects: { name: string; targetsFrom: string; targets: { name: string; kind: string; status: string }[] | null }[] }>('projects', '--targets', '--tag', 'library');
    expect(code, stderr).toBe(0);
    expect(json.projects).toEqual([
      expect.objectContaining({
        name: 'lib',
        targetsFrom: 'cache-index',
        targets: [expect.objectContaining({ name: 'build', kind: 'build', status: 'would-build' }), expect.objectContaining({ name: 'test', kind: 'test', status: 'would-build' })],
      }),
    ]);
    // Without --targets the list is as it always was (shell completion reads its first column).
    expect(repo.world('projects').stdout).toBe('app\t//apps/app\nlib\t//libs/lib\nother\t//other\n');
  });

  test('--no-eval without --targets is a usage error', () => {
    const repo = makeRepo(files(nonce()));
    const r = repo.world('projects', '--no-eval');
    expect(r.code).toBe(2);
    expect(parseError(r.stderr)).toMatchObject({ code: 'USAGE', message: '--no-eval says how to find targets: it goes with --targets' });
  });
});
