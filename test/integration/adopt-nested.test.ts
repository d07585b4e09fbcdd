/**
 * Nested projects, one ownership rule in every stage: a file belongs to the deepest project
 * directory above it. `world affected` (which project a changed file counts for), the sources
 * each project builds from (its `<project>-src` store path, as its build sees it) and the
 * sparse cone of each project (its files on disk; only real dependencies pulled in) are held
 * to that same rule — also where the outer project's `inputs` glob reaches into the inner one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cleanupTempDirs, makeRepo, nonce, type AffectedJson, type BuildJson, type Files } from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

const build = 'command.build: mkdir -p "$out" && find . -type f | sort > "$out/files"';

const world = (): Files => ({
  'world.yaml': 'name: nest\n',
  'salt.txt': `${nonce()}\n`,
  // The outer project's inputs glob covers the fixture's directory: ownership still wins.
  'app/project.yaml': `name: app\ndeps: [inner]\ninputs: [src/**, fixtures/**]\nmodules: [command]\nconfig:\n  ${build}\n`,
  'app/src/a.txt': `a ${nonce()}\n`,
  'app/fixtures/c.txt': 'a fixture file of app itself\n',
  'app/README.md': 'not an input of app\n',
  'app/fixtures/fx/project.yaml': `name: fx\nmodules: [command]\nconfig:\n  ${build}\n`,
  'app/fixtures/fx/data.txt': 'fixture data\n',
  'app/lib/inner/project.yaml': `name: inner\nmodules: [command]\nconfig:\n  ${build}\n`,
  'app/lib/inner/x.txt': 'inner\n',
});

/** Who owns each file, by the rule itself. */
const OWNER: Record<string, string> = {
  'app/project.yaml': 'app',
  'app/src/a.txt': 'app',
  'app/fixtures/c.txt': 'app',
  'app/fixtures/fx/project.yaml': 'fx',
  'app/fixtures/fx/data.txt': 'fx',
  'app/lib/inner/project.yaml': 'inner',
  'app/lib/inner/x.txt': 'inner',
};
const DIR: Record<string, string> = { app: 'app', fx: 'app/fixtures/fx', inner: 'app/lib/inner' };

describe('nested projects', () => {
  test('affected, the sources each project builds from and the sparse cone follow one ownership rule', () => {
    const repo = makeRepo(world());
    repo.git('checkout', '-q', '-b', 'feature');
    for (const path of [...Object.keys(OWNER), 'app/README.md']) repo.write({ [path]: `${readFileSync(join(repo.dir, path), 'utf8')}# changed\n` });

    // affected: each changed file counts for its deepest project (README is outside app's inputs).
    const affected = repo.worldJson<AffectedJson>('affected');
    expect(affected.code, JSON.stringify(affected.json)).toBe(0);
    const counted = Object.fromEntries(affected.json.changedFiles.filter((c) => c.kind === 'project').map((c) => [c.path, c.project]));
    expect(counted).toEqual(OWNER);
    expect(affected.json.changedFiles.find((c) => c.path === 'app/README.md')).toEqual({ kind: 'excluded', path: 'app/README.md', project: 'app' });
    expect(affected.json.affected.map((p) => p.name).sort()).toEqual(['app', 'fx', 'inner']);
    // world show says which projects app holds, and which of them it depends on.
    const show = repo.worldJson<{ projects: { nested: string[]; edges: { to: string; kind: string }[] }[] }>('show', 'app', '--no-eval');
    expect(show.json.projects).toMatchObject([{ nested: ['fx', 'inner'], edges: [{ to: 'inner', kind: 'runtime' }] }]);
    expect(repo.world('show', 'app', '--no-eval').stdout).toBe(
      [
        'app  //app',
        '  file        app/project.yaml',
        '  owners      none',
        '  tags        none',
        '  modules     command',
        '  deps        inner  runtime    app/project.yaml:2:8 (deps)',
        '  used by     none',
        "  holds       fx, inner (their files are theirs, not app's)",
        '  inputs      3 files: project.yaml and those matching src/**, fixtures/**',
        '  targets     not evaluated yet: `world show app` without --no-eval, or any build or dry run (world build -n), evaluates it',
        '',
      ].join('\n'),
    );

    // Sources: what each build sees is exactly the files it owns.
    const built = repo.worldJson<BuildJson>('build');
    expect(built.code, built.stderr).toBe(0);
    const seen: Record<string, string> = {};
    for (const t of built.json.targets) {
      for (const f of readFileSync(join(t.out, 'files'), 'utf8').trim().split('\n')) {
        const path = `${DIR[t.project]}/${f.slice(2)}`;
        expect(seen[path], `${path} is in the sources of both ${seen[path]} and ${t.project}`).toBeUndefined();
        seen[path] = t.project;
      }
    }
    expect(seen).toEqual(OWNER);
    repo.commit('changes');

    // The cone: a root's files are on disk; only dependencies are pulled in, not the projects nested inside.
    const cone = (root: string) => {
      const r = repo.worldJson<{ roots: string[]; dependencies: string[]; dirs: string[] }>('checkout', 'set', root);
      expect(r.code, r.stderr).toBe(0);
      for (const [path, owner] of Object.entries(OWNER)) if (owner === root) expect(existsSync(join(repo.dir, path)), path).toBe(true);
      return r.json;
    };
    expect(cone('fx')).toMatchObject({ roots: ['fx'], dependencies: [], dirs: ['app/fixtures/fx', 'modules'] });
    expect(existsSync(join(repo.dir, 'app/src/a.txt'))).toBe(false);
    expect(cone('inner')).toMatchObject({ dependencies: [], dirs: ['app/lib/inner', 'modules'] });
    // app's directory holds fx and inner on disk (cone mode checks out whole directories);
    // of the two, only inner, its dependency, is part of its cone.
    expect(cone('app')).toMatchObject({ roots: ['app'], dependencies: ['inner'], dirs: ['app', 'modules'] });
  });
});
