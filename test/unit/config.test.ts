import { describe, expect, test } from 'vitest';
import { parseProjectConfig, parseWorldConfig } from '@world/config';
import { errorOf } from '../helpers/errors.js';

const FILE = 'areas/pay/api/project.yaml';

describe('project.yaml', () => {
  test('a full project', () => {
    const p = parseProjectConfig(
      'name: payments-api\ndeps: [money, //libs/ui-kit]\nmodules:\n  - node\nconfig:\n  node.entry: src/index.js\n  ports: [80, 443]\ninputs: [src/**, package.json]\nowners: [team-payments]\ntags: [service]\n',
      FILE,
    );
    expect(p).toMatchObject({
      dir: 'areas/pay/api',
      file: FILE,
      name: 'payments-api',
      deps: ['money', '//libs/ui-kit'],
      modules: ['node'],
      config: { 'node.entry': 'src/index.js', ports: [80, 443] },
      inputs: ['src/**', 'package.json'],
      owners: ['team-payments'],
      tags: ['service'],
    });
    // Positions of list entries, for errors found later (unknown dep, unknown module, cycle).
    expect(p.positions.deps).toEqual([{ line: 2, col: 8 }, { line: 2, col: 15 }]);
    expect(p.positions.modules).toEqual([{ line: 4, col: 5 }]);
    expect(p.positions.name).toEqual({ line: 1, col: 7 });
  });

  test('defaults: the name is the directory\'s last segment; inputs null means every file', () => {
    const p = parseProjectConfig('', 'libs/ui-kit/project.yaml');
    expect(p).toMatchObject({ name: 'ui-kit', dir: 'libs/ui-kit', deps: [], modules: [], config: {}, inputs: null, owners: [], tags: [] });
    expect(parseProjectConfig('# only a comment\n', 'libs/money/project.yaml').name).toBe('money');
    expect(parseProjectConfig('name: root\n', 'project.yaml').dir).toBe('');
  });

  test('bytes are decoded as UTF-8', () => {
    const p = parseProjectConfig(Buffer.from('name: x\nowners: [jürgen]\n', 'utf8'), 'x/project.yaml');
    expect(p.owners).toEqual(['jürgen']);
  });

  test('not UTF-8: CONFIG_ENCODING at the first byte that is not', () => {
    const e = errorOf(() => parseProjectConfig(Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xff, 0xfe, 0x0a]), FILE));
    expect(e.code).toBe('CONFIG_ENCODING');
    expect(e.location).toEqual({ file: FILE, line: 1, col: 7 });
    expect(e.message).toBe(`${FILE}:1:7: the file is not valid UTF-8 (byte 0xFF)`);
    // Valid sequences before it count as one character each.
    const later = errorOf(() => parseProjectConfig(Buffer.concat([Buffer.from('name: x\nowners: [jürgen, '), Buffer.from([0xc3, 0x28]), Buffer.from(']\n')]), FILE));
    expect(later.location).toEqual({ file: FILE, line: 2, col: 18 });
  });

  test('invalid YAML: CONFIG_YAML at the offending line and column', () => {
    const e = errorOf(() => parseProjectConfig('name: a\ndeps: [b, c]]\n', FILE));
    expect(e.code).toBe('CONFIG_YAML');
    expect(e.location).toEqual({ file: FILE, line: 2, col: 13 });
    expect(e.message).toMatch(new RegExp(`^${FILE}:2:13: invalid YAML`));
  });

  test('a duplicate key is invalid YAML', () => {
    const e = errorOf(() => parseProjectConfig('name: a\nname: b\n', FILE));
    expect(e.code).toBe('CONFIG_YAML');
    expect(e.location?.line).toBe(2);
  });

  test('an unknown key suggests the closest one and lists the known keys', () => {
    const e = errorOf(() => parseProjectConfig('name: a\n\ndpes: [b]\n', FILE));
    expect(e.code).toBe('CONFIG_UNKNOWN_KEY');
    expect(e.message).toBe(`${FILE}:3:1: unknown key "dpes" (did you mean "deps"?)`);
    expect(e.hint).toBe('known keys: name, deps, devDeps, modules, config, inputs, owners, tags');
    expect(errorOf(() => parseProjectConfig('frobnicate: 1\n', FILE)).message).toBe(`${FILE}:1:1: unknown key "frobnicate"`);
  });

  test('wrong shapes are CONFIG_SCHEMA errors at the value', () => {
    const cases: [string, string][] = [
      ['deps: money\n', '1:7: deps must be a list'],
      ['deps: [1]\n', '1:8: each entry of deps must be a string'],
      ['name: [a]\n', '1:7: name must be a string'],
      ['- a\n- b\n', '1:1: the file must be a mapping (key: value)'],
      ['config: [a]\n', '1:9: config must be a mapping (key: value)'],
    ];
    for (const [yaml, message] of cases) {
      const e = errorOf(() => parseProjectConfig(yaml, FILE));
      expect(e.code, yaml).toBe('CONFIG_SCHEMA');
      expect(e.message, yaml).toBe(`${FILE}:${message}`);
    }
  });

  test('names are validated: the name, each dep and each module', () => {
    expect(errorOf(() => parseProjectConfig('name: Pay\n', FILE))).toMatchObject({ code: 'INVALID_NAME', location: { file: FILE, line: 1, col: 7 } });
    expect(errorOf(() => parseProjectConfig('name: a\ndeps: [ok, Not_Ok]\n', FILE))).toMatchObject({ code: 'INVALID_NAME', location: { line: 2, col: 12 } });
    expect(errorOf(() => parseProjectConfig('name: a\nmodules: [Node]\n', FILE))).toMatchObject({ code: 'INVALID_NAME', location: { line: 2, col: 11 } });
    // A directory name that is not a valid name needs an explicit `name:`.
    expect(errorOf(() => parseProjectConfig('', 'libs/UI Kit/project.yaml'))).toMatchObject({ code: 'INVALID_NAME' });
    expect(parseProjectConfig('name: ui-kit\n', 'libs/UI Kit/project.yaml').name).toBe('ui-kit');
  });

  test('world-path deps are validated', () => {
    const e = errorOf(() => parseProjectConfig('name: a\ndeps: [//libs/../x]\n', FILE));
    expect(e.code).toBe('INVALID_WORLD_PATH');
    expect(e.location).toEqual({ file: FILE, line: 2, col: 8 });
  });
});

