/**
 * `world completion bash|zsh|fish`: the scripts are loaded into the real shells, which are then
 * asked what completes a partly typed line — commands, subcommands, flags, option values,
 * branches (from git) and project names (from `world projects`, on the world -C names).
 * bash runs its completion function the way it does on Tab; fish answers `complete -C`;
 * zsh's completion system needs a terminal, so its builtins are replaced by ones that print
 * what they were offered. zsh and fish tests run where those shells are installed.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT, cleanupTempDirs, layeredWorld, makeRepo, sh, tempDir, type TestRepo } from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

const LAUNCHER = join(REPO_ROOT, 'cli/bin/world');
// Without vitest's NODE_ENV=test, which sends oclif looking for TypeScript sources (as the fixture's repo.world does).
const ENV = { NODE_ENV: undefined, NO_COLOR: '1', CI: 'true' };
const has = (shell: string): boolean => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

let repo: TestRepo;
/** A directory with `world` on PATH (a link to the launcher), as a user's shell has it. */
let bin: string;
const scripts: Record<string, string> = {};

beforeAll(() => {
  repo = makeRepo(layeredWorld());
  repo.git('branch', 'release');
  bin = tempDir('world-path-');
  sh(bin, 'ln', ['-s', LAUNCHER, join(bin, 'world')]);
  for (const shell of ['bash', 'zsh', 'fish']) {
    const r = sh(repo.dir, LAUNCHER, ['completion', shell], ENV);
    expect(r.code, r.stderr).toBe(0);
    scripts[shell] = join(bin, `completion.${shell}`);
    writeFileSync(scripts[shell], r.stdout);
  }
});

const PATH_ENV = (): NodeJS.ProcessEnv => ({ ...ENV, PATH: `${bin}:${process.env.PATH}` });

/** Each line, completed by bash's completion function as Tab would: COMP_LINE/COMP_POINT/COMP_WORDS set, then the function registered for `world`. */
const bashComplete = (lines: string[], cwd = repo.dir): string[][] => {
  const script = [
    `source '${scripts.bash}'`,
    'spec=$(complete -p world)',
    'fn=${spec#*-F }; fn=${fn%% *}',
    'for line in "$@"; do',
    '  COMP_LINE=$line; COMP_POINT=${#line}',
    '  read -ra COMP_WORDS <<<"$line"; [[ $line == *" " ]] && COMP_WORDS+=("")',
    '  COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()',
    '  "$fn" world "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"',
    '  echo "${COMPREPLY[*]}"',
    'done',
  ].join('\n');
  const r = sh(cwd, 'bash', ['-c', script, 'complete', ...lines], PATH_ENV());
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').slice(0, lines.length).map((l) => l.split(' ').filter(Boolean));
};

describe('bash', () => {
  test('the script registers a completion function for `world`', () => {
    const r = sh(repo.dir, 'bash', ['-c', `source '${scripts.bash}'; complete -p world`], PATH_ENV());
    expect(r.stdout.trim()).toBe('complete -o default -F _world world');
  });

  test('commands, subcommands of a topic, and flags', () => {
    const [all, b, checkout, flags, globalFlags] = bashComplete(['world ', 'world b', 'world checkout ', 'world build --ke', 'world --']);
    expect(all).toEqual(expect.arrayContaining(['affected', 'build', 'checkout', 'completion', 'help', 'version', 'why']));
    expect(all).not.toContain('checkout add');
    expect(b).toEqual(['build']);
    expect(checkout).toEqual(['add', 'list', 'remove', 'set', 'sync']);
    expect(flags).toEqual(['--keep-going']);
    expect(globalFlags).toEqual(['--json', '--dir', '--color', '--help', '--version']);
  });

  test('option values, branches for --base, projects for arguments; after global flags too', () => {
    const [format, base, baseEq, why, afterGlobals, color, jobs] = bashComplete([
      'world graph --format ',
      'world affected --base re',
      'world build --base=ma',
      'world why pay',
      `world -C ${repo.dir} --json test `,
      'world --color a',
      'world build -j ',
    ]);
    expect(format).toEqual(['json', 'dot', 'mermaid', 'html']);
    expect(base).toEqual(['release']);
    expect(baseEq).toEqual(['main']);
    expect(why).toEqual(['payments-api', 'payments-core']);
    expect(afterGlobals).toEqual(['money', 'payments-api', 'payments-core', 'shop-web', 'ui-kit']);
    expect(color).toEqual(['auto', 'always']);
    expect(jobs).toEqual([]);
  });

  test('-C names the world whose projects and branches complete', () => {
    const elsewhere = tempDir('world-elsewhere-');
    const [here, there, branches] = bashComplete(['world why ', `world -C ${repo.dir} why `, `world --dir ${repo.dir} affected --head rel`], elsewhere);
    expect(here).toEqual([]);
    expect(there).toEqual(['money', 'payments-api', 'payments-core', 'shop-web', 'ui-kit']);
    expect(branches).toEqual(['release']);
  });
});

