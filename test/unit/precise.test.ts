/** The pure half of precise mode: comparing derivations, source lists and option values, and rendering the result. */
import { describe, expect, test } from 'vitest';
import { diffDerivations, diffOptions, diffSourceFiles, flattenOptions, lineDiff, renderChanges, storeName, type Derivation } from '@world/precise';

/** A store hash made of one letter, mapped into Nix's base-32 alphabet (no e, o, u, t), as real hashes are. */
const H = (c: string) => ({ e: 'f', o: 'p', u: 'v', t: 'w' }[c] ?? c).repeat(32);
const drv = (over: Partial<Derivation> & { env?: Record<string, string> } = {}): Derivation => ({
  outputs: { out: { path: `/nix/store/${H('o')}-app-build` } },
  inputSrcs: [`/nix/store/${H('b')}-builder.sh`, `/nix/store/${H('s')}-app-src`],
  inputDrvs: { [`/nix/store/${H('l')}-lib-build.drv`]: ['out'] },
  system: 'x86_64-linux',
  builder: '/bin/sh',
  args: ['-e', `/nix/store/${H('b')}-builder.sh`],
  ...over,
  env: {
    out: `/nix/store/${H('o')}-app-build`,
    src: `/nix/store/${H('s')}-app-src`,
    worldCommand: 'make\n',
    worldLinks: `lib/build=/nix/store/${H('m')}-lib-build`,
    WORD: 'hello',
    ...over.env,
  },
});

describe('comparing two derivations', () => {
  test('identical derivations differ in nothing', () => {
    expect(diffDerivations(drv(), drv())).toEqual({ fields: [], env: [], sources: [], dependencies: [] });
  });

  test('an option value that reaches the environment is an env difference', () => {
    const d = diffDerivations(drv(), drv({ env: { WORD: 'bonjour', out: `/nix/store/${H('p')}-app-build` } }));
    expect(d.env).toEqual([{ name: 'WORD', base: 'hello', head: 'bonjour' }]);
    expect(d.sources).toEqual([]);
  });

  test('a changed source is named by its store name; values that differ only by its path are not env differences', () => {
    const head = drv({
      inputSrcs: [`/nix/store/${H('b')}-builder.sh`, `/nix/store/${H('t')}-app-src`],
      env: { src: `/nix/store/${H('t')}-app-src` },
    });
    const d = diffDerivations(drv(), head);
    expect(d.env).toEqual([]);
    expect(d.sources).toEqual([{ name: 'app-src', base: `/nix/store/${H('s')}-app-src`, head: `/nix/store/${H('t')}-app-src` }]);
  });

  test('a changed dependency is paired by name; new and removed ones have one side', () => {
    const head = drv({
      inputDrvs: { [`/nix/store/${H('k')}-lib-build.drv`]: ['out'], [`/nix/store/${H('n')}-new-build.drv`]: ['out'] },
      env: { worldLinks: `lib/build=/nix/store/${H('q')}-lib-build\nnew/build=/nix/store/${H('r')}-new-build` },
    });
    const d = diffDerivations(drv(), head);
    expect(d.dependencies).toEqual([
      { name: 'lib-build', base: `/nix/store/${H('l')}-lib-build.drv`, head: `/nix/store/${H('k')}-lib-build.drv` },
      { name: 'new-build', base: null, head: `/nix/store/${H('n')}-new-build.drv` },
    ]);
    // A new link line is a real difference in the value, not only a changed path.
    expect(d.env.map((e) => e.name)).toEqual(['worldLinks']);
  });

  test('builder and system differences are fields', () => {
    expect(diffDerivations(drv(), drv({ system: 'aarch64-linux' })).fields).toEqual([{ name: 'system', base: 'x86_64-linux', head: 'aarch64-linux' }]);
  });

  test('store names', () => {
    expect(storeName(`/nix/store/${H('a')}-app-build.drv`)).toBe('app-build');
    expect(storeName(`/nix/store/${H('a')}-app-src`)).toBe('app-src');
  });
});

describe('comparing sources and options', () => {
  const f = (path: string, oid: string, mode = '100644') => ({ path, oid, mode });

  test('files: added, deleted, modified, mode changes; equal files are left out', () => {
    expect(
      diffSourceFiles(
        [f('a/same', '1'), f('a/mod', '2'), f('a/gone', '3'), f('a/x.sh', '4')],
        [f('a/same', '1'), f('a/mod', '9'), f('a/new', '5'), f('a/x.sh', '4', '100755')],
      ),
    ).toEqual([
      { path: 'a/gone', change: 'deleted' },
      { path: 'a/mod', change: 'modified' },
      { path: 'a/new', change: 'added' },
      { path: 'a/x.sh', change: 'mode' },
    ]);
  });

  test('options: dotted and nested spellings are the same option', () => {
    expect([...flattenOptions({ 'command.env': { A: '1' }, command: { build: 'x' } })]).toEqual([
      ['command.env.A', '1'],
      ['command.build', 'x'],
    ]);
    expect(diffOptions({ 'greet.word': 'hello', keep: [1] }, { greet: { word: 'bonjour' }, keep: [1], added: true })).toEqual([
      { option: 'added', head: true },
      { option: 'greet.word', base: 'hello', head: 'bonjour' },
    ]);
  });

  test('line diff', () => {
    expect(lineDiff('a\nb\nc\n', 'a\nB\nc\nd\n')).toEqual(['- b', '+ B', '+ d']);
    expect(lineDiff('same', 'same')).toEqual([]);
  });
});

describe('rendering', () => {
  test('options, env, sources and dependencies, indented by depth', () => {
    const lines = renderChanges([
      { kind: 'option', project: 'app', file: 'app/project.yaml', option: 'greet.word', base: 'hello', head: 'bonjour', env: ['WORD'] },
      { kind: 'env', name: 'WORD', base: 'hello', head: 'bonjour' },
      { kind: 'source', project: 'app', base: null, head: null, files: [{ path: 'app/data.txt', change: 'modified' }] },
      { kind: 'dependency', target: 'lib:build', base: 'b', head: 'h', changes: [{ kind: 'env', name: 'worldCommand', base: 'a\nb\n', head: 'a\nc\n' }] },
    ]);
    expect(lines).toEqual([
      '  option greet.word (app/project.yaml): "hello" → "bonjour", reaching env WORD',
      '  env WORD: "hello" → "bonjour"',
      '  sources of app (app-src): 1 file differs',
      '    modified app/data.txt',
      '  dependency lib:build changed:',
      '    env worldCommand:',
      '      - b',
      '      + c',
    ]);
  });
});
