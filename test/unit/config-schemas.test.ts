/**
 * The JSON Schemas shipped for editors (packages/config/schemas, used by yaml-language-server
 * through `# yaml-language-server: $schema=…`) held to world's own validator: every document
 * here goes through both, and they must agree — valid by the schema exactly when world accepts
 * it. The keys each section allows are read from the validator itself (the "known keys" hint
 * of its unknown-key error), so a key added to one and not the other fails here by name.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import Ajv from 'ajv';
import { parse as parseYaml } from 'yaml';
import { WorldError } from '@world/core';
import { MANIFEST_KINDS, parseProjectConfig, parseWorldConfig } from '@world/config';
import { REPO_ROOT, sh } from '../helpers/world-fixture.js';

type Schema = { properties: Record<string, { type?: unknown; additionalProperties?: unknown; properties?: Record<string, unknown> }>; definitions: Record<string, unknown> };

const readSchema = (name: string): Schema => JSON.parse(readFileSync(join(REPO_ROOT, 'packages/config/schemas', name), 'utf8')) as Schema;
const worldSchema = readSchema('world.schema.json');
const projectSchema = readSchema('project.schema.json');
// strict: a keyword ajv does not know, or a type left unsaid, is an error in the schema itself.
const ajv = new Ajv({ allErrors: true, strict: true });
const schemaAccepts = { world: ajv.compile(worldSchema), project: ajv.compile(projectSchema) };

const FILE = 'libs/pay/project.yaml';
const worldAccepts = (text: string): boolean => accepts(() => parseWorldConfig(text));
const projectAccepts = (text: string): boolean => accepts(() => parseProjectConfig(text, FILE));
const accepts = (parse: () => unknown): boolean => {
  try {
    parse();
    return true;
  } catch (e) {
    if (e instanceof WorldError) return false;
    throw e;
  }
};

/** Whether the schema and world agree on each document; the disagreements, for the message. */
const disagreements = (kind: 'world' | 'project', docs: readonly string[]) =>
  docs
    .map((text) => {
      const byWorld = kind === 'world' ? worldAccepts(text) : projectAccepts(text);
      const validate = schemaAccepts[kind];
      const bySchema = validate(parseYaml(text)) === true;
      return { text, byWorld, bySchema, errors: validate.errors };
    })
    .filter((d) => d.byWorld !== d.bySchema);

/** The keys world's validator knows in a section ('' for the top level), from its hint. */
const knownKeys = (parse: (text: string) => unknown, section: string): string[] => {
  const text = section === '' ? 'zz-probe: 1\n' : `${section}:\n  zz-probe: 1\n`;
  try {
    parse(text);
  } catch (e) {
    if (!(e instanceof WorldError) || e.code !== 'CONFIG_UNKNOWN_KEY') throw e;
    const m = /^known keys(?: of [\w.]+)?: (.*)$/.exec(e.hint ?? '');
    if (!m) throw new Error(`the unknown-key hint changed shape: ${e.hint}`);
    return m[1]!.split(', ').sort();
  }
  throw new Error(`world accepted an unknown key in ${section || 'the top level'}`);
};

/** The sections a schema closes (an object with additionalProperties false). */
const closedSections = (schema: Schema): string[] =>
  Object.entries(schema.properties)
    .filter(([, p]) => p.type === 'object' && p.additionalProperties === false)
    .map(([name]) => name);

describe('the schemas allow exactly the keys world knows', () => {
  test('world.yaml: the top level and every section', () => {
    expect(Object.keys(worldSchema.properties).sort(), 'top-level keys of world.yaml').toEqual(knownKeys(parseWorldConfig, ''));
    const sections = closedSections(worldSchema);
    expect(sections.sort()).toEqual(['checkout', 'deps', 'nix']);
    for (const s of sections) expect(Object.keys(worldSchema.properties[s]!.properties!).sort(), `keys of ${s}`).toEqual(knownKeys(parseWorldConfig, s));
  });

  test('deps.from: the manifests world reads', () => {
    const from = worldSchema.properties.deps!.properties!.from as { items: { enum: string[] } };
    expect(from.items.enum).toEqual([...MANIFEST_KINDS]);
  });

  test('project.yaml', () => {
    expect(Object.keys(projectSchema.properties).sort(), 'keys of project.yaml').toEqual(knownKeys((t) => parseProjectConfig(t, FILE), ''));
    expect(closedSections(projectSchema)).toEqual([]);
  });

  test('the definitions both files hold are the same', () => {
    const shared = Object.keys(worldSchema.definitions).filter((d) => d in projectSchema.definitions);
    expect(shared.sort()).toEqual(['name', 'pattern', 'patterns', 'printable']);
    for (const d of shared) expect(projectSchema.definitions[d], d).toEqual(worldSchema.definitions[d]);
  });
});

