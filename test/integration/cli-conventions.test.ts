/**
 * The command line's conventions and its error contract, through the real launcher
 * (cli/bin/world) on real repositories: help and version in every spelling, global flags
 * before the command, did-you-mean for mistyped commands, flags, values and branches, every
 * parse error as `error[CODE]` + `hint:` with its exit code (one JSON object under --json),
 * anything unexpected as a short INTERNAL error, and a closed pipe that ends world quietly.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT, cleanupTempDirs, layeredWorld, makeRepo, parseError, sh, tempDir, type RunResult, type TestRepo } from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

const LAUNCHER = join(REPO_ROOT, 'cli/bin/world');
// Without vitest's NODE_ENV=test, which sends oclif looking for TypeScript sources (as the fixture's repo.world does).
const ENV = { NODE_ENV: undefined, NO_COLOR: '1', CI: 'true' };

let repo: TestRepo;
beforeAll(() => {
  repo = makeRepo(layeredWorld());
});

/** world, started by its launcher in `cwd` (default: the layered world). */
const world = (args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): RunResult =>
  sh(opts.cwd ?? repo.dir, LAUNCHER, args, { ...ENV, ...opts.env });

/** A stack trace line, which a user must never see unless they asked for it. */
const STACK_LINE = /^\s+at /m;

interface JsonError {
  error: { code: string; message: string; hint?: string; details?: Record<string, unknown> };
}

/** The one JSON object on stdout of a failed --json run; nothing on stderr. */
const jsonError = (r: RunResult): JsonError['error'] => {
  expect(r.stderr).toBe('');
  const parsed = JSON.parse(r.stdout) as JsonError;
  expect(Object.keys(parsed)).toEqual(['error']);
  return parsed.error;
};

describe('help', () => {
  test('`world`, `world help`, `world -h` and `world --help` show the same root help: commands, global flags, examples', () => {
    const root = world(['help']);
    expect(root.code).toBe(0);
    expect(root.stderr).toBe('');
    for (const section of ['USAGE', 'TOPICS', 'COMMANDS', 'GLOBAL FLAGS', 'EXAMPLES']) expect(root.stdout).toContain(`\n${section}`);
    expect(root.stdout).toMatch(/^\s+build\s+Build targets/m);
    expect(root.stdout).toMatch(/^\s+-C, --dir=<dir>/m);
    expect(root.stdout).toContain('$ world affected');
    for (const args of [[], ['-h'], ['--help'], ['-C', repo.dir, '--help']]) {
      const r = world(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toBe(root.stdout);
    }
  });

  test('every command has help with usage and examples, through `world help <command>`', () => {
    const index = world(['help', '--json']);
    expect(index.code).toBe(0);
    const { commands } = JSON.parse(index.stdout) as { commands: { id: string; summary: string }[] };
    expect(commands.map((c) => c.id)).toEqual(expect.arrayContaining(['affected', 'build', 'checkout add', 'completion', 'help', 'version']));
    for (const { id, summary } of commands) {
      const r = world(['help', ...id.split(' ')]);
      expect(r.code, id).toBe(0);
      expect(r.stdout, id).toContain(summary);
      expect(r.stdout, id).toContain(`\nUSAGE\n  $ world ${id}`);
      expect(r.stdout, id).toMatch(new RegExp(`\\nEXAMPLES\\n[\\s\\S]*\\$ (?:\\S+=\\S+ )*(?:source <\\()?world ${id}\\b`));
    }
  });

  test('`-h` and `--help` after a command (fast or not, before or after its flags) equal `world help <command>`', () => {
    for (const [command, ...rest] of [['build'], ['affected', '--base', 'main'], ['checkout', 'add'], ['cache', 'gc', '--older-than', '3']]) {
      const words = [command!, ...(command === 'checkout' || command === 'cache' ? [rest.shift()!] : [])];
      const expected = world(['help', ...words]).stdout;
      expect(expected).toContain('EXAMPLES');
      for (const flag of ['-h', '--help']) {
        const r = world([...words, ...rest, flag]);
        expect(r.code, `${words.join(' ')} ${flag}`).toBe(0);
        expect(r.stdout).toBe(expected);
      }
    }
  });

  test('a topic alone lists its commands; `world help --json` of a command is its spec as data', () => {
    const topic = world(['checkout']);
    expect(topic.code).toBe(0);
    expect(topic.stdout).toMatch(/^\s+checkout add\s+Add projects/m);
    expect(world(['help', 'checkout']).stdout).toBe(topic.stdout);

    const spec = JSON.parse(world(['help', 'graph', '--json']).stdout) as { id: string; flags: { name: string; options?: string[] }[]; examples: string[] };
    expect(spec.id).toBe('graph');
    expect(spec.flags.find((f) => f.name === 'format')?.options).toEqual(['json', 'dot', 'mermaid', 'html']);
    expect(spec.flags.map((f) => f.name)).toEqual(expect.arrayContaining(['dir', 'json', 'color']));
    expect(spec.examples[0]).toMatch(/^world graph /);
    expect(JSON.parse(world(['graph', '-h', '--json']).stdout)).toEqual(spec);
    expect(JSON.parse(world(['--json', '-C', repo.dir, '--help']).stdout)).toEqual(JSON.parse(world(['help', '--json']).stdout));
  });
});

describe('version', () => {
  test('`world version`, `-v` and `--version` print the same line; --json gives it as data', () => {
    const r = world(['version']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^world \d+\.\d+\.\d+\S* \(world-cli; node v\d+\.\d+\.\d+; [a-z0-9]+-[a-z0-9]+\)\n$/);
    expect(world(['-v']).stdout).toBe(r.stdout);
    expect(world(['--version']).stdout).toBe(r.stdout);
    const json = JSON.parse(world(['version', '--json']).stdout) as Record<string, string>;
    expect(json).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), package: 'world-cli', node: process.version, platform: `${process.platform}-${process.arch}` });
    expect(JSON.parse(world(['--json', '-v']).stdout)).toEqual(json);
  });
});

