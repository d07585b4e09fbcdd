/**
 * The invariant behind every "cached": the cache index only ever answers with the derivation
 * a fresh evaluation would give now. Each kind of input a derivation can depend on is changed
 * in turn; after each change, world's answer (`build -n`, index in place) must equal a fresh
 * evaluation (index moved aside), target by target — and where the change alters what a
 * build would make, the derivations must differ from before, so nothing stale is "cached".
 */
import { chmodSync, existsSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT, TestRepo, cleanupTempDirs, makeRepo, nonce, tempDir, type BuildJson, type Files } from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

const vendoredLib = (): Files =>
  Object.fromEntries(readdirSync(join(REPO_ROOT, 'modules/lib')).map((f) => [`vendor/lib/${f}`, readFileSync(join(REPO_ROOT, 'modules/lib', f), 'utf8')]));

const world = (): Files => ({
  'world.yaml': [
    'name: sound',
    'global: [tools.lock]',
    'nix:',
    '  lib: vendor/lib',
    '  nixpkgs: vendor/pkgs',
    '  hostPath: [tools/bin, /usr/local/bin, /usr/bin, /bin]',
    '',
  ].join('\n'),
  'tools.lock': 'toolchain 1\n',
  'tools/bin/mytool': '#!/bin/sh\necho tool-1\n',
  ...vendoredLib(),
  // Stands in for nixpkgs (not on these machines): called with `{ }`, like nixpkgs.
  'vendor/pkgs/default.nix': '{ ... }: { greeting = "pkgs-1"; }\n',
  'modules/base.nix': '{ lib, ... }: { config.command.env.BASE = "base-1"; }\n',
  'modules/greet.nix': '{ lib, pkgs, ... }: { imports = [ ./base.nix ]; config.command.env.GREETING = lib.toUpper pkgs.greeting + builtins.readFile ./greet.txt; }\n',
  'modules/greet.txt': 'greet-1',
  // Reads a file of the modules directory by a path Nix computes: no literal names the file.
  'modules/dyn.nix': '{ ... }: { config.command.env.DYN = builtins.readFile (./. + "/dyn-data.txt"); }\n',
  'modules/dyn-data.txt': 'dyn-1',
  'app/project.yaml': 'name: app\ndeps: [lib]\nmodules: [command, greet, dyn]\nconfig:\n  command.build: mkdir -p "$out" && mytool > "$out/tool" && echo "$GREETING $BASE" > "$out/greeting"\n',
  'app/src/main.txt': 'main-1\n',
  'app/run.sh': '#!/bin/sh\necho run\n',
  'app/link': '', // replaced by a symlink below
  'lib/project.yaml': 'name: lib\nmodules: [command]\nconfig:\n  command.build: mkdir -p "$out" && cp -R . "$out"\n',
  'lib/value.txt': 'lib-1\n',
  // A project whose own Nix code imports a shared module by relative path (as from the checkout).
  'pnix/project.yaml': 'name: pnix\nmodules: [command]\nconfig:\n  command.build: mkdir -p "$out" && echo "$BASE" > "$out/base"\n',
  'pnix/project.nix': '{ ... }: { imports = [ ../modules/base.nix ]; }\n',
  'salt.txt': `${nonce()}\n`,
});

type Drvs = Record<string, string>;

const drvsOf = (json: BuildJson): Drvs => Object.fromEntries(json.targets.map((t) => [t.id, t.drv]));

/** world's answer with the cache index as it is. */
const cachedAnswer = (repo: TestRepo): BuildJson => {
  const r = repo.worldJson<BuildJson>('build', '-n');
  expect(r.code, r.stderr).toBe(0);
  return r.json;
};

/** The same question with no index: everything evaluated now. The index is put back afterwards. */
const freshAnswer = (repo: TestRepo): BuildJson => {
  const index = join(repo.git('rev-parse', '--git-common-dir').replace(/^(?!\/)/, `${repo.dir}/`), 'world/cache/index');
  const aside = `${index}.aside`;
  if (existsSync(index)) renameSync(index, aside);
  try {
    const r = repo.worldJson<BuildJson>('build', '-n');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.evaluated).toBe(true);
    return r.json;
  } finally {
    rmSync(index, { recursive: true, force: true });
    if (existsSync(aside)) renameSync(aside, index);
  }
};

interface Mutation {
  name: string;
  apply: (repo: TestRepo) => void;
  /** Targets whose derivation must change; every other must stay the same. */
  changes: string[];
}

const ALL = ['app:build', 'lib:build', 'pnix:build'];