const tracked = (pattern: string): string[] =>
  sh(REPO_ROOT, 'git', ['ls-files', '--', pattern]).stdout.split('\n').filter(Boolean).map((f) => readFileSync(join(REPO_ROOT, f), 'utf8'));

const WORLD_DOCS = [
  '',
  '# only a comment\n',
  '{}\n',
  'name: acme\nprojects: [areas/**, libraries/**]\nglobal: [package-lock.json]\nmodules: ./nix/modules/\ndefaultBranch: trunk\ncheckout:\n  always: [modules, tools]\nnix:\n  lib: nixpkgs/lib\n  substituters: [file:///cache]\n  pushUnsigned: true\n',
  'name: a\nprojects:\nglobal: []\n',
  'name: a\nglobals: [x]\n',
  'nix:\n  substituter: []\n',
  'frobnicate: 1\n',
  '- a\n- b\n',
  'name: Acme Corp\n',
  'name: acme.v2_x-y\n',
  `name: ${'a'.repeat(128)}\n`,
  `name: ${'a'.repeat(129)}\n`,
  'name:\n',
  'name: [a]\n',
  'name: 12\n',
  'modules:\n',
  'modules: ../modules\n',
  'modules: /etc/modules\n',
  'modules: a/../../b\n',
  'modules: ./\n',
  'modules: nix//modules\n',
  'modules: nix/./modules\n',
  'modules: nix/modules//\n',
  'projects: [areas/**, "**/*.c", "{a,b}/*", "[ab]c/?"]\n',
  'projects: ["/abs/**"]\n',
  'projects: ["../x/**"]\n',
  'projects: ["a/./b"]\n',
  'projects: ["a//b"]\n',
  'projects: ["./a/", ".hidden/**", "..x/*", "a/.b"]\n',
  'projects: ["/", "./", ""]\n',
  'projects: ["."]\n',
  'projects: areas/**\n',
  'projects: [1]\n',
  `global: ["${'a'.repeat(1024)}"]\n`,
  `global: ["${'a'.repeat(1025)}"]\n`,
  'global: ["tab\\there"]\n',
  'defaultBranch: main\n',
  'defaultBranch: origin/release-1.2\n',
  'defaultBranch:\n',
  'defaultBranch: -main\n',
  'defaultBranch: feature/\n',
  'defaultBranch: a..b\n',
  'defaultBranch: "a b"\n',
  'defaultBranch: x.lock\n',
  'defaultBranch: a/.hidden\n',
  'defaultBranch: "@"\n',
  'defaultBranch: "a@{b"\n',
  'defaultBranch: main.\n',
  'checkout:\n',
  'checkout: {}\n',
  'checkout:\n  always:\n',
  'checkout:\n  always: [tools, ./modules/]\n',
  'checkout:\n  always: [../tools]\n',
  'checkout:\n  sometimes: [x]\n',
  'nix:\n',
  'nix: {}\n',
  'nix:\n  lib: builtin\n',
  'nix:\n  lib:\n',
  'nix:\n  lib: /opt/nixpkgs/lib/\n',
  'nix:\n  lib: /opt/../lib\n',
  'nix:\n  lib: //opt/lib\n',
  'nix:\n  nixpkgs: vendor/nixpkgs\n  lib: /nix/store/abc-lib\n',
  'nix:\n  nixpkgs: ../nixpkgs\n',
  'nix:\n  substituters: [https://cache.example.org, "file:///mnt/world cache"]\n',
  'nix:\n  substituters: [""]\n',
  'nix:\n  trustedPublicKeys: ["cache.example.org-1:AbC="]\n  push: s3://world-cache?region=eu-west-1\n  signingKey: env:WORLD_CACHE_KEY\n  pushUnsigned: false\n',
  'nix:\n  push: "two urls"\n',
  'nix:\n  push:\n',
  'nix:\n  signingKey: keys/secret.key\n',
  'nix:\n  signingKey: /etc/nix/secret.key\n',
  'nix:\n  signingKey: env:1BAD\n',
  'nix:\n  signingKey: "env:"\n',
  'nix:\n  signingKey: ../secret.key\n',
  'nix:\n  pushUnsigned: yes please\n',
  'nix:\n  pushUnsigned:\n',
  'nix:\n  pushUnsigned: "true"\n',
  'nix:\n  builders: ["ssh://nix@farm-1 x86_64-linux - 16 2 big-parallel", "ssh-ng://farm-2 x86_64-linux,aarch64-linux", "farm-3", "  farm-4 x86_64-linux  "]\n',
  'nix:\n  builders: ["ssh://nix@farm-1 x86_64-linux /k 8 1 a b c"]\n',
  'nix:\n  builders: ["ssh://nix@farm-1 x86_64-linux /k 8 1 a b c d"]\n',
  'nix:\n  builders: ["ssh://nix@farm-1 x86_64-linux - many"]\n',
  'nix:\n  builders: ["ssh://nix@farm-1 x86_64-linux - 8 fast"]\n',
  'nix:\n  builders: ["ssh://farm-1; ssh://farm-2"]\n',
  'nix:\n  builders: ["ssh://-oProxyCommand=x"]\n',
  'nix:\n  builders: ["http://farm"]\n',
  'nix:\n  builders: ["farm-1 linux"]\n',
  'nix:\n  builders: ["   "]\n',
  'nix:\n  hostPath: [node_modules/.bin, /usr/local/bin, /usr/bin, /bin, "///"]\n',
  'nix:\n  hostPath: ["/usr/bin:/bin"]\n',
  'nix:\n  hostPath: ["/usr/../bin"]\n',
  'nix:\n  hostPath: /usr/bin\n',
  'deps:\n  from: [package.json]\n',
  'deps:\n  from: [package.json, package.json]\n',
  'deps:\n  from:\n',
  'deps: {}\n',
  'deps:\n',
  'deps: [package.json]\n',
  'deps:\n  from: [cargo.toml]\n',
  'deps:\n  from: package.json\n',
  'deps:\n  form: [package.json]\n',
];