describe.skipIf(!has('fish'))('fish', () => {
  const fishComplete = (lines: string[], cwd = repo.dir): string[][] => {
    // "$found" is the list joined by spaces: one line per completed line, empty or not.
    const script = `source '${scripts.fish}'\nfor line in $argv\n  set -l found (complete -C "$line" | string split -f1 \\t)\n  echo "$found"\nend`;
    const r = sh(cwd, 'fish', ['--no-config', '-c', script, ...lines], PATH_ENV());
    expect(r.stderr).toBe('');
    return r.stdout
      .split('\n')
      .slice(0, lines.length)
      .map((l) => l.split(' ').filter(Boolean));
  };

  test('commands with their summaries, subcommands, flags, values, branches and projects', () => {
    const [nothing, b, checkout, flags, format, base, why] = fishComplete([
      'world build -j ',
      'world b',
      'world checkout ',
      'world build --ke',
      'world graph --format ',
      'world affected --base re',
      `world -C ${repo.dir} why pay`,
    ]);
    expect(nothing).toEqual([]);
    expect(b).toEqual(['build']);
    expect(checkout).toEqual(['add', 'list', 'remove', 'set', 'sync']);
    expect(flags).toEqual(['--keep-going']);
    expect(format.sort()).toEqual(['dot', 'html', 'json', 'mermaid']);
    expect(base).toEqual(['release']);
    expect(why).toEqual(['payments-api', 'payments-core']);
    const described = sh(repo.dir, 'fish', ['--no-config', '-c', `source '${scripts.fish}'; complete -C 'world bu'`], PATH_ENV()).stdout;
    expect(described).toBe('build\tBuild targets with Nix; whatever is unchanged comes from the cache.\n');
  });
});

describe.skipIf(!has('zsh'))('zsh', () => {
  /** Runs _world for each line with stand-ins for compsys' builtins that print what they are given. */
  const zshComplete = (lines: string[]): string[] => {
    const stubs = [
      'compdef() { print -r -- "compdef $*" }',
      `source '${scripts.zsh}'`,
      '_describe() { print -r -- "$3: ${(j: | :)${(P)4}}" }',
      'compadd() { [[ $1 == -- ]] && shift; print -r -- "values: $*" }',
      '_files() { print -r -- "files $*" }',
      'compset() { }',
      'for line in "$@"; do words=(${(z)line}); [[ $line == *" " ]] && words+=(""); CURRENT=${#words}; _world; done',
    ].join('\n');
    const r = sh(repo.dir, 'zsh', ['-f', '-c', stubs, 'complete', ...lines], PATH_ENV());
    expect(r.stderr).toBe('');
    return r.stdout.trim().split('\n');
  };

  test('registers with compdef; offers described commands and flags, values, branches and projects', () => {
    const out = zshComplete(['world checkout ', 'world build --ke', 'world graph --format ', 'world affected --base ', 'world why ', 'world -C ']);
    expect(out[0]).toBe('compdef _world world');
    expect(out[1]).toMatch(/^command: add:Add projects .* \| list:Show the sparse checkout.* \| sync:Recompute/);
    expect(out[2]).toContain('--keep-going:Keep building other targets after a failure.');
    expect(out[2]).toContain('--no-push:The opposite of --push.');
    expect(out.slice(3)).toEqual(['values: json dot mermaid html', 'values: main release', 'values: money payments-api payments-core shop-web ui-kit', 'files -/']);
  });
});
