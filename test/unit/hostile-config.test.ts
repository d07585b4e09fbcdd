/**
 * Hostile config, parser by parser: every file here is refused with a WorldError whose code,
 * file:line:col and message say what is wrong (or, where YAML allows it, read correctly), and
 * both project.yaml readers — the fast path and the YAML library — give the same outcome.
 * test/integration/hostile-config.test.ts runs the cases where exit codes, stack traces and
 * side effects matter through the real CLI.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { WorldError } from '@world/core';
import { parseProjectConfig, parseProjectConfigFully, parseWorldConfig } from '@world/config';
import { expandDottedKeys } from '@world/nix';
import { errorOf } from '../helpers/errors.js';

const FILE = 'areas/pay/api/project.yaml';

/**
 * A file, the code it is refused with, where ('file' for the whole file; 'nesting' where
 * depth passed the bound, which the YAML library may find first) and what the message says.
 */
type Refusal = [string, string, `${number}:${number}` | 'file' | 'nesting', RegExp];

const outcome = (f: () => unknown) => {
  try {
    return { ok: f() };
  } catch (e) {
    if (!(e instanceof WorldError)) throw e; // a crash, not an error: the test fails with its stack
    return { error: e.toJSON() };
  }
};

const expectRefused = (parse: () => unknown, file: string, [, code, at, message]: Refusal) => {
  const e = errorOf(parse);
  expect(e.code).toBe(code);
  if (at === 'file') expect(e.location).toEqual({ file });
  else if (at === 'nesting') expect(e.location).toEqual({ file, line: expect.any(Number), col: expect.any(Number) });
  else {
    const [line, col] = at.split(':').map(Number);
    expect(e.location).toEqual({ file, line, col });
  }
  expect(e.message.startsWith(`${file}${at === 'file' ? '' : `:${e.location!.line}:${e.location!.col}`}: `), e.message).toBe(true);
  expect(e.message).toMatch(message);
  expect(e.hint, 'every refusal says what to do').toBeTruthy();
};

const key30k = Array.from({ length: 30_000 }, (_, i) => `k${i}`).join('.');
const nested = (depth: number) => `config:\n${Array.from({ length: depth }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} 1\n`;

