/**
 * Sparse-checkout onboarding on real git: `world clone --project` from a bare remote serving
 * partial clones over file://, `world checkout add|remove|set|list|sync`, uncommitted work
 * surviving narrowing, worktrees with their own sparse sets, `world doctor`, and the rest of
 * world (projects, affected, build) seeing the whole world from a sparse clone.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ApplyResult, CloneResult } from '@world/checkout';
import { TestRepo, cleanupTempDirs, parseError, sh, tempDir } from '../helpers/world-fixture.js';
import {
  blobAt,
  countFetches,
  dirsOnDisk,
  generatedRemote,
  missingObjects,
  worldAt,
  worldJsonAt,
  type GeneratedWorld,
} from '../helpers/sparse-world.js';

afterAll(cleanupTempDirs);

let world: GeneratedWorld;
let origin: TestRepo;
let url: string;

beforeAll(() => {
  ({ world, origin, url } = generatedRemote({ salt: `${process.pid}-${Date.now()}` }));
});

/** `world clone <url> <tmp>/<name> --project …`; returns the clone. */
const clone = (projects: string[], name = 'clone', extra: string[] = [], env: NodeJS.ProcessEnv = {}): { repo: TestRepo; json: CloneResult } => {
  const parent = tempDir('world-sparse-');
  const r = worldJsonAt<CloneResult>(parent, ['clone', url, name, ...projects.flatMap((p) => ['--project', p]), ...extra], env);
  expect(r.code, r.stderr).toBe(0);
  return { repo: new TestRepo(join(parent, name)), json: r.json };
};

/** Every project directory on disk, sorted. */
const projectDirs = (repo: TestRepo) => [...dirsOnDisk(repo.dir, 'apps'), ...dirsOnDisk(repo.dir, 'libs')].sort();

const patterns = (repo: TestRepo) => repo.git('sparse-checkout', 'list').split('\n').filter(Boolean).sort();

