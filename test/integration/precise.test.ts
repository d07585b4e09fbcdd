/**
 * `--precise`: affected by derivation, on real git repositories and real Nix evaluation.
 * Both sides are evaluated — the base from git objects, no checkout — and only targets whose
 * derivation differs count. `world why --precise` names what differs, like nix-diff.
 *
 * The world: `lib` ← `app`; `app` composes the shared module `greet` (an option whose value
 * becomes the environment variable WORD); `other` composes only `command`, and its build
 * names the one file it reads (`command.sources`), so its README is read by no target.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cleanupTempDirs, makeRepo, nonce, type AffectedJson, type BuildJson, type Files, type TestRepo } from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

interface PreciseTargetJson {
  id: string;
  project: string;
  target: string;
  kind: string;
  change: 'changed' | 'new' | 'uncompared';
  baseDrv: string | null;
  headDrv: string;
}
interface PreciseJson extends AffectedJson {
  affected: (AffectedJson['affected'][number] & { targets: { id: string; change: string }[] })[];
  precise: { base: string; targets: PreciseTargetJson[]; unchanged: { id: string; drv: string }[]; fileBased: string[]; fallback?: string };
}
type Change = { kind: string; [k: string]: unknown };
interface WhyJson {
  project: string;
  base: string;
  targets: { id: string; status: string; baseDrv: string | null; headDrv: string | null; changes: Change[]; note?: string }[];
  evaluated: { base: boolean; head: boolean };
}

const GREET = [
  '# greet: says a word at build time.',
  '{ lib, config, ... }: {',
  '  options.greet.word = lib.mkOption { type = lib.types.str; default = "hi"; };',
  '  config.command.env.WORD = config.greet.word;',
  '}',
  '',
].join('\n');

const world = (salt: string): Files => ({
  'world.yaml': 'name: precise\nnix:\n  hostPath: [/usr/local/bin, /usr/bin, /bin]\n',
  'modules/greet.nix': GREET,
  'lib/project.yaml': 'name: lib\nmodules: [command]\nconfig:\n  command.build: mkdir -p "$out" && cat data.txt > "$out/data"\n',
  'lib/data.txt': `lib ${salt}\n`,
  'app/project.yaml': [
    'name: app',
    'deps: [lib]',
    'modules: [command, greet]',
    'config:',
    '  greet.word: hello',
    '  command.build: mkdir -p "$out" && cat src/data.txt "$WORLD_DEPS/lib/build/data" > "$out/data" && echo "$WORD" >> "$out/data"',
    '  command.test: test -s src/data.txt',
    '',
  ].join('\n'),
  'app/src/data.txt': `app ${salt}\n`,
  'other/project.yaml': 'name: other\nmodules: [command]\nconfig:\n  command.build: mkdir -p "$out" && cp data.txt "$out/"\n  command.sources.build: [data.txt]\n',
  'other/data.txt': `other ${salt}\n`,
  'other/README.md': 'other: copies data.txt\n',
});

const affected = (repo: TestRepo, ...args: string[]) => repo.worldJson<PreciseJson>('affected', '--base', 'main', ...args);
const why = (repo: TestRepo, ...args: string[]) => repo.worldJson<WhyJson>('why', '--precise', '--base', 'main', ...args);
const names = (json: AffectedJson) => json.affected.map((p) => p.name);
const changes = (json: PreciseJson) => Object.fromEntries(json.precise.targets.map((t) => [t.id, t.change]));

let repo: TestRepo;
/** A fresh branch off main for each case, with a clean working tree. */
const branch = (name: string) => {
  repo.git('reset', '-q', '--hard');
  repo.git('clean', '-qfd');
  repo.git('checkout', '-q', '-B', name, 'main');
};

beforeAll(() => {
  repo = makeRepo(world(nonce()));
});

