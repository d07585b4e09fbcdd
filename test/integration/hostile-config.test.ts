/**
 * Hostile config through the real CLI, on real git repositories: each case asserts the exit
 * code (2: config), that no stack trace is printed, that the message names the file (and the
 * line:col, where the problem has one), and — where a build was asked for — that no command of
 * the world ran and nothing outside the temporary world changed. Links out of the world must
 * not leak what they point at. Pathological globs must finish, with the right answer, in
 * TypeScript (`inputs:`) and in Nix (`command.sources`).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  cleanupTempDirs,
  layeredWorld,
  makeRepo,
  nonce,
  parseError,
  sh,
  tempDir,
  type AffectedJson,
  type BuildJson,
  type Files,
  type RunResult,
  type TestRepo,
} from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

const CONFIG = 2;
const SECRET = 'top-secret-value-42';

/** A directory outside the world: a secret a link may point at, and where the sentinel command writes. */
const outside = () => {
  const dir = tempDir('world-outside-');
  writeFileSync(join(dir, 'secret.yaml'), `name: ${SECRET}\nsecret: ${SECRET}\n`);
  const listing = () => readdirSync(dir).sort().map((f) => `${f}:${readFileSync(join(dir, f), 'utf8')}`);
  return { dir, sentinel: join(dir, 'sentinel'), listing, before: listing() };
};

/** A project whose build, were it ever run, would leave a file outside the world. */
const sentinelProject = (sentinel: string): Files => ({
  'areas/sentinel/project.yaml': `name: sentinel\nmodules: [command]\nconfig:\n  command.build: touch ${sentinel}; mkdir -p "$out"\n`,
  'areas/sentinel/salt.txt': `${nonce()}\n`,
});

/** The refusal every case must be: exit 2, the code, no stack, the message naming file and place. */
const expectRefused = (r: RunResult, code: string, at: string | RegExp) => {
  expect(r.code, r.stderr).toBe(CONFIG);
  expect(`${r.stdout}\n${r.stderr}`).not.toMatch(/^\s+at /m);
  const e = parseError(r.stderr);
  expect(e, `stderr was:\n${r.stderr}`).toBeDefined();
  expect(e!.code).toBe(code);
  if (typeof at === 'string') expect(e!.message.startsWith(`${at}: `), e!.message).toBe(true);
  else expect(e!.message).toMatch(at);
  expect(e!.hint).not.toBe('');
  return e!;
};

/** `world build` on the layered world plus `files` and the sentinel project: refused, and nothing ran. */
const buildRefused = (files: Files, code: string, at: string | RegExp) => {
  const out = outside();
  const repo = makeRepo({ ...layeredWorld(), ...sentinelProject(out.sentinel), ...files });
  const e = expectRefused(repo.world('build'), code, at);
  expect(existsSync(out.sentinel), 'the sentinel command ran').toBe(false);
  expect(out.listing()).toEqual(out.before);
  return e;
};

const affectedIn = (files: Files, ...args: string[]): RunResult => makeRepo({ ...layeredWorld(), ...files }).world('affected', ...args);