const PROJECT_REFUSALS: Refusal[] = [
  // Prototype pollution, in every spelling.
  ['config:\n  __proto__:\n    polluted: fetched\n', 'CONFIG_SCHEMA', '2:3', /"__proto__" uses the reserved name/],
  ['config:\n  __proto__.status: fetched\n', 'CONFIG_SCHEMA', '2:3', /"__proto__.status" uses the reserved name/],
  ['config:\n  node.constructor.prototype: 1\n', 'CONFIG_SCHEMA', '2:3', /reserved name/],
  ['config:\n  node:\n    prototype: 1\n', 'CONFIG_SCHEMA', '3:5', /reserved name/],
  ['config:\n  list: [{constructor: 1}]\n', 'CONFIG_SCHEMA', '2:11', /reserved name/],
  ['config: {"__proto__": {"x": 1}}\n', 'CONFIG_SCHEMA', '1:10', /reserved name/],
  // One option written twice: both places named.
  ['config:\n  node.entry: a\n  node:\n    entry: b\n', 'CONFIG_SCHEMA', '4:5', /option "node\.entry" is set twice: by "node: entry:" here and by "node\.entry:" at line 2, column 3/],
  ['config:\n  node:\n    entry: b\n  node.entry: a\n', 'CONFIG_SCHEMA', '4:3', /option "node\.entry" is set twice: by "node\.entry:" here and by "node: entry:" at line 3, column 5/],
  ['config:\n  node: 5\n  node.entry: a\n', 'CONFIG_SCHEMA', '3:3', /option "node" is set twice/],
  ['config:\n  a.b.c: 1\n  a:\n    b.c: 2\n', 'CONFIG_SCHEMA', '4:5', /option "a\.b\.c" is set twice/],
  ['config:\n  base: &b {entry: x}\n  node: *b\n  node.entry: y\n', 'CONFIG_SCHEMA', '4:3', /option "node\.entry" is set twice/],
  ['config:\n  1: a\n  "1": b\n', 'CONFIG_YAML', '3:3', /key "1" appears twice \(first at line 2, column 3\)/],
  ['name: a\nname: b\n', 'CONFIG_YAML', '2:1', /invalid YAML: Map keys must be unique/],
  // Keys no option has.
  ['config:\n  a..b: 1\n', 'CONFIG_SCHEMA', '2:3', /"a\.\.b" has an empty part/],
  ['config:\n  .a: 1\n', 'CONFIG_SCHEMA', '2:3', /empty part/],
  ['config:\n  "a\\nb": 1\n', 'CONFIG_SCHEMA', '2:3', /key "a\\nb" holds a control character/],
  ['config:\n  "a\\0b": 1\n', 'CONFIG_SCHEMA', '2:3', /holds a control character/],
  ['config:\n  ? [a, b]\n  : c\n', 'CONFIG_SCHEMA', '2:5', /keys must be plain strings/],
  ['config:\n  <<: {a: 1}\n', 'CONFIG_SCHEMA', '2:3', /merge keys \(<<\) are not supported/],
  ['config:\n  base: &b {a: 1}\n  node:\n    <<: *b\n', 'CONFIG_SCHEMA', '4:5', /merge keys/],
  // Limits.
  [`config:\n  ? ${key30k}\n  : 1\n`, 'CONFIG_LIMIT', '2:5', /has 30000 parts; options nest at most 64 levels deep/],
  [`config: {"${key30k}": 1}\n`, 'CONFIG_LIMIT', '1:10', /has 30000 parts/],
  [nested(70), 'CONFIG_LIMIT', 'nesting', /nest more than 64 levels deep/],
  [`name: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, 'CONFIG_LIMIT', 'nesting', /nest more than 64 levels deep/],
  [`config:\n  a: ${'['.repeat(70)}${']'.repeat(70)}\n`, 'CONFIG_LIMIT', 'nesting', /nest more than 64 levels deep/],
  [`name: a\ntags: [${'x'.repeat(300_000)}]\n`, 'CONFIG_LIMIT', 'file', /the file is 293 KB; config files may be at most 256 KB/],
  // Aliases: resolved, but never into themselves, never past the expansion bound.
  [
    'config:\n  a: &a [1,1,1,1,1,1,1,1,1,1]\n  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n  e: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n',
    'CONFIG_LIMIT', '5:31', /aliases expand to more than 10000 values/,
  ],
  ['config:\n  a: &a [*a]\n', 'CONFIG_SCHEMA', '2:10', /alias \*a is used inside its own anchor/],
  ['config:\n  a: &a {b: *a}\n', 'CONFIG_SCHEMA', '2:13', /alias \*a is used inside its own anchor/],
  ['config:\n  a: *nowhere\n', 'CONFIG_YAML', '2:6', /alias \*nowhere has no anchor &nowhere before it/],
  ['config:\n  a: *later\n  b: &later 1\n', 'CONFIG_YAML', '2:6', /no anchor &later before it/],
  // Tags beyond plain data.
  ['config:\n  x: !!js/function "function () { return 1 }"\n', 'CONFIG_SCHEMA', '2:6', /the tag !!js\/function is not supported/],
  ['config:\n  x: !custom value\n', 'CONFIG_SCHEMA', '2:6', /the tag !custom is not supported/],
  ['config:\n  x: !!binary aGk=\n', 'CONFIG_SCHEMA', '2:15', /the tag !!binary is not supported/],
  ['config:\n  x: !!set {a, b}\n', 'CONFIG_SCHEMA', '2:12', /the tag !!set is not supported/],
  ['config:\n  when: !!timestamp 2001-12-14\n', 'CONFIG_SCHEMA', '2:21', /the tag !!timestamp is not supported/],
  // Values Nix cannot hold exactly.
  ['config:\n  big: 123456789012345678901234567890\n', 'CONFIG_SCHEMA', '2:8', /too large to pass on exactly/],
  ['config:\n  big: 9007199254740993\n', 'CONFIG_SCHEMA', '2:8', /too large/],
  ['config:\n  big: 1e400\n', 'CONFIG_SCHEMA', '2:8', /"1e400" is not finite/],
  ['config:\n  x: .inf\n', 'CONFIG_SCHEMA', '2:6', /not finite/],
  ['config:\n  x: .nan\n', 'CONFIG_SCHEMA', '2:6', /not finite/],
  ['config:\n  s: "a\\0b"\n', 'CONFIG_SCHEMA', '2:6', /NUL character, which Nix strings cannot hold/],
  // Bytes a YAML file cannot hold.
  ['name: x\u0000y\n', 'CONFIG_YAML', '1:8', /control character U\+0000, which YAML does not allow/],
  ['name: api\n# a bell \u0007 in a comment\n', 'CONFIG_YAML', '2:10', /U\+0007/],
  ['name: api\nowners: ["\\e[2J"]\n', 'CONFIG_SCHEMA', '2:10', /each entry of owners holds a control character: "\\u001b\[2J"/],
  ['name: a\n---\nname: b\n', 'CONFIG_YAML', '2:1', /invalid YAML/],
  ['name: a\n\tdeps: [b]\n', 'CONFIG_YAML', '2:1', /invalid YAML/],
  ['- a\n- b\n', 'CONFIG_SCHEMA', '1:1', /the file must be a mapping/],
  ['just text\n', 'CONFIG_SCHEMA', '1:1', /the file must be a mapping/],
  // Names and paths that would leave the world or mean nothing.
  ['name: ..\n', 'INVALID_NAME', '1:7', /project name "\.\." is not a valid name/],
  ['name: .\n', 'INVALID_NAME', '1:7', /not a valid name/],
  ['name: -x\n', 'INVALID_NAME', '1:7', /"-x" is not a valid name/],
  [`name: ${'x'.repeat(5000)}\n`, 'INVALID_NAME', '1:7', /"x{80}"… \(5000 characters\) is not a valid name$/],
  ['name: a\ndeps: [..]\n', 'INVALID_NAME', '2:8', /dependency "\.\." is not a valid name/],
  ['name: a\ndeps: ["//.."]\n', 'INVALID_WORLD_PATH', '2:8', /"\/\/\.\." is not a valid world path/],
  ['name: a\ninputs: [../x]\n', 'CONFIG_SCHEMA', '2:10', /inputs "\.\.\/x" has a "\.\." path segment: patterns cannot leave the world/],
  ['name: a\ninputs: ["/etc/**"]\n', 'CONFIG_SCHEMA', '2:10', /inputs "\/etc\/\*\*" starts with "\/"/],
  ['name: a\ninputs: [src/**, "{a,..}/x"]\n', 'CONFIG_SCHEMA', '2:18', /"\.\." path segment/],
  ['name: a\ninputs: ["a//b"]\n', 'CONFIG_SCHEMA', '2:10', /empty path segment/],
  [`name: a\ninputs: ["${'*a'.repeat(600)}"]\n`, 'CONFIG_SCHEMA', '2:10', /is 1200 characters long; patterns may have at most 1024/],
];

const WORLD_REFUSALS: Refusal[] = [
  ['projects: ["../**", "/etc/**"]\n', 'CONFIG_SCHEMA', '1:12', /projects entry "\.\.\/\*\*" has a "\.\." path segment/],
  ['projects: [areas/**, "/etc/**"]\n', 'CONFIG_SCHEMA', '1:22', /projects entry "\/etc\/\*\*" starts with "\/"/],
  ['global: ["{x,../y}"]\n', 'CONFIG_SCHEMA', '1:10', /global entry .* "\.\." path segment/],
  ['modules: ../x\n', 'CONFIG_SCHEMA', '1:10', /modules "\.\.\/x" must be a path inside the world: it leaves the world/],
  ['modules: /etc\n', 'CONFIG_SCHEMA', '1:10', /must be a path inside the world: it is absolute/],
  ['checkout:\n  always: [tools, ../x]\n', 'CONFIG_SCHEMA', '2:19', /checkout\.always entry "\.\.\/x" must be a path inside the world/],
  ['nix:\n  lib: ../nixpkgs/lib\n', 'CONFIG_SCHEMA', '2:8', /nix\.lib "\.\.\/nixpkgs\/lib" must be a path inside the world/],
  ['nix:\n  nixpkgs: /opt/../etc\n', 'CONFIG_SCHEMA', '2:12', /nix\.nixpkgs "\/opt\/\.\.\/etc" is not a normalized absolute path/],
  ['nix:\n  hostPath: ["/usr/bin:/tmp/evil"]\n', 'CONFIG_SCHEMA', '2:14', /nix\.hostPath entry "\/usr\/bin:\/tmp\/evil" holds ":"/],
  ['nix:\n  substituters: ["file:///a https://evil"]\n', 'CONFIG_SCHEMA', '2:18', /nix\.substituters entry .* holds spaces/],
  ['nix:\n  trustedPublicKeys: ["k1 k2"]\n', 'CONFIG_SCHEMA', '2:23', /holds spaces/],
  ['nix:\n  push: "file:///a file:///b"\n', 'CONFIG_SCHEMA', '2:9', /nix\.push .* holds spaces/],
  ['nix:\n  builders: ["a; b"]\n', 'CONFIG_SCHEMA', '2:14', /nix\.builders entry "a; b" is empty or holds ";"/],
  // What Nix would only say mid-build ("bad machine specification"), said here with its line.
  ['nix:\n  builders: ["ssh://nix@farm-1.invalid x86_64-linux - notanumber"]\n', 'CONFIG_SCHEMA', '2:14', /max-jobs \(4th field\) "notanumber", which is not a whole number/],
  ['nix:\n  builders: ["ssh://b x86_64-linux - 4 fast"]\n', 'CONFIG_SCHEMA', '2:14', /speed-factor \(5th field\) "fast"/],
  ['nix:\n  builders: ["ssh://-oProxyCommand=x x86_64-linux"]\n', 'CONFIG_SCHEMA', '2:14', /which is not ssh:\/\/\[user@\]host/],
  ['nix:\n  builders: ["ssh://b x86_64 linux"]\n', 'CONFIG_SCHEMA', '2:14', /lists the systems "x86_64"/],
  ['nix:\n  signingKey: env:1BAD\n', 'CONFIG_SCHEMA', '2:15', /does not name an environment variable/],
  ['defaultBranch: --upload-pack=x\n', 'CONFIG_SCHEMA', '1:16', /defaultBranch "--upload-pack=x" is not a branch name git accepts/],
  ['defaultBranch: "main two"\n', 'CONFIG_SCHEMA', '1:16', /not a branch name/],
  ['nix: &n\n  lib: builtin\nprojects: *n\n', 'CONFIG_SCHEMA', '3:11', /projects must be a list/],
  ['projects: [*nope]\n', 'CONFIG_YAML', '1:12', /alias \*nope has no anchor/],
  ['nix:\n  <<: {lib: builtin}\n', 'CONFIG_SCHEMA', '2:3', /merge keys/],
  ['name: !!binary aGk=\n', 'CONFIG_SCHEMA', '1:16', /the tag !!binary is not supported/],
];

afterAll(() => {
  // Whatever the files above tried, nothing reached Object.prototype.
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(Object.getOwnPropertyNames(Object.getPrototypeOf({})).sort());
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).status).toBeUndefined();
});

describe('hostile project.yaml', () => {
  test.each(PROJECT_REFUSALS.map((r) => [JSON.stringify(r[0]).slice(0, 70), r] as const))('refuses %s', (_, refusal) => {
    const text = refusal[0];
    expectRefused(() => parseProjectConfig(text, FILE), FILE, refusal);
    // The fast path and the YAML library agree, errors included.
    expect(outcome(() => parseProjectConfig(text, FILE))).toEqual(outcome(() => parseProjectConfigFully(text, FILE)));
  });

  test('a file that is not UTF-8 is refused at its first bad byte, by both readers', () => {
    const bytes = Buffer.concat([Buffer.from('name: api\nowners: [J'), Buffer.from([0xfc]), Buffer.from('rgen]\n')]);
    expectRefused(() => parseProjectConfig(bytes, FILE), FILE, ['', 'CONFIG_ENCODING', '2:11', /not valid UTF-8 \(byte 0xFC\)/]);
    expect(outcome(() => parseProjectConfig(bytes, FILE))).toEqual(outcome(() => parseProjectConfigFully(bytes, FILE)));
    // Overlong forms and surrogates are not UTF-8 either.
    expect(errorOf(() => parseProjectConfig(Buffer.from([0x6e, 0x3a, 0x20, 0xc0, 0xaf]), FILE)).location).toEqual({ file: FILE, line: 1, col: 4 });
    expect(errorOf(() => parseProjectConfig(Buffer.from([0x6e, 0x3a, 0x20, 0xed, 0xa0, 0x80]), FILE)).location).toEqual({ file: FILE, line: 1, col: 4 });
  });
});

describe('what YAML allows is read as it means', () => {
  const read = (text: string) => {
    const fast = parseProjectConfig(text, FILE);
    expect(fast).toEqual(parseProjectConfigFully(text, FILE));
    return fast;
  };

  test('aliases are expanded to their values, not left as { source } objects', () => {
    const p = read('config:\n  base: &b {entry: src/main.js, flags: [-O2]}\n  node: *b\n  name: &n api\n  title: *n\n  deep:\n    again: *b\n');
    expect(p.config).toEqual({
      base: { entry: 'src/main.js', flags: ['-O2'] },
      node: { entry: 'src/main.js', flags: ['-O2'] },
      name: 'api',
      title: 'api',
      deep: { again: { entry: 'src/main.js', flags: ['-O2'] } },
    });
    // Aliases in the rest of the file too.
    expect(read('name: &n api\ntags: [*n, web]\ndeps: &d [money]\nowners: *d\n')).toMatchObject({ name: 'api', tags: ['api', 'web'], owners: ['money'] });
  });

  test('a dotted key and a nested key for different options merge', () => {
    expect(read('config:\n  node.entry: a\n  node:\n    test: b\n    opts.x: 1\n').config).toEqual({ 'node.entry': 'a', node: { test: 'b', 'opts.x': 1 } });
  });

  test('option mappings have no prototype; plain tags, a BOM, CRLF and empty files are fine', () => {
    const p = read('config:\n  node:\n    entry: x\n');
    expect(Object.getPrototypeOf(p.config)).toBeNull();
    expect(Object.getPrototypeOf(p.config.node)).toBeNull();
    expect(read('config:\n  port: !!str 8080\n  n: !!int 3\n').config).toEqual({ port: '8080', n: 3 });
    expect(read('\ufeffname: api\r\ndeps: [money]\r\n')).toMatchObject({ name: 'api', deps: ['money'] });
    for (const empty of ['', '\n', '# nothing\n', '---\n', '~\n']) expect(read(empty).name).toBe('api');
    expect(read(`name: api\ntags: [${'x'.repeat(200_000)}]\n`).tags[0]).toHaveLength(200_000);
    expect(read('config:\n  s: "tab\\there\\nnewline"\n  max: 9007199254740991\n  f: 1.5e10\n').config).toEqual({ s: 'tab\there\nnewline', max: 9007199254740991, f: 1.5e10 });
  });
});

describe('hostile world.yaml', () => {
  test.each(WORLD_REFUSALS.map((r) => [JSON.stringify(r[0]).slice(0, 70), r] as const))('refuses %s', (_, refusal) => {
    expectRefused(() => parseWorldConfig(refusal[0]), 'world.yaml', refusal);
  });

  test('host paths, relative paths and URLs of the right shape are accepted', () => {
    const w = parseWorldConfig(
      'defaultBranch: origin/main\nmodules: ./nix/modules/\ncheckout:\n  always: [tools]\nnix:\n  lib: /opt/nixpkgs/lib/\n  nixpkgs: vendor/nixpkgs\n  hostPath: [/usr/bin, node_modules/.bin]\n  substituters: ["file:///var/cache/world"]\n  builders: ["ssh://b x86_64-linux /k 4 1"]\n  signingKey: env:WORLD_KEY\n',
    );
    expect(w).toMatchObject({ defaultBranch: 'origin/main', modules: 'nix/modules', checkout: { always: ['tools'] } });
    expect(w.nix).toMatchObject({ lib: '/opt/nixpkgs/lib/', nixpkgs: 'vendor/nixpkgs', hostPath: ['/usr/bin', 'node_modules/.bin'], signingKey: 'env:WORLD_KEY' });
  });
});

describe('expandDottedKeys', () => {
  test('keys that name Object.prototype\'s members stay own keys of prototype-less objects', () => {
    // As a parse cache written by hand could hold them: JSON.parse makes `__proto__` an own key.
    const config = JSON.parse('{"__proto__.status": "fetched", "a.b": 1, "a": {"c": 2}, "x": {"__proto__": {"polluted": 1}}, "constructor.name": "x"}') as Record<string, unknown>;
    const out = expandDottedKeys(config);
    expect(({} as Record<string, unknown>).status).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(out))).toEqual(JSON.parse('{"__proto__": {"status": "fetched"}, "a": {"b": 1, "c": 2}, "x": {"__proto__": {"polluted": 1}}, "constructor": {"name": "x"}}'));
  });

  test('a key of thousands of parts is expanded without recursion per part', () => {
    const key = Array.from({ length: 30_000 }, (_, i) => `k${i}`).join('.');
    let node = expandDottedKeys({ [key]: 1 });
    for (let i = 0; i < 30_000 - 1; i++) node = node[`k${i}`] as Record<string, unknown>;
    expect(node['k29999']).toBe(1);
  });
});