describe('global flags before the command', () => {
  test('-C, --dir and --json before a fast command and before an oclif one, from a directory that is not a world', () => {
    const elsewhere = tempDir('world-elsewhere-');
    const after = world(['graph', '-C', repo.dir], { cwd: elsewhere });
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ nodes: expect.arrayContaining([{ name: 'money', path: '//libs/money' }]) });
    for (const args of [['-C', repo.dir, 'graph'], [`-C${repo.dir}`, 'graph'], ['--dir', repo.dir, 'graph'], [`--dir=${repo.dir}`, 'graph']]) {
      const r = world(args, { cwd: elsewhere });
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toBe(after.stdout);
    }

    const projects = world(['--json', '-C', repo.dir, 'projects', '--tag', 'web'], { cwd: elsewhere });
    expect(projects.code).toBe(0);
    expect(JSON.parse(projects.stdout)).toMatchObject({ projects: [{ name: 'shop-web' }] });

    // A topic command goes through oclif: the flags reach it too.
    const list = world(['-C', repo.dir, '--json', 'checkout', 'list'], { cwd: elsewhere });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject({ sparse: false, projectsInWorld: 5 });
  });

  test('--color always colours the error label, --color never does not (whatever the environment says)', () => {
    const always = world(['--color', 'always', 'buidl']);
    expect(always.code).toBe(2);
    expect(always.stderr).toContain('\x1b[31merror[USAGE]\x1b[0m');
    const never = world(['buidl', '--color=never'], { env: { FORCE_COLOR: '1' } });
    expect(never.stderr).not.toContain('\x1b[');
    expect(parseError(never.stderr)?.code).toBe('USAGE');
    const plain = world(['affected', '--color', 'never']);
    expect(plain.code).toBe(0);
  });
});