describe('a change that reaches no derivation', () => {
  test('a comment in a shared module: file-based mode reports its users, precise mode nothing', () => {
    branch('comment');
    repo.commit('reword a comment', { 'modules/greet.nix': GREET.replace('says a word', 'prints a word') });

    const file = affected(repo, '--head', 'HEAD');
    expect(file.code, file.stderr).toBe(0);
    expect(names(file.json)).toEqual(['app']);

    const precise = affected(repo, '--head', 'HEAD', '--precise');
    expect(precise.code, precise.stderr).toBe(0);
    expect(names(precise.json)).toEqual([]);
    expect(precise.json.precise.targets).toEqual([]);
    expect(precise.json.precise.fileBased).toEqual(['app']);
    expect(precise.json.precise.unchanged.map((t) => t.id)).toEqual(['app:build', 'app:test']);
    expect(repo.world('affected', '--base', 'main', '--head', 'HEAD', '--precise').stdout).toBe('');

    // build/test --affected --precise have nothing to do.
    const build = repo.worldJson<BuildJson>('build', '--affected', '--precise', '--base', 'main', '--head', 'HEAD', '--dry-run');
    expect(build.code, build.stderr).toBe(0);
    expect(build.json.targets).toEqual([]);

    const w = why(repo, 'app:build', '--head', 'HEAD');
    expect(w.code, w.stderr).toBe(0);
    expect(w.json.targets).toMatchObject([{ id: 'app:build', status: 'unchanged' }]);
  });

  test('a file no target reads: file-based mode reports its project, precise mode nothing; a file it reads is caught', () => {
    branch('readme');
    repo.commit('document other', { 'other/README.md': 'other: copies data.txt into its output\n' });
    expect(names(affected(repo, '--head', 'HEAD').json)).toEqual(['other']);
    const precise = affected(repo, '--head', 'HEAD', '--precise');
    expect(precise.code, precise.stderr).toBe(0);
    expect(names(precise.json)).toEqual([]);
    expect(precise.json.precise.unchanged.map((t) => t.id)).toEqual(['other:build']);

    repo.commit('new data', { 'other/data.txt': 'other, changed\n', 'other/README.md': 'other: copies data.txt, again\n' });
    const both = affected(repo, '--head', 'HEAD', '--precise');
    expect(changes(both.json)).toEqual({ 'other:build': 'changed' });
    // why names the file the target reads, not the README beside it.
    const w = why(repo, 'other:build', '--head', 'HEAD');
    expect(w.json.targets[0]!.changes).toContainEqual(expect.objectContaining({ kind: 'source', project: 'other', files: [{ path: 'other/data.txt', change: 'modified' }] }));
    expect(repo.world('why', '--precise', '--base', 'main', '--head', 'HEAD', 'other:build').stdout).toContain('sources of other (other-build-src): 1 file differs');
  });

  test('the same comment as an uncommitted edit (the working tree is the head)', () => {
    branch('comment-dirty');
    repo.write({ 'modules/greet.nix': GREET.replace('says a word', 'prints a word') });
    expect(names(affected(repo).json)).toEqual(['app']);
    expect(names(affected(repo, '--precise').json)).toEqual([]);
  });
});