describe('config that would pollute or confuse: refused before anything runs', () => {
  test('`__proto__` in config (once: every target printed as "fetched")', () => {
    const e = buildRefused({ 'libs/money/project.yaml': 'name: money\nmodules: [c]\nconfig:\n  __proto__.status: fetched\n' }, 'CONFIG_SCHEMA', 'libs/money/project.yaml:4:3');
    expect(e.message).toContain('reserved name');
    buildRefused({ 'libs/money/project.yaml': 'name: money\nconfig:\n  __proto__:\n    status: fetched\n' }, 'CONFIG_SCHEMA', 'libs/money/project.yaml:3:3');
    buildRefused({ 'libs/money/project.yaml': 'name: money\nconfig:\n  opts: [{constructor: x}]\n' }, 'CONFIG_SCHEMA', 'libs/money/project.yaml:3:11');
  });

  test('one option set by a dotted and a nested key names both places', () => {
    const e = buildRefused(
      { 'libs/money/project.yaml': 'name: money\nmodules: [command]\nconfig:\n  command.build: mkdir $out\n  command:\n    build: echo other\n' },
      'CONFIG_SCHEMA',
      'libs/money/project.yaml:6:5',
    );
    expect(e.message).toContain('"command.build" is set twice');
    expect(e.message).toContain('at line 4, column 3');
  });

  test('a 30,000-part dotted key, deep nesting, alias bombs, tags and merge keys', () => {
    const key = Array.from({ length: 30_000 }, (_, i) => `k${i}`).join('.');
    buildRefused({ 'libs/money/project.yaml': `name: money\nconfig:\n  ? ${key}\n  : 1\n` }, 'CONFIG_LIMIT', 'libs/money/project.yaml:3:5');
    buildRefused({ 'libs/money/project.yaml': `name: money\nconfig:\n  a: ${'['.repeat(5000)}${']'.repeat(5000)}\n` }, 'CONFIG_LIMIT', /^libs\/money\/project\.yaml:\d+:\d+: values nest more than 64 levels deep$/);
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x,x]', ...['b', 'c', 'd', 'e'].map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcd'[i]}`).join(',')}]`)];
    buildRefused({ 'libs/money/project.yaml': `name: money\nconfig:\n${bomb.map((l) => `  ${l}\n`).join('')}` }, 'CONFIG_LIMIT', /^libs\/money\/project\.yaml:6:\d+: aliases expand to more than 10000 values$/);
    buildRefused({ 'libs/money/project.yaml': 'name: money\nconfig:\n  x: !!js/function "function () {}"\n' }, 'CONFIG_SCHEMA', 'libs/money/project.yaml:3:6');
    buildRefused({ 'libs/money/project.yaml': 'name: money\nconfig:\n  base: &b {a: 1}\n  opts:\n    <<: *b\n' }, 'CONFIG_SCHEMA', 'libs/money/project.yaml:5:5');
    buildRefused({ 'libs/money/project.yaml': 'name: money\nconfig:\n  1: a\n  "1": b\n' }, 'CONFIG_YAML', 'libs/money/project.yaml:4:3');
    buildRefused({ 'libs/money/project.yaml': 'name: money\nconfig:\n  n: 123456789012345678901234567890\n' }, 'CONFIG_SCHEMA', 'libs/money/project.yaml:3:6');
  });

  test('a file past the size limit is refused by its size, before parsing', () => {
    const e = buildRefused({ 'libs/money/project.yaml': `name: money\ntags: [${'x'.repeat(400_000)}]\n` }, 'CONFIG_LIMIT', 'libs/money/project.yaml');
    expect(e.message).toContain('at most 256 KB');
  });

  test('bytes that are not UTF-8 or not YAML: located, and shown escaped', () => {
    buildRefused({ 'libs/money/project.yaml': Buffer.concat([Buffer.from('name: money\nowners: [J'), Buffer.from([0xfc]), Buffer.from('rgen]\n')]) }, 'CONFIG_ENCODING', 'libs/money/project.yaml:2:11');
    buildRefused({ 'libs/money/project.yaml': 'name: money\n# \u0000\n' }, 'CONFIG_YAML', 'libs/money/project.yaml:2:3');
    const r = affectedIn({ 'libs/money/project.yaml': 'name: money\nowners: ["\\e[2J\\e[31mred"]\n' });
    const e = expectRefused(r, 'CONFIG_SCHEMA', 'libs/money/project.yaml:2:10');
    expect(r.stderr).not.toContain('\u001b');
    expect(e.message).toContain('\\u001b[2J');
  });

  test('patterns and paths that leave the world are refused where they are written', () => {
    const e = expectRefused(affectedIn({ 'world.yaml': 'name: acme\nprojects: ["../**", "/etc/**"]\n' }), 'CONFIG_SCHEMA', 'world.yaml:2:12');
    expect(e.message).toContain('"../**" has a ".." path segment');
    expectRefused(affectedIn({ 'world.yaml': 'name: acme\nglobal: ["/etc/passwd"]\n' }), 'CONFIG_SCHEMA', 'world.yaml:2:10');
    expectRefused(affectedIn({ 'world.yaml': 'name: acme\nmodules: ../x\n' }), 'CONFIG_SCHEMA', 'world.yaml:2:10');
    expectRefused(affectedIn({ 'world.yaml': 'name: acme\nnix:\n  hostPath: ["/usr/bin:/tmp"]\n' }), 'CONFIG_SCHEMA', 'world.yaml:3:14');
    expectRefused(affectedIn({ 'world.yaml': 'name: acme\ndefaultBranch: --output=/tmp/x\n' }), 'CONFIG_SCHEMA', 'world.yaml:2:16');
    expectRefused(affectedIn({ 'areas/shop/web/project.yaml': 'name: shop-web\ninputs: ["{src,..}/**"]\n' }), 'CONFIG_SCHEMA', 'areas/shop/web/project.yaml:2:10');
  });

  test('as JSON: the code, the location and the hint', () => {
    const repo = makeRepo({ ...layeredWorld(), 'libs/money/project.yaml': 'name: money\nconfig:\n  a: *nowhere\n' });
    const { code, json, stderr } = repo.worldJson<{ error: { code: string; location: unknown; hint: string } }>('affected');
    expect(code).toBe(CONFIG);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(json.error).toMatchObject({ code: 'CONFIG_YAML', location: { file: 'libs/money/project.yaml', line: 3, col: 6 } });
    expect(json.error.hint).toContain('anchor');
  });
});