describe('world clone --project', () => {
  let repo: TestRepo;
  let json: CloneResult;
  let fetches: number;
  beforeAll(() => {
    fetches = countFetches((env) => ({ repo, json } = clone(['a05'], 'clone', [], env)));
  });

  test('checks out exactly the project, its transitive dependencies and the always directories', () => {
    expect(json).toMatchObject({
      roots: ['a05'],
      dependencies: ['l05', 'l25'],
      always: ['modules', 'tools'],
      dirs: ['apps/a05', 'libs/l05', 'libs/l25', 'modules', 'tools'],
      partial: true,
      projectsOnDisk: 3,
      projectsInWorld: 60,
    });
    expect(projectDirs(repo)).toEqual(['apps/a05', 'libs/l05', 'libs/l25']);
    expect(repo.exists('tools/bin/helper.sh')).toBe(true);
    expect(repo.exists('modules/stamp.nix')).toBe(true);
    expect(repo.exists('world.yaml') && repo.exists('README.md') && repo.exists('.gitignore')).toBe(true);
    expect(patterns(repo)).toEqual(json.dirs);
    // The summary counts what is really on disk: 3 projects × 3 files, 2 tools files, 1 module, 3 root files.
    expect(json.files).toBe(15);
    expect(json.bytes).toBeGreaterThan(0);
    expect(json.gitBytes).toBeGreaterThan(0);
  });

  test('fetches no file contents of other projects, only the project.yaml files discovery needs', () => {
    const missing = missingObjects(repo);
    expect(missing.has(blobAt(repo, 'apps/a07/data.txt'))).toBe(true);
    expect(missing.has(blobAt(repo, 'libs/l11/src/main.txt'))).toBe(true);
    expect(missing.has(blobAt(repo, 'apps/a07/project.yaml'))).toBe(false);
    for (const path of ['apps/a05/data.txt', 'libs/l05/src/main.txt', 'libs/l25/data.txt']) expect(missing.has(blobAt(repo, path))).toBe(false);
    // 60 projects × 2 source files, less the 3 projects' own 6 (data.txt holds a salt, so no two blobs are the same).
    expect(missing.size).toBe(60 * 2 - 6);
  });

  test('reads the 60 project.yaml files in one batched fetch, not one fetch per file', () => {
    // world.yaml (one blob, fetched lazily by git), the project.yaml batch, the checkout's batch.
    expect(fetches).toBeLessThanOrEqual(3);
  });

  test('records the roots and shows them with what they pulled in', () => {
    const { code, json: list } = worldJsonAt(repo.dir, ['checkout', 'list']);
    expect(code).toBe(0);
    expect(list).toMatchObject({ sparse: true, managed: true, roots: ['a05'], dependencies: ['l05', 'l25'], drift: null, projectsOnDisk: 3, projectsInWorld: 60 });
    const record = JSON.parse(readFileSync(join(repo.dir, '.git/world/checkout.json'), 'utf8')) as { roots: unknown[] };
    expect(record.roots).toEqual([{ name: 'a05', dir: 'apps/a05' }]);
  });

  test('world projects sees the whole world', () => {
    const { code, json: p, stderr } = worldJsonAt<{ projects: { name: string }[] }>(repo.dir, ['projects']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(p.projects.map((x) => x.name).sort()).toEqual([...world.libs, ...world.apps].sort());
  });

  test('world affected sees projects that are not on disk', () => {
    // A module edit affects every project composing it, on disk or not, like in a full clone.
    writeFileSync(join(repo.dir, 'modules/stamp.nix'), '{ ... }: { config = { }; }\n');
    try {
      const sparse = worldJsonAt<{ affected: { name: string }[] }>(repo.dir, ['affected']);
      origin.write({ 'modules/stamp.nix': '{ ... }: { config = { }; }\n' });
      const full = worldJsonAt<{ affected: { name: string }[] }>(origin.dir, ['affected', '--base', 'HEAD']);
      const names = (j: { affected: { name: string }[] }) => j.affected.map((a) => a.name).sort();
      expect(sparse.code).toBe(0);
      expect(names(sparse.json)).toEqual(names(full.json));
      expect(names(sparse.json)).toContain('a06'); // a06 → l26 → l06 (even: composes stamp), none on disk
      expect(names(sparse.json)).not.toContain('a07');
      expect(names(sparse.json)).toHaveLength(20 + 10); // the even libraries and the apps above them
    } finally {
      repo.git('checkout', '-q', '--', 'modules/stamp.nix');
      origin.git('checkout', '-q', '--', 'modules/stamp.nix');
    }
  });

  test('--branch clones another branch; an unknown project leaves nothing behind', () => {
    origin.git('checkout', '-q', '-b', 'release');
    origin.commit('release', { 'apps/a01/data.txt': 'release\n' });
    origin.git('push', '-q', 'origin', 'release');
    origin.git('checkout', '-q', 'main');
    const { repo: rel, json: relJson } = clone(['a01'], 'rel', ['--branch', 'release']);
    expect(readFileSync(join(rel.dir, 'apps/a01/data.txt'), 'utf8')).toBe('release\n');
    expect(relJson.roots).toEqual(['a01']);

    const parent = tempDir('world-sparse-');
    const r = worldAt(parent, ['clone', url, 'bad', '--project', 'a5']);
    expect(r.code).toBe(2);
    expect(parseError(r.stderr)).toMatchObject({ code: 'UNKNOWN_PROJECT' });
    expect(r.stderr).toContain('a05');
    expect(existsSync(join(parent, 'bad'))).toBe(false);
  });

  test('refuses a destination that is not empty', () => {
    const r = worldAt(join(repo.dir, '..'), ['clone', url, 'clone', '--project', 'a05']);
    expect(r.code).toBe(2);
    expect(parseError(r.stderr)?.code).toBe('DESTINATION_EXISTS');
  });
});

describe('world checkout add / remove / set / sync', () => {
  let repo: TestRepo;
  beforeAll(() => {
    ({ repo } = clone(['a05']));
  });

  const apply = (...args: string[]): ApplyResult => {
    const r = worldJsonAt<ApplyResult>(repo.dir, ['checkout', ...args]);
    expect(r.code, JSON.stringify(r.json)).toBe(0);
    return r.json;
  };

  test('add widens the cone to the project and its dependencies', () => {
    const r = apply('add', 'a07');
    expect(r).toMatchObject({ roots: ['a05', 'a07'], dependencies: ['l05', 'l07', 'l25', 'l27'], added: ['apps/a07', 'libs/l07', 'libs/l27'], removed: [] });
    expect(projectDirs(repo)).toEqual(['apps/a05', 'apps/a07', 'libs/l05', 'libs/l07', 'libs/l25', 'libs/l27']);
    expect(patterns(repo)).toEqual(r.dirs);
  });

  test('remove narrows to what the remaining roots need', () => {
    const r = apply('remove', 'a05');
    expect(r).toMatchObject({ roots: ['a07'], dependencies: ['l07', 'l27'], removed: ['apps/a05', 'libs/l05', 'libs/l25'] });
    expect(projectDirs(repo)).toEqual(['apps/a07', 'libs/l07', 'libs/l27']);
  });

  test('remove of a project that is only a dependency says which root pulled it in', () => {
    const r = worldAt(repo.dir, ['checkout', 'remove', 'l27']);
    expect(r.code).toBe(2);
    expect(parseError(r.stderr)?.message).toContain('l27 is not a root of this checkout: it is on disk as a dependency of a07');
  });

  test('set replaces the roots; a world path names a project too', () => {
    const r = apply('set', '//libs/l03', 'l30');
    expect(r).toMatchObject({ roots: ['l03', 'l30'], dependencies: ['l10'], dirs: ['libs/l03', 'libs/l10', 'libs/l30', 'modules', 'tools'] });
    expect(projectDirs(repo)).toEqual(['libs/l03', 'libs/l10', 'libs/l30']);
  });

  test('sync picks up a dependency added later', () => {
    origin.commit('l03 needs l11', { 'libs/l03/project.yaml': readFileSync(join(origin.dir, 'libs/l03/project.yaml'), 'utf8').replace('deps: []', 'deps: [l11]') });
    origin.git('push', '-q', 'origin', 'main');
    repo.git('pull', '-q', '--ff-only');
    expect(repo.exists('libs/l11')).toBe(false);

    const list = worldJsonAt<{ drift: { kind: string; missing: string[] } | null }>(repo.dir, ['checkout', 'list']);
    expect(list.json.drift).toMatchObject({ kind: 'stale', missing: ['libs/l11'] });
    // Commands that read the world say so.
    const projects = worldAt(repo.dir, ['projects']);
    expect(projects.code).toBe(0);
    expect(projects.stderr).toContain('warning[SPARSE_MISMATCH]');
    expect(projects.stderr).toContain('world checkout sync');

    const r = apply('sync');
    expect(r).toMatchObject({ roots: ['l03', 'l30'], dependencies: ['l10', 'l11'], added: ['libs/l11'] });
    expect(projectDirs(repo)).toEqual(['libs/l03', 'libs/l10', 'libs/l11', 'libs/l30']);
    expect(worldAt(repo.dir, ['projects']).stderr).toBe('');
  });

  test('patterns changed behind world\'s back are reported, and add refuses until told', () => {
    repo.git('sparse-checkout', 'add', 'apps/a11');
    const list = worldJsonAt<{ drift: { kind: string; extra: string[] } | null }>(repo.dir, ['checkout', 'list']);
    expect(list.json.drift).toMatchObject({ kind: 'mismatch', extra: ['apps/a11'] });
    const refused = worldAt(repo.dir, ['checkout', 'add', 'a12']);
    expect(refused.code).toBe(3);
    expect(parseError(refused.stderr)?.code).toBe('SPARSE_MISMATCH');
    const doctor = worldJsonAt<{ healthy: boolean; findings: { check: string; status: string; code?: string }[] }>(repo.dir, ['doctor']);
    expect(doctor.code).toBe(3);
    expect(doctor.json.healthy).toBe(false);
    expect(doctor.json.findings).toContainEqual(expect.objectContaining({ check: 'sparse', status: 'fail', code: 'SPARSE_MISMATCH' }));
    const r = apply('set', 'l03', 'l30');
    expect(r.removed).toEqual(['apps/a11']);
    expect(worldJsonAt(repo.dir, ['checkout', 'list']).json.drift).toBe(null);
  });

  test('set --all goes back to a full checkout; add then asks for set', () => {
    const r = apply('set', '--all');
    expect(r.full).toBe(true);
    expect(projectDirs(repo)).toHaveLength(60);
    expect(existsSync(join(repo.dir, '.git/world/checkout.json'))).toBe(false);
    const add = worldAt(repo.dir, ['checkout', 'add', 'a01']);
    expect(add.code).toBe(2);
    expect(parseError(add.stderr)?.hint).toContain('world checkout set a01');
    apply('set', 'a01');
    expect(projectDirs(repo)).toEqual(['apps/a01', 'libs/l01', 'libs/l21']);
  });
});

describe('uncommitted work survives narrowing', () => {
  let repo: TestRepo;
  const work = {
    modified: 'apps/a06/data.txt',
    untracked: 'apps/a06/notes.txt',
    staged: 'apps/a06/staged.txt',
    stagedEdit: 'apps/a06/src/main.txt',
    ignored: 'apps/a06/out.log',
  };
  const contents = { modified: 'my edit\n', untracked: 'my notes\n', staged: 'staged new file\n', stagedEdit: 'staged edit\n', ignored: 'log\n' };

  beforeAll(() => {
    ({ repo } = clone(['a05', 'a06']));
    repo.write({ [work.modified]: contents.modified, [work.untracked]: contents.untracked, [work.staged]: contents.staged, [work.stagedEdit]: contents.stagedEdit, [work.ignored]: contents.ignored });
    repo.git('add', work.staged, work.stagedEdit);
  });

  const expectWorkIntact = () => {
    for (const k of Object.keys(work) as (keyof typeof work)[]) expect(readFileSync(join(repo.dir, work[k]), 'utf8'), k).toBe(contents[k]);
    const status = sh(repo.dir, 'git', ['status', '--porcelain', '--untracked-files=all']).stdout;
    expect(status).toContain(` M ${work.modified}`);
    expect(status).toContain(`?? ${work.untracked}`);
    expect(status).toContain(`A  ${work.staged}`);
    expect(status).toContain(`M  ${work.stagedEdit}`);
  };

  test('a narrowing that would take uncommitted work out is refused, listing the files and the fix', () => {
    const r = worldAt(repo.dir, ['checkout', 'remove', 'a06']);
    expect(r.code).toBe(3);
    const err = parseError(r.stderr)!;
    expect(err.code).toBe('DIRTY_PATHS');
    for (const path of [work.modified, work.untracked, work.staged, work.stagedEdit]) expect(err.message).toContain(path);
    expect(err.message).not.toContain(work.ignored);
    expect(err.hint).toContain('world checkout add a06');
    expect(err.hint).toContain('--force');
    expectWorkIntact();
    expect(patterns(repo)).toContain('apps/a06');
    expect(repo.exists('apps/a06/project.yaml')).toBe(true);
  });

  test('--json gives the files as data', () => {
    const { code, json } = worldJsonAt<{ error: { code: string; details: { files: { path: string; kind: string }[] } } }>(repo.dir, ['checkout', 'set', 'a05']);
    expect(code).toBe(3);
    expect(json.error.code).toBe('DIRTY_PATHS');
    expect(Object.fromEntries(json.error.details.files.map((f) => [f.path, f.kind]))).toEqual({
      [work.modified]: 'modified',
      [work.untracked]: 'untracked',
      [work.staged]: 'staged',
      [work.stagedEdit]: 'staged',
    });
  });

  test('--force narrows but keeps every uncommitted file on disk (and staged ones staged)', () => {
    const { code, json } = worldJsonAt<ApplyResult>(repo.dir, ['checkout', 'remove', 'a06', '--force']);
    expect(code).toBe(0);
    expect(json.roots).toEqual(['a05']);
    expect(patterns(repo)).not.toContain('apps/a06');
    expect(json.keptOutside.map((f) => f.path).sort()).toEqual([work.modified, work.untracked, work.staged, work.stagedEdit].sort());
    // git takes staged-but-unmodified files off the disk; world put them back.
    expect(json.restored.sort()).toEqual([work.staged, work.stagedEdit].sort());
    expectWorkIntact();
    // What had no uncommitted work left the disk.
    expect(repo.exists('apps/a06/project.yaml')).toBe(false);
  });

  test('doctor and later changes keep reporting the work outside the cone, and never touch it', () => {
    const { code, json } = worldJsonAt<{ healthy: boolean; findings: { check: string; status: string; message: string; fix?: string }[] }>(repo.dir, ['doctor']);
    expect(code).toBe(0);
    const outside = json.findings.find((f) => f.check === 'sparse' && f.status === 'warn');
    expect(outside?.message).toContain(work.untracked);
    expect(outside?.fix).toContain('world checkout add a06');
    const r = worldJsonAt<ApplyResult>(repo.dir, ['checkout', 'set', 'a07']);
    expect(r.code).toBe(0);
    expectWorkIntact();
  });
});

describe('world tree', () => {
  let repo: TestRepo;
  beforeAll(() => {
    ({ repo } = clone(['a05']));
  });

  test('tree add creates a worktree with its own sparse set', () => {
    const { code, json } = worldJsonAt<{ path: string; branch: string; createdBranch: boolean; roots: string[]; projectsOnDisk: number }>(repo.dir, ['tree', 'add', 'feat', '--project', 'a09']);
    expect(code).toBe(0);
    expect(json).toMatchObject({ path: `${repo.dir}.trees/feat`, branch: 'feat', createdBranch: true, roots: ['a09'], projectsOnDisk: 3 });
    const tree = new TestRepo(json.path);
    expect(projectDirs(tree)).toEqual(['apps/a09', 'libs/l09', 'libs/l29']);
    expect(projectDirs(repo)).toEqual(['apps/a05', 'libs/l05', 'libs/l25']);
    expect(patterns(repo)).toEqual(['apps/a05', 'libs/l05', 'libs/l25', 'modules', 'tools']);
    expect(worldJsonAt(tree.dir, ['checkout', 'list']).json).toMatchObject({ roots: ['a09'], drift: null });

    // Changing one tree's checkout leaves the other alone.
    expect(worldJsonAt(tree.dir, ['checkout', 'add', 'a10']).code).toBe(0);
    expect(projectDirs(tree)).toContain('apps/a10');
    expect(projectDirs(repo)).toEqual(['apps/a05', 'libs/l05', 'libs/l25']);
    expect(worldJsonAt(repo.dir, ['checkout', 'list']).json).toMatchObject({ roots: ['a05'], drift: null });
  });

  test('tree add without --project takes the current worktree\'s roots', () => {
    const { code, json } = worldJsonAt<{ path: string; roots: string[] }>(repo.dir, ['tree', 'add', 'same', '--branch', 'same-branch']);
    expect(code).toBe(0);
    expect(json.roots).toEqual(['a05']);
    expect(projectDirs(new TestRepo(json.path))).toEqual(['apps/a05', 'libs/l05', 'libs/l25']);
  });

  test('tree list shows each tree with its branch and roots', () => {
    const { code, json } = worldJsonAt<{ trees: { name: string; branch: string; roots: string[] | null; current: boolean; main: boolean }[] }>(repo.dir, ['tree', 'list']);
    expect(code).toBe(0);
    expect(json.trees.map((t) => [t.name, t.branch, t.roots, t.current, t.main])).toEqual([
      ['main', 'main', ['a05'], true, true],
      ['feat', 'feat', ['a09', 'a10'], false, false],
      ['same', 'same-branch', ['a05'], false, false],
    ]);
  });

  test('tree remove refuses while the tree has uncommitted work, and keeps it', () => {
    const tree = new TestRepo(`${repo.dir}.trees/feat`);
    tree.write({ 'apps/a09/wip.txt': 'work in progress\n' });
    const r = worldAt(repo.dir, ['tree', 'remove', 'feat']);
    expect(r.code).toBe(3);
    expect(parseError(r.stderr)).toMatchObject({ code: 'DIRTY_PATHS' });
    expect(r.stderr).toContain('apps/a09/wip.txt');
    expect(readFileSync(join(tree.dir, 'apps/a09/wip.txt'), 'utf8')).toBe('work in progress\n');

    const sha = tree.commit('wip');
    const ok = worldJsonAt<{ name: string; branch: string }>(repo.dir, ['tree', 'remove', 'feat']);
    expect(ok.code).toBe(0);
    expect(ok.json).toMatchObject({ name: 'feat', branch: 'feat' });
    expect(existsSync(tree.dir)).toBe(false);
    expect(repo.git('rev-parse', 'feat')).toBe(sha); // the commit lives on in its branch
    expect(worldJsonAt<{ trees: unknown[] }>(repo.dir, ['tree', 'list']).json.trees).toHaveLength(2);
  });

  test('tree remove of an unknown tree or the main one is a usage error', () => {
    expect(parseError(worldAt(repo.dir, ['tree', 'remove', 'nope']).stderr)?.code).toBe('UNKNOWN_TREE');
    const main = worldAt(repo.dir, ['tree', 'remove', 'main']);
    expect(main.code).toBe(2);
    expect(parseError(main.stderr)?.message).toContain('main worktree');
  });
});

describe('world build in a sparse, partial clone', () => {
  let repo: TestRepo;
  beforeAll(() => {
    ({ repo } = clone(['a05']));
  });

  interface BuildJson {
    summary: { failed: number; built: number; cached: number };
    targets: { id: string; status: string; out: string }[];
  }

  test('builds the cloned project with its dependencies', () => {
    const { code, json, stderr } = worldJsonAt<BuildJson>(repo.dir, ['build', 'a05']);
    expect(code, stderr).toBe(0);
    expect(json.summary.failed).toBe(0);
    const out = json.targets.find((t) => t.id === 'a05:build')!.out;
    expect(readFileSync(join(out, 'data'), 'utf8').split('\n').map((l) => l.split(' ')[0])).toEqual(['a05', 'l25', 'l05', '']);
  });

  test('builds a project that is not on disk, nor are its dependencies, from git objects fetched in one batch', () => {
    expect(projectDirs(repo)).toEqual(['apps/a05', 'libs/l05', 'libs/l25']);
    let result!: { code: number; json: BuildJson; stderr: string };
    const fetches = countFetches((env) => {
      result = worldJsonAt<BuildJson>(repo.dir, ['build', 'a08'], env);
    });
    expect(result.code, result.stderr).toBe(0);
    const out = result.json.targets.find((t) => t.id === 'a08:build')!.out;
    expect(readFileSync(join(out, 'data'), 'utf8').split('\n').map((l) => l.split(' ')[0])).toEqual(['a08', 'l28', 'l08', '']);
    expect(fetches).toBe(1);
    expect(projectDirs(repo)).toEqual(['apps/a05', 'libs/l05', 'libs/l25']);
  });
});

describe('world doctor', () => {
  test('a healthy sparse clone: every check ok, exit 0', () => {
    const { repo } = clone(['a02']);
    const r = worldAt(repo.dir, ['doctor']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ok +git +git \d+\.\d+/m);
    expect(r.stdout).toMatch(/^ok +nix +Nix \d+\.\d+/m);
    expect(r.stdout).toMatch(/^ok +world +world.yaml: world gen, 60 projects/m);
    expect(r.stdout).toMatch(/^ok +clone +partial clone/m);
    expect(r.stdout).toMatch(/^ok +sparse +sparse checkout of a02 \(\+2 dependencies\): 3 of 60 projects on disk/m);
    expect(r.stdout).toMatch(/^ok +cache +cache index/m);
    expect(r.stdout).toMatch(/^healthy: 0 failed/m);
  });

  test('a broken world.yaml fails with the config error and its fix, exit 2', () => {
    const { repo } = clone(['a02']);
    writeFileSync(join(repo.dir, 'world.yaml'), 'name: gen\nbogus: 1\n');
    const { code, json } = worldJsonAt<{ healthy: boolean; findings: { check: string; status: string; code?: string; fix?: string }[] }>(repo.dir, ['doctor']);
    expect(code).toBe(2);
    expect(json.healthy).toBe(false);
    const f = json.findings.find((x) => x.check === 'world')!;
    expect(f).toMatchObject({ status: 'fail', code: 'CONFIG_UNKNOWN_KEY' });
    expect(f.fix).toBeTruthy();
  });

  test('a stale cone is a warning with its fix', () => {
    const { repo } = clone(['a03']);
    writeFileSync(join(repo.dir, 'libs/l23/project.yaml'), readFileSync(join(repo.dir, 'libs/l23/project.yaml'), 'utf8').replace('deps: [l03]', 'deps: [l03, l13]'));
    const { code, json } = worldJsonAt<{ findings: { check: string; status: string; fix?: string; message: string }[] }>(repo.dir, ['doctor']);
    expect(code).toBe(0);
    expect(json.findings).toContainEqual(expect.objectContaining({ check: 'sparse', status: 'warn', fix: 'world checkout sync' }));
  });
});
