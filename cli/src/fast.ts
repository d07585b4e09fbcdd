/**
 * The lean launcher: the commands that people, prompts and editors run all the time
 * (`affected`, `why`, `projects`, `resolve`, `gps`, `graph`, `build`, `test`, `ci`) are parsed here
 * with node:util and run without loading oclif. Anything this parser does not fully understand
 * (help, an unknown flag, a bad value) returns false and falls through to oclif, which
 * then gives its usual help and usage errors.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { WorldError } from '@world/core';
import type { Action, FlagSpecs, FlagValues } from './lib/flag-spec.js';
import { reportWorldError } from './lib/report-error.js';

const FAST: Record<string, () => Promise<{ default: Action }>> = {
  affected: () => import('./actions/affected.js'),
  why: () => import('./actions/why.js'),
  projects: () => import('./actions/projects.js'),
  resolve: () => import('./actions/resolve.js'),
  gps: () => import('./actions/gps.js'),
  graph: () => import('./actions/graph.js'),
  build: () => import('./actions/build.js'),
  test: () => import('./actions/test.js'),
  ci: () => import('./actions/ci.js'),
};

const BASE: FlagSpecs = {
  json: { type: 'boolean', summary: '' },
  dir: { type: 'string', summary: '', char: 'C' },
};

const parseConfig = (specs: FlagSpecs): ParseArgsConfig['options'] => {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, s] of Object.entries(specs)) {
    options[name] = { type: s.type === 'boolean' ? 'boolean' : 'string', ...(s.char ? { short: s.char } : {}), ...(s.type === 'string' && s.multiple ? { multiple: true } : {}) };
    if (s.type === 'boolean' && s.allowNo) options[`no-${name}`] = { type: 'boolean' };
  }
  return options;
};

export const runFast = async (argv: readonly string[]): Promise<boolean> => {
  const [id, ...rest] = argv;
  const load = id === undefined ? undefined : FAST[id];
  if (!load || rest.some((a) => a === '--help' || a === '-h')) return false;
  const action = (await load()).default;
  const specs = { ...BASE, ...action.flags };
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: parseConfig(specs), allowPositionals: true, strict: true });
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
  try {
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
  } catch (e) {
    if (!(e instanceof WorldError)) throw e;
    process.exitCode = reportWorldError(e, json);
  }
  return true;
};