describe('config is read from inside the world only', () => {
  test('world.yaml committed as a link to a file outside: refused, its content never shown', () => {
    const out = outside();
    const repo = makeRepo(layeredWorld());
    repo.remove('world.yaml');
    symlinkSync(join(out.dir, 'secret.yaml'), join(repo.dir, 'world.yaml'));
    repo.commit('world.yaml is a link now');
    for (const args of [['affected'], ['affected', '--head', 'HEAD'], ['projects'], ['build']]) {
      const r = repo.world(...args);
      const e = expectRefused(r, 'CONFIG_NOT_A_FILE', /^world\.yaml: (in "HEAD", )?the file is a symbolic link, not a regular file$/);
      expect(e.hint).toContain('regular file');
      expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
    }
    expect(out.listing()).toEqual(out.before);
  });

  test('project.yaml committed, or left untracked, as a link outside: refused, its content never shown', () => {
    const out = outside();
    const repo = makeRepo({ ...layeredWorld(), ...sentinelProject(out.sentinel) });
    repo.remove('libs/money/project.yaml');
    symlinkSync(join(out.dir, 'secret.yaml'), join(repo.dir, 'libs/money/project.yaml'));
    repo.commit('a link');
    mkdirSync(join(repo.dir, 'areas/new'));
    symlinkSync('../../../../../../../../etc/hostname', join(repo.dir, 'areas/new/project.yaml'));
    for (const args of [['affected'], ['build'], ['affected', '--head', 'HEAD']]) {
      const r = repo.world(...args);
      expect(r.code, r.stderr).toBe(CONFIG);
      expect(`${r.stdout}\n${r.stderr}`).not.toMatch(/^\s+at /m);
      expect(r.stderr).toContain('error[CONFIG_NOT_A_FILE]');
      expect(r.stderr).toContain('libs/money/project.yaml: the file is a symbolic link, not a regular file');
      if (args.length === 1) expect(r.stderr).toContain('areas/new/project.yaml: the file is a symbolic link, not a regular file');
      expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
    }
    expect(existsSync(out.sentinel)).toBe(false);
    expect(out.listing()).toEqual(out.before);
  });

  test('world.yaml that is a directory, or a FIFO, in the working tree', () => {
    const repo = makeRepo(layeredWorld());
    repo.remove('world.yaml');
    mkdirSync(join(repo.dir, 'world.yaml'));
    expectRefused(repo.world('affected'), 'CONFIG_NOT_A_FILE', 'world.yaml');
    rmSync(join(repo.dir, 'world.yaml'), { recursive: true });
    expect(sh(repo.dir, 'mkfifo', ['world.yaml']).code).toBe(0);
    // A FIFO nobody writes to would block a plain open for ever.
    const e = expectRefused(repo.world('affected'), 'CONFIG_NOT_A_FILE', 'world.yaml');
    expect(e.message).toContain('a special file');
  });

  test('world.yaml committed as a directory, read at a commit', () => {
    const repo = makeRepo(layeredWorld());
    repo.remove('world.yaml');
    repo.commit('world.yaml becomes a directory', { 'world.yaml/inner.txt': 'x\n' });
    const e = expectRefused(repo.world('affected', '--head', 'HEAD', '--base', 'HEAD~1'), 'CONFIG_NOT_A_FILE', 'world.yaml');
    expect(e.message).toBe('world.yaml: in "HEAD", the file is a directory, not a regular file');
    expect(e.hint).toContain('regular file');
  });
});

