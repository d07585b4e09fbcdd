/**
 * The project.yaml fast path against the YAML library: on every file it accepts it must give
 * exactly what the full parser gives (positions included), and every file it is not sure of
 * must go to the full parser, errors included.
 */
import { describe, expect, test } from 'vitest';
import { parseProjectConfig, parseProjectConfigFully, readSimpleYaml } from '@world/config';

const KEYS = ['name', 'deps', 'devDeps', 'modules', 'config', 'inputs', 'owners', 'tags'];
const FILE = 'areas/pay/api/project.yaml';

const outcome = (f: () => unknown) => {
  try {
    return { ok: f() };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
};
const agree = (text: string) => expect(outcome(() => parseProjectConfig(text, FILE))).toEqual(outcome(() => parseProjectConfigFully(text, FILE)));

const SIMPLE = [
  'name: api\n',
  'name: api\ndeps: [money, //libs/ui-kit, core.v2]\nmodules: [node]\ntags: [service, web]\nowners: [team-pay]\n',
  'name: api\ndeps:\n  - money\n  - //libs/ui-kit\nmodules:\n- node\n- c\n',
  '# a comment\nname: api   # trailing comment\n\ndeps: [ a ,b,  c ]\n  # indented comment\ninputs: [src/**, package.json]\n',
  'deps: []\nmodules:\ntags:\n',
  '',
  '# only a comment\n',
  'name: yes\ndeps: [on, off, no]\n',
  'name: _private\ntags: [a_b, x.y-z]\n',
  'deps:\n    - a\n    - b\nname: api',
];
const NOT_SIMPLE = [
  'name: "api"\n',
  "name: 'api'\n",
  'name: api\nconfig:\n  node.entry: src/index.js\n',
  'name: api\nconfig: {}\n',
  'name: 2fa\n',
  'name: true\n',
  'name: null\n',
  'name: ~\n',
  'name: api\tx\n',
  'name: api\r\n',
  '\ufeffname: api\n',
  'name: &a api\ndeps: [*a]\n',
  'name: api\nname: other\n',
  'nmae: api\n',
  'name: api\ndeps: [a, b,]\n',
  'name: api\ndeps: [a, [b]]\n',
  'name: api\ndeps: a\n',
  'name: api\ndeps:\n  - a\n   - b\n',
  'name: api\ndeps:\n  - a\n  -  - b\n',
  'name: multi\n  line\n',
  'name: api#not-a-comment\n',
  'name:api\n',
  '---\nname: api\n',
  'name: api\ndeps: {a: 1}\n',
  'name: a: b\n',
  'name: Api\n',
  'name: api\ninputs: [*.c]\n',
  'name: api\ninputs: [src/{a,b}]\n',
  'name: api\ninputs: [?x]\n',
  'name: api\ndeps: [Money]\n',
  // Hostile or unusual: each goes to the full parser, which reads or refuses it.
  'name: api # Jürgen\n',
  'name: api\n# bell \u0007\n',
  'name: api\u0000\n',
  'name: api\u2028deps: [a]\n',
  '__proto__: x\n',
  'constructor: x\n',
  '<<: {name: a}\n',
  'name: api\ninputs: [//x/**]\n',
  'name: api\ninputs: [a//b]\n',
  'name: api\ninputs: [src/../..]\n',
  'name: api\ntags: [!!str a]\n',
  'name: !!binary aGk=\n',
  'name: api\ndeps: [a,,b]\n',
  `name: ${'x'.repeat(300)}\n`,
  `name: api\ntags: [${'t, '.repeat(2000)}t]\n`,
];

describe('the project.yaml fast path', () => {
  test.each(SIMPLE)('accepts %j and reads it as the YAML library does', (text) => {
    expect(readSimpleYaml(text, KEYS)).toBeDefined();
    agree(text);
  });

  test.each(NOT_SIMPLE)('hands %j to the full parser, with the same result or error', (text) => agree(text));

  test('positions of names and list entries are the YAML library\'s', () => {
    const text = 'name:   api\ndeps: [ money,  //libs/ui-kit ]\nmodules:\n   -  node\n';
    const fast = parseProjectConfig(text, FILE);
    expect(fast.positions).toEqual({ name: { line: 1, col: 9 }, deps: [{ line: 2, col: 9 }, { line: 2, col: 17 }], devDeps: [], modules: [{ line: 4, col: 7 }] });
    expect(fast).toEqual(parseProjectConfigFully(text, FILE));
  });

  test('agrees on generated files of every shape the fast path takes', () => {
    const names = ['a', 'p00042', 'core.v2', 'x_y', '//libs/a', 'yes'];
    let accepted = 0;
    for (let i = 0; i < 300; i++) {
      const pick = (n: number) => Array.from({ length: n }, (_, k) => names[(i * 7 + k * 3) % names.length]!);
      const list = (key: string, n: number) =>
        i % 3 === 0 ? `${key}: [${pick(n).join(', ')}]\n` : i % 3 === 1 ? `${key}:\n${pick(n).map((x) => `  - ${x}`).join('\n')}\n` : `${key}:${' '.repeat(i % 4)}\n${pick(n).map((x) => `- ${x}`).join('\n')}\n`;
      const text = `${i % 5 === 0 ? '# generated\n' : ''}name: p${i}\n${list('deps', i % 4)}${i % 7 < 3 ? list('devDeps', (i + 2) % 4) : ''}${list('tags', (i + 1) % 3)}${i % 2 ? 'modules: [node]\n' : ''}`;
      if (readSimpleYaml(text, KEYS)) accepted++;
      agree(text);
    }
    expect(accepted).toBeGreaterThan(250);
  });
});