const PROJECT_DOCS = [
  '',
  '# only a comment\n',
  'name: payments-api\ndeps: [money, //libraries/ui-kit]\nmodules: [node]\nconfig: { node.entry: src/index.js }\ninputs: [src/**, package.json]\nowners: [team-payments]\ntags: [service]\n',
  'name: a\n\ndpes: [b]\n',
  'frobnicate: 1\n',
  'deps: money\n',
  'deps: [1]\n',
  'deps:\n',
  'deps: ["//", "//a/", "//a/b/"]\n',
  'deps: [//libs/../x]\n',
  'deps: ["//a//b"]\n',
  'deps: ["//a\\\\b"]\n',
  'deps: [ok, Not_Ok]\n',
  'devDeps: [test-kit, //libs/fixtures]\n',
  'devDeps:\n',
  'devDeps: test-kit\n',
  'devDeps: [Test_Kit]\n',
  'devDeps: ["//a/../b"]\n',
  'name: [a]\n',
  'name:\n',
  'name: Pay\n',
  '- a\n- b\n',
  'modules: [Node]\n',
  'modules: [node, c.v2]\n',
  'modules: node\n',
  'config: [a]\n',
  'config:\n',
  'config: {}\n',
  'config:\n  node.entry: src/index.js\n  command:\n    build: make\n    env: { A: "1", B: [x, {y: z}] }\n',
  'config:\n  a: {b.c: 1}\n',
  'config:\n  a..b: 1\n',
  'config:\n  .a: 1\n',
  'config:\n  a.: 1\n',
  'config:\n  "1": 2\n  true: 3\n',
  'config:\n  __proto__:\n    polluted: fetched\n',
  'config:\n  __proto__.status: fetched\n',
  'config:\n  node.constructor.prototype: 1\n',
  'config:\n  node:\n    prototype: 1\n',
  'config:\n  list: [{constructor: 1}]\n',
  'config:\n  list: [{a.b: 1, c..d: 2}]\n',
  'config:\n  node.__proto__x: 1\n',
  'config: {"__proto__": {"x": 1}}\n',
  'config:\n  x: .nan\n',
  'config:\n  x: .inf\n',
  'config:\n  x: -.inf\n',
  'config:\n  x: 9007199254740991\n  y: -9007199254740991\n  z: 1.5\n',
  'config:\n  x: 9007199254740992\n',
  'config:\n  x: 1.5e300\n',
  'config:\n  x: "nul \\0 here"\n',
  'config:\n  x: "tab\\tand newline\\n are fine"\n',
  'config:\n  x: null\n  y: ~\n  z: false\n',
  'inputs:\n',
  'inputs: []\n',
  'inputs: [src/**, "../**"]\n',
  'inputs: ["/src/**"]\n',
  'inputs: src/**\n',
  'owners: ["team a", "Jürgen"]\ntags: [UP, 1x]\n',
  'owners: team-a\n',
  'owners: ["bell\\a"]\n',
  'tags: [[a]]\n',
];

