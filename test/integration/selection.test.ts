/** Choosing what to run: names, paths, the current directory, globs, dependents/dependencies, tags. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WORLD_BIN, cleanupTempDirs, makeRepo, nonce, parseError, type BuildJson, type TestRepo } from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

const project = (name: string, deps: string[], tags: string[], test = true) =>
  `name: ${name}\ndeps: [${deps.join(', ')}]\ntags: [${tags.join(', ')}]\nmodules: [command]\nconfig:\n  command.build: mkdir -p "$out"\n${test ? '  command.test: "true"\n' : ''}`;

let repo: TestRepo;
beforeAll(() => {
  repo = makeRepo({
    'world.yaml': 'name: pick\nnix:\n  hostPath: [/usr/local/bin, /usr/bin, /bin]\n',
    'libs/money/project.yaml': project('money', [], ['lib']),
    'libs/format/project.yaml': project('format', [], ['lib']),
    'apps/web/project.yaml': project('web', ['format', 'money'], ['service']),
    'apps/web/src/app.js': 'x\n',
    'apps/cli/project.yaml': project('cli', ['money'], ['tool'], false),
    'salt.txt': `${nonce()}\n`,
  });
});

/** world run in a directory of the repository; the projects of the targets it would build. */
const picked = (cwd: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [WORLD_BIN, ...args, '-n', '--json'], { cwd: join(repo.dir, cwd), encoding: 'utf8', env: { ...process.env, NODE_ENV: undefined, CI: 'true' } });
  expect(r.status, r.stderr).toBe(0);
  return { projects: [...new Set((JSON.parse(r.stdout) as BuildJson).targets.map((t) => t.project))].sort(), stderr: r.stderr };
};

describe('selection', () => {
  test('inside a project: that project by default; at the root: every project', () => {
    expect(picked('apps/web', 'build').projects).toEqual(['web']);
    expect(picked('apps/web/src', 'build').projects).toEqual(['web']);
    expect(picked('', 'build').projects).toEqual(['cli', 'format', 'money', 'web']);
  });

  test('by path: ., a directory, a relative path from elsewhere', () => {
    expect(picked('apps/web', 'build', '.').projects).toEqual(['web']);
    expect(picked('', 'build', 'libs/money').projects).toEqual(['money']);
    expect(picked('apps/web', 'build', '../../libs/money').projects).toEqual(['money']);
  });

  test('globs over names and directories', () => {
    expect(picked('', 'build', 'libs/*').projects).toEqual(['format', 'money']);
    expect(picked('', 'build', 'mo*').projects).toEqual(['money']);
  });

  test('NAME... adds its dependents, ...NAME its dependencies', () => {
    expect(picked('', 'build', 'money...').projects).toEqual(['cli', 'money', 'web']);
    expect(picked('', 'build', '...web').projects).toEqual(['format', 'money', 'web']);
  });

  test('--tag keeps the projects with every tag given', () => {
    expect(picked('', 'build', '--tag', 'lib').projects).toEqual(['format', 'money']);
    expect(picked('', 'build', 'money...', '--tag', 'service').projects).toEqual(['web']);
    const r = repo.world('build', '-n', '--tag', 'nope');
    expect(parseError(r.stderr)).toMatchObject({ code: 'UNKNOWN_PROJECT' });
  });

  test('a selection without a matching target says so', () => {
    const r = picked('', 'test', 'cli');
    expect(r.projects).toEqual([]);
    expect(r.stderr).toMatch(/warning: cli has no test targets: nothing to run/);
  });

  test('--base without --affected is a usage error, not silently ignored', () => {
    const r = repo.world('build', '--base', 'main', '-n');
    expect(r.code).toBe(2);
    expect(parseError(r.stderr)).toMatchObject({ code: 'USAGE' });
  });

  test('a path in no project, and a glob that matches nothing', () => {
    expect(parseError(repo.world('build', 'docs', '-n').stderr)).toMatchObject({ code: 'UNKNOWN_PROJECT' });
    expect(parseError(repo.world('build', 'zz*', '-n').stderr)).toMatchObject({ code: 'UNKNOWN_PROJECT' });
  });
});
