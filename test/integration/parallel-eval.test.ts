/**
 * A large plan evaluated by several `nix-instantiate` at once gives exactly the derivations one
 * evaluation gives: each worker takes a slice of the projects and their dependency closure.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { cleanupTempDirs, makeRepo, nonce, type BuildJson, type Files } from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

const PROJECTS = 240;

const world = (): Files => {
  const files: Files = { 'world.yaml': 'name: many\nnix:\n  hostPath: [/usr/local/bin, /usr/bin, /bin]\n', 'salt.txt': `${nonce()}\n` };
  for (let i = 0; i < PROJECTS; i++) {
    // Each depends on its predecessor and on one far back: slices share dependencies.
    const deps = [...new Set([i - 1, Math.floor(i / 3)].filter((d) => d >= 0 && d < i))].map((d) => `p${d}`);
    files[`p${i}/project.yaml`] = `name: p${i}\ndeps: [${deps.join(', ')}]\nmodules: [command]\nconfig:\n  command.build: mkdir -p "$out" && echo ${i} > "$out/v"\n  command.test: "true"\n`;
    files[`p${i}/salt.txt`] = `${nonce()}\n`;
  }
  return files;
};

test('three workers give the same derivations as one, for every target', () => {
  const repo = makeRepo(world());
  const one = repo.worldJson<BuildJson>('build', '-n', '--eval-jobs', '1');
  expect(one.code, one.stderr).toBe(0);
  expect(one.json.targets).toHaveLength(PROJECTS);
  // Forget the single evaluation; evaluate again in three parts.
  rmSync(join(repo.dir, '.git/world/cache/index'), { recursive: true });
  const plain = repo.world('build', '-n', '--eval-jobs', '3');
  expect(plain.code, plain.stderr).toBe(0);
  expect(plain.stderr).toContain(`evaluate (${PROJECTS} projects in 3 parts)`);
  // What the parallel evaluation recorded is what one evaluation gave.
  const three = repo.worldJson<BuildJson>('build', '-n');
  expect(three.json.evaluated).toBe(false);
  const drvs = (j: BuildJson) => Object.fromEntries(j.targets.map((t) => [t.project, t.drv]));
  expect(drvs(three.json)).toEqual(drvs(one.json));
});