describe('the schemas and world agree on every document', () => {
  test('world.yaml: the example worlds, this repository and the cases', () => {
    const files = [...tracked('examples/*world.yaml'), ...tracked('world.yaml')];
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect(worldAccepts(f), f).toBe(true);
    const docs = [...files, ...WORLD_DOCS];
    expect(disagreements('world', docs)).toEqual([]);
    // Both answers occur: the cases test refusals as much as acceptance.
    expect(docs.filter(worldAccepts).length).toBeGreaterThan(15);
    expect(docs.filter((d) => !worldAccepts(d)).length).toBeGreaterThan(40);
  });

  test('project.yaml: the example projects, this repository and the cases', () => {
    const files = tracked('*project.yaml');
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const f of files) expect(projectAccepts(f), f).toBe(true);
    const docs = [...files, ...PROJECT_DOCS];
    expect(disagreements('project', docs)).toEqual([]);
    expect(docs.filter((d) => !projectAccepts(d)).length).toBeGreaterThan(25);
  });

  test('what no JSON Schema can say, world still refuses (the schema accepts these: documented in the README)', () => {
    const beyond: ['world' | 'project', string, string][] = [
      ['project', 'config:\n  node.entry: a\n  node:\n    entry: b\n', 'one option set both dotted and nested'],
      ['project', 'config:\n  "<<": 1\n', 'a merge key'],
      ['project', `config:\n${Array.from({ length: 70 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} 1\n`, 'nesting past 64 levels'],
      ['world', 'projects: ["{a,..}/x"]\n', 'a brace group that expands to ".."'],
    ];
    for (const [kind, text, what] of beyond) {
      expect(schemaAccepts[kind](parseYaml(text)), `schema: ${what}`).toBe(true);
      expect(kind === 'world' ? worldAccepts(text) : projectAccepts(text), `world: ${what}`).toBe(false);
    }
  });
});

describe('the schemas ship with world', () => {
  test('in the config package and in the CLI package, byte for byte', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/config/package.json'), 'utf8')) as { files: string[]; exports: Record<string, string> };
    expect(pkg.files).toContain('schemas');
    expect(pkg.exports['./schemas/*']).toBe('./schemas/*');
    const cli = JSON.parse(readFileSync(join(REPO_ROOT, 'cli/package.json'), 'utf8')) as { files: string[] };
    expect(cli.files).toContain('dist');
    for (const name of ['world.schema.json', 'project.schema.json']) {
      expect(readFileSync(join(REPO_ROOT, 'cli/dist/schemas', name), 'utf8'), `cli/dist/schemas/${name} (npm run build copies it)`).toBe(readFileSync(join(REPO_ROOT, 'packages/config/schemas', name), 'utf8'));
    }
  });
});