describe('what YAML allows works end to end', () => {
  test('an alias in config reaches the build as its value (it once arrived as { source = "…"; })', () => {
    const salt = nonce();
    const repo = makeRepo({
      'world.yaml': 'name: aliases\nnix:\n  hostPath: [/usr/local/bin, /usr/bin, /bin]\n',
      'app/project.yaml': [
        'name: app',
        'modules: [command]',
        'config:',
        '  command.env:',
        `    GREETING: &greeting hello-${salt}`,
        '    AGAIN: *greeting',
        '  command.build: mkdir -p "$out" && echo "$GREETING $AGAIN" > "$out/v"',
        '',
      ].join('\n'),
    });
    const { code, json, stderr } = repo.worldJson<BuildJson>('build');
    expect(code, stderr).toBe(0);
    const out = json.targets.find((t) => t.id === 'app:build')!.out;
    expect(readFileSync(join(out, 'v'), 'utf8')).toBe(`hello-${salt} hello-${salt}\n`);
  });

  test('a BOM, CRLF line ends and an empty project.yaml are read as YAML reads them', () => {
    const repo = makeRepo({
      ...layeredWorld(),
      'world.yaml': '\ufeffname: acme\r\nprojects: [libs/**, areas/**]\r\nglobal: [tools/global.lock]\r\n',
      'areas/empty/project.yaml': '',
    });
    const { code, json } = repo.worldJson<AffectedJson>('affected', '--base', 'HEAD');
    expect(code).toBe(0);
    expect(json.affected).toEqual([]);
    const listed = repo.worldJson<{ projects: { name: string; path: string }[] }>('projects');
    expect(listed.json.projects.find((p) => p.name === 'empty')).toMatchObject({ path: '//areas/empty' });
    expect(listed.json.projects).toHaveLength(6);
  });
});

describe('pathological globs finish, with the right answer', () => {
  const long = 'a'.repeat(240);
  const glob = '*a*a*a*a*a*a*a*a*a*a*a*a*a*b';

  test('in `inputs:` (TypeScript): a change to the long-named file is outside the inputs', () => {
    const repo = makeRepo({ ...layeredWorld(), 'areas/shop/web/project.yaml': `name: shop-web\ndeps: [ui-kit]\ninputs: [src/**, "${glob}"]\n`, [`areas/shop/web/${long}`]: 'x\n', [`areas/shop/web/${long}b`]: 'x\n' });
    repo.write({ [`areas/shop/web/${long}`]: 'changed\n' });
    const quiet = repo.worldJson<AffectedJson>('affected');
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.json.affected).toEqual([]);
    repo.write({ [`areas/shop/web/${long}b`]: 'changed\n' });
    const touched = repo.worldJson<AffectedJson>('affected');
    expect(touched.json.affected.map((p) => p.name)).toEqual(['shop-web']);
  });

  test('in `command.sources` (Nix): the target reads exactly the files its globs match', () => {
    const repo = makeRepo({
      'world.yaml': 'name: globs\nnix:\n  hostPath: [/usr/local/bin, /usr/bin, /bin]\n',
      'app/project.yaml': [
        'name: app',
        'modules: [command]',
        'config:',
        '  command.build: mkdir -p "$out" && ls -A | sort > "$out/files"',
        `  command.sources: { build: ["${glob}", "keep/**"] }`,
        '',
      ].join('\n'),
      [`app/${long}`]: 'no b at the end\n',
      [`app/${long}b`]: 'ends in b\n',
      'app/keep/x.txt': `${nonce()}\n`,
      'app/other.txt': 'not matched\n',
    });
    const { code, json, stderr } = repo.worldJson<BuildJson>('build');
    expect(code, stderr).toBe(0);
    const out = json.targets.find((t) => t.id === 'app:build')!.out;
    expect(readFileSync(join(out, 'files'), 'utf8').split('\n').filter(Boolean)).toEqual([`${long}b`, 'keep']);
  });
});
