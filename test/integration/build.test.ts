/**
 * `world build` / `world test` on real git repositories and the real Nix store: what is
 * built, what comes from the cache, what a failing test does, sources from the working tree
 * and from git, values reaching builds as data, and the cache index under concurrent runs.
 *
 * Every world carries a fresh nonce in its sources, so its derivations are new to the store
 * and "built" vs "cached" is decided by this run alone.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  REPO_ROOT,
  WORLD_BIN,
  cleanupTempDirs,
  cloneRepo,
  makeRepo,
  nonce,
  sh,
  statusById,
  tempDir,
  type BuildJson,
  type Files,
  type RunResult,
  type TestRepo,
} from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

const WORLD_YAML = 'name: layers\nnix:\n  hostPath: [/usr/local/bin, /usr/bin, /bin]\n';

/** A `command` project whose build writes its deps' `value` files, then its own value.txt, to $out/value. */
const layer = (name: string, deps: string[], value: string, salt: string): Files => ({
  [`${name}/project.yaml`]: [
    `name: ${name}`,
    `deps: [${deps.join(', ')}]`,
    'modules: [command]',
    'config:',
    '  command.build: |',
    '    mkdir -p "$out"',
    ...deps.map((d) => `    cat "$WORLD_DEPS/${d}/build/value" >> "$out/value"`),
    '    cat value.txt >> "$out/value"',
    '',
  ].join('\n'),
  [`${name}/value.txt`]: `${value}\n`,
  [`${name}/salt.txt`]: `${salt}\n`,
});

/** base ← mid ← top, plus `other`, which nothing depends on and which depends on nothing. */
const layeredBuildWorld = (salt = nonce()): Files => ({
  'world.yaml': WORLD_YAML,
  ...layer('base', [], 'base-1', salt),
  ...layer('mid', ['base'], 'mid-1', salt),
  ...layer('top', ['mid'], 'top-1', salt),
  ...layer('other', [], 'other-1', salt),
});

const build = (repo: TestRepo, ...args: string[]) => repo.worldJson<BuildJson>('build', ...args);
const testRun = (repo: TestRepo, ...args: string[]) => repo.worldJson<BuildJson>('test', ...args);
const outOf = (json: BuildJson, id: string): string => {
  const t = json.targets.find((x) => x.id === id);
  if (!t) throw new Error(`${id} is not in the result: ${json.targets.map((x) => x.id).join(', ')}`);
  return t.out;
};
const read = (path: string): string => readFileSync(path, 'utf8');

