/**
 * world's entry point (cli/bin/run.js calls `main`). It reads the global flags given before
 * the command, then runs the commands that people, prompts and editors run all the time
 * (`affected`, `why`, `projects`, `show`, `resolve`, `gps`, `graph`, `build`, `test`, `ci`, `version`)
 * straight from their actions, parsed with node:util — no oclif start-up. Help, the other
 * commands, and anything this parser does not fully understand (an unknown flag, a bad value)
 * go to oclif, which has the whole command specs for the error. Every failure, from either
 * path, is reported here, the one way (lib/report-error.ts).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { applyColor } from './lib/color.js';
import { GLOBAL_FLAGS, type Action, type FlagSpecs, type FlagValues } from './lib/flag-spec.js';
import { quietOnClosedPipes } from './lib/closed-pipe.js';
import { colorRequested, jsonRequested, parseInvocation } from './lib/invocation.js';
import { reportFailure } from './lib/report-error.js';

const FAST: Record<string, () => Promise<{ default: Action }>> = {
  affected: () => import('./actions/affected.js'),
  why: () => import('./actions/why.js'),
  projects: () => import('./actions/projects.js'),
  show: () => import('./actions/show.js'),
  resolve: () => import('./actions/resolve.js'),
  gps: () => import('./actions/gps.js'),
  graph: () => import('./actions/graph.js'),
  build: () => import('./actions/build.js'),
  test: () => import('./actions/test.js'),
  ci: () => import('./actions/ci.js'),
  version: () => import('./actions/version.js'),
};

const parseConfig = (specs: FlagSpecs): ParseArgsConfig['options'] => {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, s] of Object.entries(specs)) {
    options[name] = { type: s.type === 'boolean' ? 'boolean' : 'string', ...(s.char ? { short: s.char } : {}), ...(s.type === 'string' && s.multiple ? { multiple: true } : {}) };
    if (s.type === 'boolean' && s.allowNo) options[`no-${name}`] = { type: 'boolean' };
  }
  return options;
};

/** Runs an action on its flags and arguments; false when they need oclif's parser (and its error). */
const runFast = async (action: Action, argv: readonly string[]): Promise<boolean> => {
  const specs: FlagSpecs = { ...GLOBAL_FLAGS, ...action.flags };
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: parseConfig(specs), allowPositionals: true, strict: true });
  } catch {
    return false;
  }
  const variadic = action.args.at(-1)?.variadic === true;
  if ((!variadic && parsed.positionals.length > action.args.length) || action.args.some((a, i) => a.required && parsed.positionals[i] === undefined)) return false;
  const flags: FlagValues = {};
  for (const [name, s] of Object.entries(specs)) {
    const values = parsed.values as Record<string, string | string[] | boolean | undefined>;
    const v = values[name];
    if (s.type === 'boolean') {
      flags[name] = values[`no-${name}`] === true ? false : (v as boolean | undefined) ?? s.default ?? false;
    } else if (s.type === 'integer') {
      const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v === undefined ? s.default : NaN;
      if (n !== undefined && (Number.isNaN(n) || (s.min !== undefined && n < s.min))) return false;
      flags[name] = n;
    } else {
      if (s.options && typeof v === 'string' && !s.options.includes(v)) return false;
      flags[name] = v ?? s.default;
    }
  }
  const args = Object.fromEntries(action.args.map((a, i) => [a.name, parsed.positionals[i]]));
  const json = flags.json === true;
  const result = await action.run(
    {
      cwd: typeof flags.dir === 'string' ? flags.dir : process.cwd(),
      json,
      argv: parsed.positionals,
      print: (text) => {
        if (!json) process.stdout.write(text.endsWith('\n') || text === '' ? text : text + '\n');
      },
    },
    flags,
    args,
  );
  if (json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  return true;
};

/**
 * Runs one command line and sets process.exitCode. Resolves true when the lean path ran the
 * command: nothing of it runs on, so the caller may exit without waiting for Node's teardown.
 */
export const main = async (argv: readonly string[]): Promise<boolean> => {
  const json = jsonRequested(argv);
  let command: string | undefined;
  const fail = (e: unknown): void => {
    process.exitCode = reportFailure(e, json, command);
  };
  quietOnClosedPipes();
  applyColor(colorRequested(argv));
  // Thrown outside any command's await (an event handler, a forgotten promise): still one short report.
  process.on('uncaughtException', (e) => {
    fail(e);
    process.exit();
  });
  try {
    const invocation = parseInvocation(argv);
    const words = invocation.version ? ['version', ...invocation.words] : invocation.words;
    const name = words[0];
    const load = invocation.help || name === undefined ? undefined : FAST[name];
    if (load) {
      command = name;
      if (await runFast((await load()).default, [...invocation.globals, ...words.slice(1)])) return true;
    }
    const { runOclif } = await import('./lib/oclif-run.js');
    await runOclif({ ...invocation, words }, (id) => (command = id));
  } catch (e) {
    fail(e);
  }
  return false;
};