describe('every command-line mistake: error[USAGE] with a hint, exit 2, one JSON object under --json', () => {
  const cases: { args: string[]; message: string | RegExp; hint: RegExp }[] = [
    { args: ['buidl'], message: 'unknown command "buidl" (did you mean "build"?)', hint: /`world help` lists the commands/ },
    { args: ['checkout', 'lst'], message: 'unknown command "checkout lst" (did you mean "checkout list"?)', hint: /`world help checkout`/ },
    { args: ['help', 'buidl'], message: 'unknown command "buidl" (did you mean "build"?)', hint: /world help/ },
    { args: ['build', '--bse', 'main'], message: 'world build has no flag --bse (did you mean --base?)', hint: /`world build --help` lists its flags/ },
    { args: ['affected', '--reason'], message: 'world affected has no flag --reason (did you mean --reasons?)', hint: /world affected --help/ },
    { args: ['checkout', 'add', 'money', '--froce'], message: 'world checkout add has no flag --froce (did you mean --force?)', hint: /world checkout add --help/ },
    { args: ['build', '-j', 'abc'], message: '--jobs: expected an integer but received: abc', hint: /world build --help/ },
    { args: ['build', '--jobs=abc'], message: '--jobs: expected an integer but received: abc', hint: /world build --help/ },
    { args: ['test', '-j', '-1'], message: /^--jobs: expected an integer greater than or equal to \d+ but received: -1$/, hint: /world test --help/ },
    { args: ['cache', 'gc', '--older-than', '-5'], message: '--older-than: expected an integer greater than or equal to 0 but received: -5', hint: /world cache gc --help/ },
    { args: ['graph', '--format', 'dto'], message: '--format must be one of json, dot, mermaid, html, not "dto" (did you mean dot?)', hint: /world graph --help/ },
    { args: ['completion', 'bsh'], message: 'world completion takes one of bash, zsh, fish, not "bsh" (did you mean bash?)', hint: /world completion --help/ },
    { args: ['log'], message: 'world log needs TARGET (PROJECT:TARGET)', hint: /e\.g\. `world log payments-api:test`/ },
    { args: ['why'], message: /^world why needs PROJECT/, hint: /e\.g\. `world why/ },
    { args: ['projects', 'extra'], message: 'world projects takes no argument "extra" here', hint: /world projects --help/ },
    { args: ['--bogus', 'projects'], message: '--bogus is not a flag world takes before a command', hint: /a command's own flags go after its name/ },
    { args: ['--jsn', 'projects'], message: '--jsn is not a flag world takes before a command (did you mean "--json"?)', hint: /before the command/ },
    { args: ['-C'], message: '-C needs a value', hint: /world -C path\/to\/world/ },
    { args: ['--color', 'blue', 'projects'], message: '--color must be one of auto, always, never, not "blue"', hint: /world projects --help/ },
  ];

  test.each(cases)('world $args', ({ args, message, hint }) => {
    const r = world(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(STACK_LINE);
    const e = parseError(r.stderr);
    expect(e, r.stderr).toBeDefined();
    expect(e!.code).toBe('USAGE');
    if (typeof message === 'string') expect(e!.message).toBe(message);
    else expect(e!.message).toMatch(message);
    expect(e!.hint).toMatch(hint);

    const j = world([...args, '--json']);
    expect(j.code).toBe(2);
    const error = jsonError(j);
    expect(error.code).toBe('USAGE');
    expect(error.message).toBe(e!.message);
    expect(error.hint).toBe(e!.hint);
    expect(j.stdout.length).toBeLessThan(2000);
  });

  test('--json before the command makes a parse error JSON too, and the details name what was wrong', () => {
    const r = world(['--json', 'build', '--bse', 'main']);
    expect(r.code).toBe(2);
    expect(jsonError(r)).toEqual({
      code: 'USAGE',
      message: 'world build has no flag --bse (did you mean --base?)',
      hint: '`world build --help` lists its flags',
      details: { flags: ['--bse'], suggestions: ['--base'] },
    });
    expect(jsonError(world(['log', '--json']))).toMatchObject({ details: { missing: ['target'] } });
  });

  test('a mistyped branch: exit 3 with the nearest branch, for --base and --head', () => {
    repo.git('branch', 'release-2024');
    const base = world(['affected', '--base', 'release-2042']);
    expect(base.code).toBe(3);
    expect(parseError(base.stderr)).toMatchObject({ code: 'BASE_UNRESOLVED', message: 'base "release-2042" is not a commit, branch or tag of this repository (did you mean "release-2024"?)' });
    const head = world(['build', '--head', 'mian', '--dry-run']);
    expect(head.code).toBe(3);
    expect(parseError(head.stderr)).toMatchObject({ code: 'HEAD_UNRESOLVED', message: 'head "mian" is not a commit of this repository (did you mean "main"?)' });
    expect(jsonError(world(['affected', '--base', 'release-2042', '--json']))).toMatchObject({ code: 'BASE_UNRESOLVED' });
  });
});

describe('anything unexpected is a short INTERNAL error, exit 70', () => {
  /** Node preloads this module before world: it plants a bug in `process.cwd`, which every command calls. */
  const bug = (source: string): string => {
    const file = join(tempDir('world-bug-'), 'bug.mjs');
    writeFileSync(file, source);
    return `--import=${file}`;
  };
  const thrown = "process.cwd = () => { throw new TypeError('simulated bug\\nsecond line'); };\n";
  // Thrown later from a timer, outside any command's await (once world runs git): the process-wide handler reports it.
  const late = [
    "import childProcess from 'node:child_process';",
    "import { syncBuiltinESMExports } from 'node:module';",
    'const spawn = childProcess.spawn;',
    "childProcess.spawn = (...args) => { setTimeout(() => { throw new RangeError('late bug'); }, 0); return spawn(...args); };",
    'syncBuiltinESMExports();',
    '',
  ].join('\n');

  test.each([
    { name: 'a fast command', args: ['projects'], source: thrown, message: 'unexpected TypeError: simulated bug' },
    { name: 'an oclif command', args: ['checkout', 'list'], source: thrown, message: 'unexpected TypeError: simulated bug' },
    { name: 'an error thrown outside the command', args: ['affected'], source: late, message: 'unexpected RangeError: late bug' },
  ])('$name', ({ args, source, message }) => {
    const env = { NODE_OPTIONS: bug(source) };
    const r = world(args, { env });
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(parseError(r.stderr)).toEqual({ code: 'INTERNAL', message, hint: expect.stringContaining('WORLD_TRACE=1') });
    expect(r.code).toBe(70);

    const traced = world(args, { env: { ...env, WORLD_TRACE: '1' } });
    expect(traced.code).toBe(70);
    expect(traced.stderr).toMatch(STACK_LINE);
    expect(traced.stderr).toContain(`world: error[INTERNAL]: ${message}`);

    const json = world([...args, '--json'], { env });
    expect(json.code).toBe(70);
    expect(jsonError(json)).toMatchObject({ code: 'INTERNAL', message });
  });
});

test('a world that is not built says how to build it', () => {
  const bin = join(tempDir('world-unbuilt-'), 'cli/bin');
  mkdirSync(bin, { recursive: true });
  for (const file of ['world', 'run.js']) copyFileSync(join(REPO_ROOT, 'cli/bin', file), join(bin, file));
  const r = sh(repo.dir, join(bin, 'world'), ['affected'], ENV);
  expect(r.code).toBe(70);
  expect(r.stderr).not.toMatch(STACK_LINE);
  expect(parseError(r.stderr)).toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/^cannot load world: /), hint: expect.stringContaining('npm run build') });
});

describe('a closed pipe ends world quietly', () => {
  /** The layered world and 3,000 more projects: `world projects` prints ~80 KB, more than a pipe holds. */
  let big: TestRepo;
  beforeAll(() => {
    const files = layeredWorld();
    for (let i = 0; i < 3000; i++) files[`libs/many/p${i}/project.yaml`] = `name: many-project-number-${i}\n`;
    big = makeRepo(files);
  });

  /** `set -o pipefail`, so that the status is world's own; prints world's stderr and both statuses. */
  const pipe = (command: string, reader: string): { stderr: string; world: number; reader: number } => {
    const script = `"${LAUNCHER}" ${command} 2>"$ERR" | ${reader} >/dev/null; echo "\${PIPESTATUS[0]} \${PIPESTATUS[1]}"`;
    const err = join(tempDir('world-pipe-'), 'stderr');
    const r = sh(big.dir, 'bash', ['-c', `ERR='${err}'; ${script}; cat "$ERR" >&2`], ENV);
    const [w, reader_] = r.stdout.trim().split(' ').map(Number);
    return { stderr: r.stderr, world: w!, reader: reader_! };
  };

  test('`world projects | head -1`, 20 times: no EPIPE, no stack trace, exit 0', () => {
    for (let i = 0; i < 20; i++) {
      const r = pipe('projects', 'head -1');
      expect(r.stderr, `run ${i}`).toBe('');
      expect(r.world, `run ${i}`).toBe(0);
    }
  });

  test('a reader that never reads, for fast and oclif commands, --json included', () => {
    for (const command of ['projects --json', 'graph --format dot', 'help', 'completion bash', 'checkout list']) {
      for (let i = 0; i < 3; i++) {
        const r = pipe(command, 'true');
        expect(r.stderr, command).toBe('');
        expect(r.world, command).toBe(0);
      }
    }
  });

  test('an error whose stderr is a closed pipe still exits with its code', () => {
    const script = `"${LAUNCHER}" buidl 2>&1 | true; echo "\${PIPESTATUS[0]}"`;
    for (let i = 0; i < 3; i++) expect(sh(big.dir, 'bash', ['-c', script], ENV).stdout.trim()).toBe('2');
  });
});