describe('changes that reach derivations', () => {
  test('an option value in project.yaml is caught, and why --precise names the option and the env value it became', () => {
    branch('option');
    repo.commit('bonjour', { 'app/project.yaml': world('')['app/project.yaml']!.toString().replace('greet.word: hello', 'greet.word: bonjour') });

    const precise = affected(repo, '--head', 'HEAD', '--precise');
    expect(precise.code, precise.stderr).toBe(0);
    expect(names(precise.json)).toEqual(['app']);
    expect(changes(precise.json)).toEqual({ 'app:build': 'changed', 'app:test': 'changed' });

    const w = why(repo, 'app:build', '--head', 'HEAD');
    expect(w.code, w.stderr).toBe(0);
    const t = w.json.targets[0]!;
    expect(t.status).toBe('changed');
    expect(t.changes).toContainEqual({ kind: 'option', project: 'app', file: 'app/project.yaml', option: 'greet.word', base: 'hello', head: 'bonjour', env: ['WORD'] });
    expect(t.changes).toContainEqual({ kind: 'env', name: 'WORD', base: 'hello', head: 'bonjour' });
    // project.yaml is one of the project's sources, so they differ too — by exactly that file.
    expect(t.changes).toContainEqual(expect.objectContaining({ kind: 'source', project: 'app', files: [{ path: 'app/project.yaml', change: 'modified' }] }));
    // lib is unchanged, so no dependency is named.
    expect(t.changes.filter((c) => c.kind === 'dependency')).toEqual([]);

    const text = repo.world('why', '--precise', '--base', 'main', '--head', 'HEAD', 'app:build');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('app:build: derivation changed');
    expect(text.stdout).toContain('option greet.word (app/project.yaml): "hello" → "bonjour", reaching env WORD');
    expect(text.stdout).toContain('env WORD: "hello" → "bonjour"');
  });

  test('a dependency\'s source file: why --precise follows the dependency to the file', () => {
    branch('dep-source');
    repo.write({ 'lib/data.txt': 'lib changed\n' }); // uncommitted: the working tree is the head

    const precise = affected(repo, '--precise');
    expect(precise.code, precise.stderr).toBe(0);
    expect(names(precise.json)).toEqual(['lib', 'app']);
    expect(changes(precise.json)).toEqual({ 'app:build': 'changed', 'app:test': 'changed', 'lib:build': 'changed' });

    const w = why(repo, 'app:build');
    expect(w.code, w.stderr).toBe(0);
    const dep = w.json.targets[0]!.changes.find((c) => c.kind === 'dependency')!;
    expect(dep).toMatchObject({ kind: 'dependency', target: 'lib:build' });
    expect(dep.changes).toEqual([expect.objectContaining({ kind: 'source', project: 'lib', files: [{ path: 'lib/data.txt', change: 'modified' }] })]);
    expect(w.json.targets[0]!.changes.filter((c) => c.kind === 'option' || c.kind === 'env')).toEqual([]);

    // Every target of the project when no target is named; an unrelated project is not evaluated at all.
    expect(why(repo, 'app').json.targets.map((t) => [t.id, t.status])).toEqual([['app:build', 'changed'], ['app:test', 'changed']]);
    const other = why(repo, 'other:build');
    expect(other.json.targets).toMatchObject([{ id: 'other:build', status: 'unchanged' }]);
    expect(other.json.evaluated).toEqual({ base: false, head: false });

    // --affected --precise builds exactly the changed targets of the wanted kind.
    const build = repo.worldJson<BuildJson>('build', '--affected', '--precise', '--base', 'main', '--dry-run');
    expect(build.json.targets.map((t) => t.id)).toEqual(['app:build', 'lib:build']);
    const tests = repo.worldJson<BuildJson>('test', '--affected', '--precise', '--base', 'main', '--dry-run');
    expect(tests.json.targets.map((t) => t.id)).toEqual(['app:test']);
  });

  test('a new project\'s targets are new', () => {
    branch('new-project');
    repo.commit('add', { 'fresh/project.yaml': 'name: fresh\nmodules: [command]\nconfig:\n  command.build: mkdir -p "$out"\n' });
    const precise = affected(repo, '--head', 'HEAD', '--precise');
    expect(precise.json.precise.targets).toMatchObject([{ id: 'fresh:build', change: 'new', baseDrv: null }]);
    expect(why(repo, 'fresh:build', '--head', 'HEAD').json.targets).toMatchObject([{ id: 'fresh:build', status: 'new' }]);
  });
});

describe('a base that does not evaluate', () => {
  test('every target of the file-based set counts, and the result says why', () => {
    repo.git('reset', '-q', '--hard');
    repo.git('checkout', '-q', '-B', 'broken-base', 'main');
    repo.commit('break greet', { 'modules/greet.nix': GREET.replace('config.greet.word', 'config.greet.nope') });
    repo.git('checkout', '-q', '-B', 'fix', 'broken-base');
    repo.commit('fix greet', { 'modules/greet.nix': GREET });
    const r = repo.worldJson<PreciseJson>('affected', '--base', 'broken-base', '--head', 'HEAD', '--precise');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('could not be evaluated');
    expect(r.json.precise.fallback).toContain('NIX_EVAL');
    expect(changes(r.json)).toEqual({ 'app:build': 'uncompared', 'app:test': 'uncompared' });
  });
});

describe('usage', () => {
  test('--precise on build needs --affected', () => {
    const r = repo.world('build', '--precise');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--affected');
  });
});
