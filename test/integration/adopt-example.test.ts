/**
 * examples/workspace is an npm-workspaces monorepo exactly as `world init --module node` leaves
 * it: without its world.yaml and project.yaml files, init writes them byte for byte; with
 * them, init --check is in sync, every test passes on real Nix (a devDependency cycle between
 * greet and test-kit; app's tests using a fixture package nested in app's directory), and a
 * dependency added only in package.json reaches `world affected`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { REPO_ROOT, cleanupTempDirs, filesOf, makeRepo, nonce, statusById, type AffectedJson, type BuildJson } from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

const EXAMPLE = join(REPO_ROOT, 'examples/workspace');
const WRITTEN = ['world.yaml', 'packages/app/project.yaml', 'packages/app/test/fixtures/sample/project.yaml', 'packages/greet/project.yaml', 'packages/test-kit/project.yaml'];

describe('examples/workspace', () => {
  test('is what world init --module node writes', () => {
    const files = filesOf(EXAMPLE);
    for (const f of WRITTEN) delete files[f];
    const repo = makeRepo(files);
    const r = repo.worldJson<{ wrote: string[] }>('init', '--module', 'node');
    expect(r.code, r.stderr).toBe(0);
    expect([...r.json.wrote].sort()).toEqual([...WRITTEN].sort());
    for (const f of WRITTEN) expect(readFileSync(join(repo.dir, f), 'utf8'), f).toBe(readFileSync(join(EXAMPLE, f), 'utf8'));
  });

  test('builds and tests, and follows package.json', () => {
    // A salt in greet: new to the store, so greet and everything that depends on it really runs.
    const repo = makeRepo({ ...filesOf(EXAMPLE), 'packages/greet/salt.txt': nonce() });
    expect(repo.world('init', '--check').code).toBe(0);
    const r = repo.worldJson<BuildJson>('test');
    expect(r.code, r.stderr).toBe(0);
    expect(statusById(r.json)).toMatchObject({ 'demo-app:test': 'built', 'greet:test': 'built', 'test-kit:test': 'built' });
    expect(statusById(r.json)['sample-fixture:test']).toMatch(/^(built|cached)$/);
    expect(repo.world('log', 'demo-app:test').stdout).toContain('pass 1');

    repo.git('checkout', '-q', '-b', 'feature');
    const affected = () => repo.worldJson<AffectedJson>('affected').json.affected.map((p) => p.name).sort();
    repo.write({ 'packages/greet/index.js': 'exports.greet = (name) => `hi, ${name}`;\n' });
    expect(affected()).toEqual(['demo-app', 'greet', 'test-kit']);
    repo.git('checkout', '-q', '--', '.');
    repo.write({ 'packages/app/test/fixtures/sample/names.json': '{ "names": ["ada"] }\n' });
    expect(affected()).toEqual(['demo-app', 'sample-fixture']);
    repo.git('checkout', '-q', '--', '.');
    // test-kit starts using the fixture: package.json says so, and world follows.
    const kit = JSON.parse(readFileSync(join(repo.dir, 'packages/test-kit/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    kit.dependencies['sample-fixture'] = '*';
    repo.write({ 'packages/test-kit/package.json': `${JSON.stringify(kit, null, 2)}\n` });
    repo.commit('test-kit uses the fixture');
    repo.write({ 'packages/app/test/fixtures/sample/names.json': '{ "names": ["ada"] }\n' });
    expect(repo.worldJson<AffectedJson>('affected', '--base', 'HEAD').json.affected.map((p) => p.name).sort()).toEqual(['demo-app', 'greet', 'sample-fixture', 'test-kit']);
  });
});