const mutations: Mutation[] = [
  { name: 'a committed global input', apply: (r) => r.commit('lock', { 'tools.lock': 'toolchain 2\n' }), changes: ALL },
  { name: 'an uncommitted global input', apply: (r) => r.write({ 'tools.lock': 'toolchain 3\n' }), changes: ALL },
  {
    name: 'a function of nix.lib (a directory of the world)',
    apply: (r) => {
      const file = join(r.dir, 'vendor/lib/strings.nix');
      r.write({ 'vendor/lib/strings.nix': readFileSync(file, 'utf8').replace('toUpper = replaceStrings lowerChars upperChars;', 'toUpper = s: "<" + replaceStrings lowerChars upperChars s + ">";') });
    },
    changes: ['app:build'],
  },
  { name: 'nix.nixpkgs (a directory of the world)', apply: (r) => r.write({ 'vendor/pkgs/default.nix': '{ ... }: { greeting = "pkgs-2"; }\n' }), changes: ['app:build'] },
  { name: 'a host tool on a relative hostPath', apply: (r) => r.write({ 'tools/bin/mytool': '#!/bin/sh\necho tool-2\n' }), changes: ALL },
  { name: 'a new host tool', apply: (r) => r.write({ 'tools/bin/othertool': '#!/bin/sh\n' }), changes: ALL },
  { name: 'a module imported by another module', apply: (r) => r.write({ 'modules/base.nix': '{ lib, ... }: { config.command.env.BASE = "base-2"; }\n' }), changes: ['app:build', 'pnix:build'] },
  { name: 'a file a module reads', apply: (r) => r.write({ 'modules/greet.txt': 'greet-2' }), changes: ['app:build'] },
  { name: 'a file a module reads by a computed path', apply: (r) => r.write({ 'modules/dyn-data.txt': 'dyn-2' }), changes: ['app:build'] },
  { name: 'project.nix', apply: (r) => r.write({ 'pnix/project.nix': '{ ... }: { imports = [ ../modules/base.nix ]; config.command.env.EXTRA = "x"; }\n' }), changes: ['pnix:build'] },
  { name: "a dependency's file", apply: (r) => r.write({ 'lib/value.txt': 'lib-2\n' }), changes: ['lib:build', 'app:build'] },
  { name: 'an untracked file', apply: (r) => r.write({ 'app/src/new.txt': 'new\n' }), changes: ['app:build'] },
  { name: 'a deleted file', apply: (r) => r.remove('app/src/main.txt'), changes: ['app:build'] },
  { name: 'a file mode', apply: (r) => chmodSync(join(r.dir, 'app/run.sh'), 0o755), changes: ['app:build'] },
  {
    name: 'a symlink target',
    apply: (r) => {
      unlinkSync(join(r.dir, 'app/link'));
      symlinkSync('src/other-target', join(r.dir, 'app/link'));
    },
    changes: ['app:build'],
  },
  { name: 'a rename', apply: (r) => renameSync(join(r.dir, 'lib/value.txt'), join(r.dir, 'lib/renamed.txt')), changes: ['lib:build', 'app:build'] },
  { name: 'a staged then committed change', apply: (r) => r.commit('all so far'), changes: [] },
  {
    name: 'the order of hostPath in world.yaml',
    apply: (r) => r.write({ 'world.yaml': readFileSync(join(r.dir, 'world.yaml'), 'utf8').replace('[tools/bin, /usr/local/bin,', '[/usr/local/bin, tools/bin,') }),
    changes: ALL,
  },
];

describe('the cache index answers only with what a fresh evaluation gives', () => {
  let repo: TestRepo;
  beforeAll(() => {
    repo = makeRepo(world());
    // Builds run as Nix's build users: the tools directory of the checkout must be readable by them.
    chmodSync(repo.dir, 0o755);
    chmodSync(join(repo.dir, 'tools/bin/mytool'), 0o755);
    unlinkSync(join(repo.dir, 'app/link'));
    symlinkSync('src/main.txt', join(repo.dir, 'app/link'));
    repo.commit('tool and link');
    const first = repo.worldJson<BuildJson>('build');
    expect(first.code, JSON.stringify(first.json.targets.filter((t) => t.status !== 'built')) + first.json.nixErrors.join('\n')).toBe(0);
  });

  test.each(mutations.map((m) => [m.name, m] as const))('%s', (_name, m) => {
    const before = drvsOf(cachedAnswer(repo));
    m.apply(repo);
    const cached = drvsOf(cachedAnswer(repo));
    const fresh = drvsOf(freshAnswer(repo));
    expect(cached).toEqual(fresh);
    for (const id of ALL) {
      if (m.changes.includes(id)) expect(cached[id], `${id} must be rebuilt`).not.toBe(before[id]);
      else expect(cached[id], `${id} must stay cached`).toBe(before[id]);
    }
  });

  test('a linked worktree resolves a relative hostPath to its own tools, not the main checkout\'s', () => {
    repo.commit('everything so far');
    const main = drvsOf(cachedAnswer(repo));
    const wt = new TestRepo(join(tempDir(), 'wt1'));
    repo.git('worktree', 'add', '-q', wt.dir);
    chmodSync(join(wt.dir, '..'), 0o755);
    const cached = cachedAnswer(wt);
    expect(drvsOf(cached)).toEqual(drvsOf(freshAnswer(wt)));
    // PATH names this worktree's tools/bin: its derivations are its own.
    for (const id of ALL) expect(drvsOf(cached)[id]).not.toBe(main[id]);
    const show = wt.worldJson<{ targets: { id: string; drv: string }[] }>('nix', 'show', 'app:build');
    expect(show.json.targets.find((t) => t.id === 'app:build')!.drv).toBe(drvsOf(cached)['app:build']);
  });

  test('the changed world still builds, and its outputs show the changes', () => {
    const r = repo.worldJson<BuildJson>('build');
    expect(r.code, r.stderr).toBe(0);
    const out = r.json.targets.find((t) => t.id === 'app:build')!.out;
    expect(readFileSync(join(out, 'tool'), 'utf8')).toBe('tool-2\n');
    expect(readFileSync(join(out, 'greeting'), 'utf8')).toBe('<PKGS-2>greet-2 base-2\n');
    const pnix = r.json.targets.find((t) => t.id === 'pnix:build')!.out;
    expect(readFileSync(join(pnix, 'base'), 'utf8')).toBe('base-2\n');
  });
});