describe('world.yaml', () => {
  test('defaults', () => {
    const w = parseWorldConfig('');
    expect(w).toMatchObject({
      file: 'world.yaml',
      name: 'world',
      projects: ['**'],
      global: [],
      modules: 'modules',
      defaultBranch: null,
      checkout: { always: [] },
    });
    expect(w.nix).toMatchObject({ lib: 'builtin', nixpkgs: null, substituters: [], push: null, builders: [], pushUnsigned: false });
  });

  test('a full world.yaml', () => {
    const w = parseWorldConfig(
      'name: acme\nprojects: [areas/**, libraries/**]\nglobal: [package-lock.json]\nmodules: ./nix/modules/\ndefaultBranch: trunk\ncheckout:\n  always: [modules, tools]\nnix:\n  lib: nixpkgs/lib\n  substituters: [file:///cache]\n  pushUnsigned: true\n',
    );
    expect(w).toMatchObject({
      name: 'acme',
      projects: ['areas/**', 'libraries/**'],
      global: ['package-lock.json'],
      modules: 'nix/modules',
      defaultBranch: 'trunk',
      checkout: { always: ['modules', 'tools'] },
    });
    expect(w.nix).toMatchObject({ lib: 'nixpkgs/lib', substituters: ['file:///cache'], pushUnsigned: true });
  });

  test('unknown keys, also in nested sections, suggest the closest', () => {
    expect(errorOf(() => parseWorldConfig('name: a\nglobals: [x]\n')).message).toBe('world.yaml:2:1: unknown key "globals" (did you mean "global"?)');
    const nested = errorOf(() => parseWorldConfig('nix:\n  substituter: []\n'));
    expect(nested.code).toBe('CONFIG_UNKNOWN_KEY');
    expect(nested.message).toBe('world.yaml:2:3: unknown key "nix.substituter" (did you mean "substituters"?)');
  });

  test('the modules directory must stay inside the world', () => {
    for (const bad of ['../modules', '/etc/modules', 'a/../../b']) {
      const e = errorOf(() => parseWorldConfig(`modules: ${bad}\n`));
      expect(e.code, bad).toBe('CONFIG_SCHEMA');
      expect(e.message, bad).toContain('must be a path inside the world');
    }
  });

  test('an invalid world name and a non-boolean flag', () => {
    expect(errorOf(() => parseWorldConfig('name: Acme Corp\n')).code).toBe('INVALID_NAME');
    expect(errorOf(() => parseWorldConfig('nix:\n  pushUnsigned: yes please\n')).message).toBe('world.yaml:2:17: nix.pushUnsigned must be true or false');
  });
});