describe('a three-layer world: only what changed is rebuilt', () => {
  let repo: TestRepo;
  beforeAll(() => {
    repo = makeRepo(layeredBuildWorld());
  });

  test('the first build builds every target, and outputs hold their dependencies\' outputs', () => {
    const { code, json, stderr } = build(repo);
    expect(code, stderr).toBe(0);
    expect(json.evaluated).toBe(true);
    expect(statusById(json)).toEqual({ 'base:build': 'built', 'mid:build': 'built', 'top:build': 'built', 'other:build': 'built' });
    expect(json.summary).toMatchObject({ total: 4, built: 4, cached: 0, failed: 0, skipped: 0, wouldBuild: 0 });
    expect(read(join(outOf(json, 'top:build'), 'value'))).toBe('base-1\nmid-1\ntop-1\n');
    expect(read(join(outOf(json, 'other:build'), 'value'))).toBe('other-1\n');
    for (const t of json.targets) {
      expect(t.drv).toMatch(new RegExp(`^/nix/store/[a-z0-9]{32}-${t.project}-build\\.drv$`));
      expect(t.out).toMatch(new RegExp(`^/nix/store/[a-z0-9]{32}-${t.project}-build$`));
      expect(t.key).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  test('a second build is fully cached without evaluating Nix', () => {
    const { code, json } = build(repo);
    expect(code).toBe(0);
    expect(json.evaluated).toBe(false);
    expect(json.plan).toBeNull();
    expect(statusById(json)).toEqual({ 'base:build': 'cached', 'mid:build': 'cached', 'top:build': 'cached', 'other:build': 'cached' });
    expect(json.summary).toMatchObject({ total: 4, cached: 4, built: 0 });
  });

  test('changing the leaf rebuilds only the leaf', () => {
    const before = build(repo).json;
    repo.commit('top changes', { 'top/value.txt': 'top-2\n' });
    const { code, json } = build(repo);
    expect(code).toBe(0);
    expect(statusById(json)).toEqual({ 'base:build': 'cached', 'mid:build': 'cached', 'top:build': 'built', 'other:build': 'cached' });
    expect(read(join(outOf(json, 'top:build'), 'value'))).toBe('base-1\nmid-1\ntop-2\n');
    // The untouched targets are the very same derivations as before.
    for (const id of ['base:build', 'mid:build', 'other:build']) expect(outOf(json, id)).toBe(outOf(before, id));
    expect(outOf(json, 'top:build')).not.toBe(outOf(before, 'top:build'));
  });

  test('changing a shared library rebuilds it and its dependents, not the unrelated project', () => {
    repo.commit('base changes', { 'base/value.txt': 'base-2\n' });
    const { code, json } = build(repo);
    expect(code).toBe(0);
    expect(statusById(json)).toEqual({ 'base:build': 'built', 'mid:build': 'built', 'top:build': 'built', 'other:build': 'cached' });
    expect(read(join(outOf(json, 'mid:build'), 'value'))).toBe('base-2\nmid-1\n');
    expect(read(join(outOf(json, 'top:build'), 'value'))).toBe('base-2\nmid-1\ntop-2\n');
    expect(build(repo).json.evaluated).toBe(false);
  });

  test('an uncommitted edit is built without a commit; undoing it brings back the cached outputs', () => {
    const committed = build(repo).json;
    repo.write({ 'mid/value.txt': 'mid-uncommitted\n' });
    const { code, json } = build(repo);
    expect(code).toBe(0);
    expect(statusById(json)).toEqual({ 'base:build': 'cached', 'mid:build': 'built', 'top:build': 'built', 'other:build': 'cached' });
    expect(read(join(outOf(json, 'mid:build'), 'value'))).toBe('base-2\nmid-uncommitted\n');
    expect(read(join(outOf(json, 'top:build'), 'value'))).toBe('base-2\nmid-uncommitted\ntop-2\n');
    expect(repo.git('status', '--porcelain')).toBe('M mid/value.txt');

    // An untracked file in a project counts too.
    repo.write({ 'other/extra.txt': 'new\n' });
    expect(statusById(build(repo).json)['other:build']).toBe('built');

    repo.git('checkout', '--', 'mid/value.txt');
    repo.remove('other/extra.txt');
    const back = build(repo);
    expect(back.json.evaluated).toBe(false);
    expect(statusById(back.json)).toEqual({ 'base:build': 'cached', 'mid:build': 'cached', 'top:build': 'cached', 'other:build': 'cached' });
    expect(back.json.targets.map((t) => t.out)).toEqual(committed.targets.map((t) => t.out));
  });

  test('naming one project builds just its targets', () => {
    repo.commit('other changes', { 'other/value.txt': 'other-2\n' });
    const { code, json } = build(repo, 'top', 'other:build');
    expect(code).toBe(0);
    expect(statusById(json)).toEqual({ 'top:build': 'cached', 'other:build': 'built' });
  });

  test('a setting that re-keys every project evaluates them all again, reusing their sources from the store', () => {
    const first = build(repo).json;
    expect(first.evaluated).toBe(false);
    repo.commit('one more host directory', { 'world.yaml': WORLD_YAML.replace('/bin]', '/bin, /sbin]') });
    const { code, json } = build(repo);
    expect(code).toBe(0);
    expect(json.evaluated).toBe(true);
    expect(json.sources).toEqual({ added: 0, reused: 4 });
    expect(statusById(json)).toEqual({ 'base:build': 'built', 'mid:build': 'built', 'top:build': 'built', 'other:build': 'built' });
    // A changed source is added; the evaluation's other projects (mid's dependency, its dependent) reuse theirs.
    repo.commit('mid changes', { 'mid/value.txt': 'mid-2\n' });
    expect(build(repo).json.sources).toEqual({ added: 1, reused: 2 });
  });
});

describe('a failing test target', () => {
  let repo: TestRepo;
  beforeAll(() => {
    repo = makeRepo({
      'world.yaml': WORLD_YAML,
      'checker/project.yaml': [
        'name: checker',
        'modules: [command]',
        'config:',
        '  command.build: |',
        '    mkdir -p "$out"',
        '    cp status.txt "$out/"',
        '  command.test: |',
        '    echo "checking the status"',
        '    grep -qx ok status.txt || { echo "status is not ok: $(cat status.txt)"; exit 3; }',
        '    echo "status is ok"',
        '',
      ].join('\n'),
      'checker/status.txt': 'broken\n',
      'checker/salt.txt': `${nonce()}\n`,
      'fine/project.yaml': 'name: fine\nmodules: [command]\nconfig:\n  command.test: |\n    echo "fine: all good"\n',
      'fine/salt.txt': `${nonce()}\n`,
    });
  });

  test('`world test` exits 1 and names the failing target with the tail of its log', () => {
    const r = repo.world('test');
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines.some((l) => l.includes('failed') && l.includes('checker:test'))).toBe(true);
    expect(r.stderr).toContain('status is not ok: broken');
    expect(r.stderr).toContain('world log checker:test');
    expect(lines.some((l) => l.includes('failed') && l.includes('fine:test'))).toBe(false);
  });

  test('it is not cached: the next run runs it again and it fails again', () => {
    const { code, json } = testRun(repo);
    expect(code).toBe(1);
    expect(statusById(json)).toEqual({ 'checker:test': 'failed', 'fine:test': 'cached' });
    const failed = json.targets.find((t) => t.id === 'checker:test')!;
    expect(failed.logTail).toContain('status is not ok: broken');
    expect(json.summary).toMatchObject({ total: 2, failed: 1, cached: 1 });
    // Its build target is fine, and `world build` does not run tests.
    const b = build(repo);
    expect(b.code).toBe(0);
    expect(statusById(b.json)).toEqual({ 'checker:build': 'cached' });
  });

  test('`world log` prints the whole failing log', () => {
    const r = repo.world('log', 'checker:test');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('checking the status');
    expect(r.stdout).toContain('status is not ok: broken');
  });

  test('fixed, it passes and writes its log to $out; then it is cached', () => {
    repo.write({ 'checker/status.txt': 'ok\n' });
    const { code, json, stderr } = testRun(repo);
    expect(code, stderr).toBe(0);
    expect(statusById(json)).toEqual({ 'checker:test': 'built', 'fine:test': 'cached' });
    expect(read(join(outOf(json, 'checker:test'), 'log'))).toBe('checking the status\nstatus is ok\n');

    const again = testRun(repo);
    expect(again.code).toBe(0);
    expect(again.json.evaluated).toBe(false);
    expect(statusById(again.json)).toEqual({ 'checker:test': 'cached', 'fine:test': 'cached' });
  });

  test('a target whose dependency fails is skipped and says why', () => {
    repo.write({
      'checker/status.txt': 'broken again\n',
      'user/project.yaml': 'name: user\ndeps: [broken-lib]\nmodules: [command]\nconfig:\n  command.build: |\n    mkdir -p "$out"\n',
      'broken-lib/project.yaml': 'name: broken-lib\nmodules: [command]\nconfig:\n  command.build: |\n    echo "cannot build"; exit 1\n',
      'broken-lib/salt.txt': `${nonce()}\n`,
    });
    const { code, json } = build(repo, 'user', '--keep-going');
    expect(code).toBe(1);
    const user = json.targets.find((t) => t.id === 'user:build')!;
    expect(user.status).toBe('skipped');
    expect(user.cause).toEqual({ reason: 'dependency-failed', failed: ['broken-lib:build'] });
  });
});

describe('a target that names the files it reads (`sources`)', () => {
  test('builds from just those files; a change to another file leaves its output cached', () => {
    const repo = makeRepo({
      'world.yaml': WORLD_YAML,
      'tool/project.yaml': [
        'name: tool',
        'modules: [command]',
        'config:',
        '  command.build: mkdir -p "$out" && find . -type f | sort > "$out/files"',
        '  command.test: grep -q ok tests/check.txt',
        '  command.sources: { build: [src/**, "*.mk"], test: [tests] }',
        '',
      ].join('\n'),
      'tool/src/main.c': `int main(void) { return 0; } /* ${nonce()} */\n`,
      'tool/src/deep/util.c': 'int util;\n',
      'tool/rules.mk': 'all:\n',
      'tool/tests/check.txt': 'ok\n',
      'tool/README.md': 'tool\n',
    });
    const first = build(repo);
    expect(first.code, first.stderr).toBe(0);
    expect(read(join(outOf(first.json, 'tool:build'), 'files'))).toBe('./rules.mk\n./src/deep/util.c\n./src/main.c\n');
    expect(testRun(repo).code).toBe(0);

    repo.commit('docs', { 'tool/README.md': 'tool, documented\n', 'tool/tests/check.txt': 'ok, more\n' });
    const again = build(repo);
    // The project's fingerprint changed, so Nix evaluates; the build's derivation did not.
    expect(again.json.evaluated).toBe(true);
    expect(statusById(again.json)).toEqual({ 'tool:build': 'cached' });
    expect(outOf(again.json, 'tool:build')).toBe(outOf(first.json, 'tool:build'));
    // The test target reads tests/, so it runs again.
    expect(statusById(testRun(repo).json)).toEqual({ 'tool:test': 'built' });
  });
});

describe('a project that is not on disk builds from git', () => {
  test('in a sparse clone holding only the leaf, its dependencies come from git objects', () => {
    const origin = makeRepo(layeredBuildWorld());
    const clone = cloneRepo(origin.dir);
    clone.git('sparse-checkout', 'set', '--cone', 'top');
    expect(clone.exists('top/project.yaml')).toBe(true);
    expect(clone.exists('world.yaml')).toBe(true);
    expect(clone.exists('base')).toBe(false);
    expect(clone.exists('mid')).toBe(false);

    const { code, json, stderr } = build(clone, 'top');
    expect(code, stderr).toBe(0);
    expect(statusById(json)).toEqual({ 'top:build': 'built' });
    expect(read(join(outOf(json, 'top:build'), 'value'))).toBe('base-1\nmid-1\ntop-1\n');

    // The dependencies were built on the way, from git: their outputs are right and cached.
    const deps = build(clone, 'base', 'mid');
    expect(deps.code).toBe(0);
    expect(statusById(deps.json)).toEqual({ 'base:build': 'cached', 'mid:build': 'cached' });
    expect(read(join(outOf(deps.json, 'base:build'), 'value'))).toBe('base-1\n');
    expect(read(join(outOf(deps.json, 'mid:build'), 'value'))).toBe('base-1\nmid-1\n');
    // Same sources, same derivations as in a full checkout.
    const full = build(origin, 'mid');
    expect(outOf(full.json, 'mid:build')).toBe(outOf(deps.json, 'mid:build'));
    expect(clone.exists('base')).toBe(false);
  });
});

describe('nix.nixpkgs and nix.lib', () => {
  const libFiles = (): Files =>
    Object.fromEntries(readdirSync(join(REPO_ROOT, 'modules/lib')).map((f) => [`tools/lib-copy/${f}`, readFileSync(join(REPO_ROOT, 'modules/lib', f), 'utf8')]));
  const worldYaml = (lib: string) =>
    `name: pkgs\nnix:\n  hostPath: [/usr/local/bin, /usr/bin, /bin]\n  nixpkgs: tools/fake-nixpkgs\n  lib: ${lib}\n`;

  test('modules receive `pkgs` from nix.nixpkgs; another lib directory gives the same derivations', () => {
    const repo = makeRepo({
      'world.yaml': worldYaml('builtin'),
      // Stands in for nixpkgs (not on these machines): called with `{ }`, like nixpkgs.
      'tools/fake-nixpkgs/default.nix': '{ ... }: { greeting = "hello from pkgs"; }\n',
      ...libFiles(),
      'modules/greeting.nix': '{ pkgs, ... }: { config.command.env.GREETING = pkgs.greeting; }\n',
      'app/project.yaml': `name: app\nmodules: [command, greeting]\nconfig:\n  command.build: mkdir -p "$out" && echo "$GREETING" > "$out/greeting"\n`,
      'app/salt.txt': `${nonce()}\n`,
    });
    const first = build(repo);
    expect(first.code, first.stderr).toBe(0);
    expect(read(join(outOf(first.json, 'app:build'), 'greeting'))).toBe('hello from pkgs\n');

    repo.commit('lib from a directory', { 'world.yaml': worldYaml('tools/lib-copy') });
    const other = build(repo);
    expect(other.code, other.stderr).toBe(0);
    expect(other.json.evaluated).toBe(true);
    expect(statusById(other.json)).toEqual({ 'app:build': 'cached' });
    expect(other.json.targets[0]!.drv).toBe(first.json.targets[0]!.drv);
    // A lib inside the world reaches Nix as a store path of exactly the files the key covers.
    expect(readFileSync(other.json.plan!, 'utf8')).toMatch(/lib = import "\/nix\/store\/[a-z0-9]{32}-pkgs-nix-lib"/);
  });
});

describe('values reach builds as data, never as code', () => {
  const NIX_INTERPOLATION = '${builtins.readFile /etc/passwd}';
  const SHELL = '"; rm -rf ~; "';
  const MIXED = "it's $(echo pwned) `id` ${HOME} \\n \" '' ${ \\";
  // A file name a shell or Nix would trip over if it were spliced in, but legal for git and node.
  const ENTRY = "src/entry it's $(echo x) ${y} 'q' #1.js";

  let repo: TestRepo;
  let json: BuildJson;
  beforeAll(() => {
    repo = makeRepo({
      'world.yaml': WORLD_YAML,
      'inject/project.yaml': [
        'name: inject',
        'modules: [command]',
        'config:',
        '  command.env:',
        `    NIXY: ${JSON.stringify(NIX_INTERPOLATION)}`,
        `    SHELLY: ${JSON.stringify(SHELL)}`,
        `    MIXED: ${JSON.stringify(MIXED)}`,
        '  command.build: |',
        '    mkdir -p "$out"',
        '    printf "%s" "$NIXY" > "$out/nixy"',
        '    printf "%s" "$SHELLY" > "$out/shelly"',
        '    printf "%s" "$MIXED" > "$out/mixed"',
        '',
      ].join('\n'),
      'inject/salt.txt': `${nonce()}\n`,
      'weird/project.yaml': `name: weird\nmodules: [node]\nconfig:\n  node.entry: ${JSON.stringify(ENTRY)}\n  node.test: false\n`,
      [`weird/${ENTRY}`]: `export const salt = ${JSON.stringify(nonce())};\n`,
      'weird/package.json': '{ "name": "weird", "type": "module" }\n',
    });
    const r = build(repo);
    expect(r.code, r.stderr).toBe(0);
    json = r.json;
  });

  test('a Nix interpolation in a config value arrives as that literal string', () => {
    expect(read(join(outOf(json, 'inject:build'), 'nixy'))).toBe(NIX_INTERPOLATION);
  });

  test('a shell command in a config value arrives as that literal string', () => {
    expect(read(join(outOf(json, 'inject:build'), 'shelly'))).toBe(SHELL);
    expect(read(join(outOf(json, 'inject:build'), 'mixed'))).toBe(MIXED);
  });

  test('the node module checks an entry point with a weird name', () => {
    expect(statusById(json)['weird:build']).toBe('built');
    expect(existsSync(join(outOf(json, 'weird:build'), ENTRY))).toBe(true);
    // It really is checked: a syntax error in that file fails the build.
    repo.write({ [`weird/${ENTRY}`]: 'export const = ;\n' });
    const broken = build(repo, 'weird');
    expect(broken.code).toBe(1);
    expect(statusById(broken.json)).toEqual({ 'weird:build': 'failed' });
    repo.git('checkout', '--', `weird/${ENTRY}`);
  });
});

describe('--dry-run, `world nix show`, errors, concurrency and the cache index', () => {
  let repo: TestRepo;
  beforeAll(() => {
    repo = makeRepo(layeredBuildWorld());
  });

  test('--dry-run reports what would be built and what is cached, and builds nothing', () => {
    expect(build(repo, 'base').code).toBe(0);
    const { code, json } = build(repo, '--dry-run');
    expect(code).toBe(0);
    expect(statusById(json)).toEqual({ 'base:build': 'cached', 'mid:build': 'would-build', 'top:build': 'would-build', 'other:build': 'would-build' });
    expect(json.summary).toMatchObject({ total: 4, cached: 1, wouldBuild: 3, built: 0 });
    for (const t of json.targets) expect(existsSync(t.out)).toBe(t.status === 'cached');

    // The dry run evaluated; the real build then builds exactly what it announced.
    const real = build(repo);
    expect(real.json.evaluated).toBe(false);
    expect(statusById(real.json)).toEqual({ 'base:build': 'cached', 'mid:build': 'built', 'top:build': 'built', 'other:build': 'built' });
    expect(real.json.targets.map((t) => t.out)).toEqual(json.targets.map((t) => t.out));
  });

  test('`world nix show` prints a plan that plain nix-build turns into the same output', () => {
    const { json } = build(repo, 'top');
    const shown = repo.world('nix', 'show', 'top:build');
    expect(shown.code, shown.stderr).toBe(0);
    const planFile = /^# (\/\S+\.nix)$/m.exec(shown.stdout)?.[1];
    expect(planFile).toBeDefined();
    expect(shown.stdout).toContain(json.targets[0]!.drv);

    const cwd = tempDir('world-nix-build-');
    const r = sh(cwd, 'nix-build', [planFile!, '-A', 'top.build', '--no-out-link', '--option', 'substituters', '']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(outOf(json, 'top:build'));
    const drv = sh(cwd, 'nix-instantiate', [planFile!, '-A', 'top.build', '--option', 'substituters', '']);
    expect(drv.stdout.trim()).toBe(json.targets[0]!.drv);
  });

  test('an unknown target is a usage error with a suggestion', () => {
    const typo = repo.world('build', 'top:buidl');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/error\[UNKNOWN_TARGET\]/);
    expect(typo.stderr).toContain('did you mean');
    expect(typo.stderr).toContain('build');

    const nope = repo.world('build', 'top:nope');
    expect(nope.code).toBe(2);
    expect(nope.stderr).toContain('"nope"');
    expect(nope.stderr).toMatch(/hint: its targets: build/);

    const project = repo.world('build', 'tpo');
    expect(project.code).toBe(2);
    expect(project.stderr).toContain('top');
  });

  test('two builds at once both succeed, and a third finds everything cached', async () => {
    repo.commit('everything changes', {
      'base/value.txt': 'base-concurrent\n',
      'other/value.txt': 'other-concurrent\n',
    });
    const [a, b] = await Promise.all([worldAsync(repo.dir, 'build', '--json'), worldAsync(repo.dir, 'build', '--json')]);
    for (const r of [a, b]) {
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout) as BuildJson;
      expect(j.summary.failed).toBe(0);
      expect(j.summary.total).toBe(4);
      for (const t of j.targets) expect(['built', 'cached']).toContain(t.status);
    }
    const third = build(repo);
    expect(third.code).toBe(0);
    expect(third.json.evaluated).toBe(false);
    expect(statusById(third.json)).toEqual({ 'base:build': 'cached', 'mid:build': 'cached', 'top:build': 'cached', 'other:build': 'cached' });
    expect(read(join(outOf(third.json, 'top:build'), 'value'))).toBe('base-concurrent\nmid-1\ntop-1\n');
  });

  test('Nix\'s garbage collector would keep every output, derivation and source the index refers to', () => {
    const json = build(repo).json;
    expect(json.evaluated).toBe(false);
    // --print-dead lists what a collection would delete, and deletes nothing.
    const dead = sh(repo.dir, 'nix-store', ['--gc', '--print-dead']);
    expect(dead.code, dead.stderr).toBe(0);
    const deadPaths = new Set(dead.stdout.split('\n').filter(Boolean));
    const kept = json.targets.flatMap((t) => [t.out, t.drv]);
    const sources = json.targets.map((t) => t.drv).flatMap((drv) => sh(repo.dir, 'nix-store', ['-q', '--references', drv]).stdout.split('\n').filter((p) => p.endsWith('-src')));
    expect(sources.length).toBe(json.targets.length);
    expect([...kept, ...sources].filter((p) => deadPaths.has(p))).toEqual([]);
  });

  test('`world cache stats` and `world cache gc`: after gc the index is empty, outputs still in the store', () => {
    const stats = repo.worldJson<{ entries: number; projects: number; targets: number; outputsInStore: number; roots: number; liveRoots: number }>('cache', 'stats');
    expect(stats.code).toBe(0);
    expect(stats.json.entries).toBeGreaterThanOrEqual(4);
    expect(stats.json.projects).toBe(4);
    expect(stats.json.outputsInStore).toBeGreaterThanOrEqual(4);
    expect(stats.json.liveRoots).toBeGreaterThanOrEqual(4);

    const gc = repo.worldJson<{ removedEntries: number; releasedRoots: number; kept: number }>('cache', 'gc', '--older-than', '0');
    expect(gc.code).toBe(0);
    expect(gc.json.removedEntries).toBe(stats.json.entries);
    expect(gc.json.kept).toBe(0);
    expect(repo.worldJson<{ entries: number; roots: number }>('cache', 'stats').json).toMatchObject({ entries: 0, roots: 0 });

    // The index forgot everything, so Nix evaluates again; the outputs were not collected.
    const after = build(repo);
    expect(after.code).toBe(0);
    expect(after.json.evaluated).toBe(true);
    expect(statusById(after.json)).toEqual({ 'base:build': 'cached', 'mid:build': 'cached', 'top:build': 'cached', 'other:build': 'cached' });
    expect(build(repo).json.evaluated).toBe(false);
  });
});

describe('a module evaluation error', () => {
  test('exits 2 naming the option and the project file', () => {
    const repo = makeRepo({
      'world.yaml': WORLD_YAML,
      'libs/bad/project.yaml': 'name: bad\nmodules: [c]\nconfig:\n  c.kind: bogus\n',
      'libs/bad/src/bad.c': 'int bad;\n',
    });
    const r = repo.world('build');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error[NIX_EVAL]');
    expect(r.stderr).toContain('c.kind');
    expect(r.stderr).toContain('libs/bad/project.yaml');
    expect(r.stderr).toContain('bogus');
  });

  test('an option no module declares names the option and the project file', () => {
    const repo = makeRepo({
      'world.yaml': WORLD_YAML,
      'tool/project.yaml': 'name: tool\nmodules: [command]\nconfig:\n  command.biuld: echo hi\n',
    });
    const r = repo.world('build');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('command.biuld');
    expect(r.stderr).toContain('tool/project.yaml');
  });
});

/** Runs world without blocking the event loop, so two runs overlap. */
const worldAsync = (cwd: string, ...args: string[]): Promise<RunResult> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [WORLD_BIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
