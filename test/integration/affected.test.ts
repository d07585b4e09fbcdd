/**
 * `world affected` on real git repositories: every kind of change the issue lists, each
 * asserting the exact affected set and why each project is in it.
 */
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  TestRepo,
  cleanupTempDirs,
  cloneRepo,
  layeredWorld,
  makeRepo,
  reasonsByName,
  tempDir,
  type AffectedJson,
  type Files,
} from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

/** The layered world on main, with a branch `feature` checked out. */
const onFeature = (extra: Files = {}): TestRepo => {
  const repo = makeRepo({ ...layeredWorld(), ...extra });
  repo.git('checkout', '-q', '-b', 'feature');
  return repo;
};

const affected = (repo: TestRepo, ...args: string[]): AffectedJson => {
  const { code, json, stderr } = repo.worldJson<AffectedJson>('affected', ...args);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return json;
};

/** money → payments-core → payments-api: what a change to money reaches. */
const moneyChain = (files: string[]) => ({
  money: [{ reason: 'changed', files }],
  'payments-core': [{ reason: 'dependency', via: 'money' }],
  'payments-api': [{ reason: 'dependency', via: 'payments-core' }],
});

describe('committed changes', () => {
  test('a commit on a feature branch: base defaults to main, dependents follow', () => {
    const repo = onFeature();
    const mainTip = repo.git('rev-parse', 'main');
    const head = repo.commit('change money', { 'libs/money/src/money.c': 'int money = 2;\n' });

    const json = affected(repo);
    expect(json.base).toEqual({ ref: 'main', mergeBase: mainTip });
    expect(json.head).toEqual({ kind: 'worktree', commit: head, uncommitted: true });
    expect(json.changedFiles).toEqual([{ kind: 'project', path: 'libs/money/src/money.c', project: 'money' }]);
    expect(reasonsByName(json)).toEqual(moneyChain(['libs/money/src/money.c']));
    // Dependency order: a project is listed after what it depends on.
    expect(json.affected.map((p) => [p.name, p.path])).toEqual([
      ['money', '//libs/money'],
      ['payments-core', '//areas/payments/core'],
      ['payments-api', '//areas/payments/api'],
    ]);

    // The plain output is the names, one a line, in the same order.
    const plain = repo.world('affected');
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe('money\npayments-core\npayments-api\n');
    // --reasons adds the world path and why, tab-separated.
    expect(repo.world('affected', '--reasons').stdout).toBe(
      [
        'money\t//libs/money\tchanged: libs/money/src/money.c',
        'payments-core\t//areas/payments/core\tdepends on money',
        'payments-api\t//areas/payments/api\tdepends on payments-core',
        '',
      ].join('\n'),
    );
  });

  test('nothing changed: nothing affected', () => {
    const repo = onFeature();
    const json = affected(repo);
    expect(json.changedFiles).toEqual([]);
    expect(json.affected).toEqual([]);
    expect(repo.world('affected').stdout).toBe('');
  });

  test('--base and --head name explicit commits; the working tree then does not count', () => {
    const repo = onFeature();
    const c0 = repo.git('rev-parse', 'HEAD');
    const c1 = repo.commit('money', { 'libs/money/src/money.c': 'int money = 2;\n' });
    const c2 = repo.commit('ui-kit', { 'libs/ui-kit/index.js': 'export const x = 1;\n' });
    repo.write({ 'areas/shop/web/src/untracked.js': 'x\n', 'libs/money/src/money.c': 'dirty\n' });

    const first = affected(repo, '--base', c0, '--head', c1);
    expect(first.base).toEqual({ ref: c0, mergeBase: c0 });
    expect(first.head).toEqual({ kind: 'commit', ref: c1, commit: c1 });
    expect(reasonsByName(first)).toEqual(moneyChain(['libs/money/src/money.c']));

    const second = affected(repo, '--base', c1, '--head', c2);
    expect(reasonsByName(second)).toEqual({
      'ui-kit': [{ reason: 'changed', files: ['libs/ui-kit/index.js'] }],
      'payments-api': [{ reason: 'dependency', via: 'ui-kit' }],
      'shop-web': [{ reason: 'dependency', via: 'ui-kit' }],
    });

    // Branch names work as well as commit ids.
    const byName = affected(repo, '--base', 'main', '--head', 'feature');
    expect(byName.head).toEqual({ kind: 'commit', ref: 'feature', commit: c2 });
    expect(byName.affected.map((p) => p.name).sort()).toEqual(['money', 'payments-api', 'payments-core', 'shop-web', 'ui-kit']);
  });

  test('--head reads the project graph of that commit, not of the working tree', () => {
    const repo = onFeature();
    const c1 = repo.commit('money', { 'libs/money/src/money.c': 'int money = 2;\n' });
    // Committed later: shop-web starts depending on money.
    repo.commit('shop-web uses money', { 'areas/shop/web/project.yaml': 'name: shop-web\ndeps: [ui-kit, money]\ninputs: [src/**]\n' });

    const atC1 = affected(repo, '--base', 'main', '--head', c1);
    expect(Object.keys(reasonsByName(atC1)).sort()).toEqual(['money', 'payments-api', 'payments-core']);

    const atTip = affected(repo, '--base', 'main', '--head', 'HEAD');
    expect(reasonsByName(atTip)['shop-web']).toEqual([{ reason: 'changed', files: ['areas/shop/web/project.yaml'] }]);
  });

  test('a rename across two projects affects both', () => {
    const repo = onFeature();
    repo.git('mv', 'libs/money/src/money.c', 'areas/shop/web/src/money.c');
    repo.commit('move');

    const json = affected(repo);
    expect(json.changedFiles.map((c) => c.path)).toEqual(['areas/shop/web/src/money.c', 'libs/money/src/money.c']);
    expect(reasonsByName(json)).toEqual({
      ...moneyChain(['libs/money/src/money.c']),
      'shop-web': [{ reason: 'changed', files: ['areas/shop/web/src/money.c'] }],
    });
  });

  test('a deletion affects the project that lost the file', () => {
    const repo = onFeature();
    repo.git('rm', '-q', 'libs/ui-kit/index.js');
    repo.commit('delete');

    expect(reasonsByName(affected(repo))).toEqual({
      'ui-kit': [{ reason: 'changed', files: ['libs/ui-kit/index.js'] }],
      'payments-api': [{ reason: 'dependency', via: 'ui-kit' }],
      'shop-web': [{ reason: 'dependency', via: 'ui-kit' }],
    });
  });

  test('a mode change (chmod +x) counts', () => {
    const repo = onFeature();
    chmodSync(join(repo.dir, 'libs/money/src/money.c'), 0o755);
    repo.commit('make executable');
    expect(repo.git('diff', '--name-only', 'main', 'HEAD')).toBe('libs/money/src/money.c');

    expect(reasonsByName(affected(repo, '--no-uncommitted'))).toEqual(moneyChain(['libs/money/src/money.c']));
  });

  test('a submodule bump counts for the project holding the submodule', () => {
    const sub = makeRepo({ 'lib.txt': 'v1\n' });
    const repo = makeRepo(layeredWorld());
    repo.git('-c', 'protocol.file.allow=always', 'submodule', '-q', 'add', sub.dir, 'libs/money/vendor/sub');
    repo.commit('add submodule');
    repo.git('checkout', '-q', '-b', 'feature');
    // Nothing changed yet: the submodule itself is not a change.
    expect(affected(repo).affected).toEqual([]);

    new TestRepo(join(repo.dir, 'libs/money/vendor/sub')).commit('bump', { 'lib.txt': 'v2\n' });
    repo.commit('bump submodule');

    expect(reasonsByName(affected(repo))).toEqual(moneyChain(['libs/money/vendor/sub']));
  });
});

describe('the working tree', () => {
  test('an untracked file counts, and does not with --no-uncommitted', () => {
    const repo = onFeature();
    repo.write({ 'areas/shop/web/src/new.js': 'export {};\n' });

    const json = affected(repo);
    expect(json.changedFiles).toEqual([{ kind: 'project', path: 'areas/shop/web/src/new.js', project: 'shop-web' }]);
    expect(reasonsByName(json)).toEqual({ 'shop-web': [{ reason: 'changed', files: ['areas/shop/web/src/new.js'] }] });

    const off = affected(repo, '--no-uncommitted');
    expect(off.head).toMatchObject({ kind: 'worktree', uncommitted: false });
    expect(off.changedFiles).toEqual([]);
    expect(off.affected).toEqual([]);
  });

  test('an untracked new project is discovered and affected', () => {
    const repo = onFeature();
    repo.write({ 'areas/shop/admin/project.yaml': 'name: shop-admin\ndeps: [shop-web]\n', 'areas/shop/admin/main.js': '1\n' });

    expect(reasonsByName(affected(repo))).toEqual({
      'shop-admin': [{ reason: 'changed', files: ['areas/shop/admin/main.js', 'areas/shop/admin/project.yaml'] }],
    });
  });

  test('ignored files never count', () => {
    const repo = onFeature();
    repo.write({ 'libs/money/debug.log': 'noise\n', 'libs/money/build/out.o': 'bin\n', 'areas/shop/web/src/build/x.js': '1\n' });

    const json = affected(repo);
    expect(json.changedFiles).toEqual([]);
    expect(json.affected).toEqual([]);
  });

  test('a staged but uncommitted change counts; not with --no-uncommitted or an explicit --head', () => {
    const repo = onFeature();
    repo.write({ 'libs/money/src/money.c': 'int money = 3;\n' });
    repo.git('add', 'libs/money/src/money.c');

    expect(reasonsByName(affected(repo))).toEqual(moneyChain(['libs/money/src/money.c']));
    expect(affected(repo, '--no-uncommitted').affected).toEqual([]);
    expect(affected(repo, '--head', 'HEAD').affected).toEqual([]);
  });

  test('an unstaged edit and an unstaged deletion count', () => {
    const repo = onFeature();
    repo.write({ 'libs/ui-kit/index.js': 'export const y = 2;\n' });
    repo.remove('areas/payments/core/core.txt');

    expect(reasonsByName(affected(repo))).toEqual({
      'payments-core': [{ reason: 'changed', files: ['areas/payments/core/core.txt'] }],
      'ui-kit': [{ reason: 'changed', files: ['libs/ui-kit/index.js'] }],
      'payments-api': [{ reason: 'dependency', via: 'payments-core' }],
      'shop-web': [{ reason: 'dependency', via: 'ui-kit' }],
    });
  });

  test('--no-uncommitted answers for the commits only: a dirty project.yaml or world.yaml does not change the answer', () => {
    const repo = onFeature();
    repo.commit('money and shop-web tags', {
      'libs/money/src/money.c': 'int money = 2;\n',
      'areas/shop/web/project.yaml': 'name: shop-web\ndeps: [ui-kit]\ntags: [web]\ninputs: [src/**]\n',
      'NOTES.md': 'notes\n',
    });
    const committed = {
      ...moneyChain(['libs/money/src/money.c']),
      'shop-web': [{ reason: 'changed', files: ['areas/shop/web/project.yaml'] }],
    };
    expect(reasonsByName(affected(repo, '--no-uncommitted'))).toEqual(committed);

    // Uncommitted: shop-web is renamed, ui-kit starts depending on money, NOTES.md becomes a global input.
    repo.write({
      'areas/shop/web/project.yaml': 'name: shop-web2\ndeps: [ui-kit]\ninputs: [src/**]\n',
      'libs/ui-kit/project.yaml': 'name: ui-kit\nmodules: [node]\ndeps: [money]\n',
      'world.yaml': 'name: acme\nprojects: [libs/**, areas/**]\nglobal: [tools/global.lock, NOTES.md]\n',
    });
    expect(reasonsByName(affected(repo, '--no-uncommitted'))).toEqual(committed);

    // Counting uncommitted changes, the working tree's config is the truth.
    const all = affected(repo);
    expect(all.affected.map((p) => p.name).sort()).toEqual(['money', 'payments-api', 'payments-core', 'shop-web2', 'ui-kit']);
    for (const p of all.affected) expect(p.reasons).toContainEqual({ reason: 'global', files: ['NOTES.md', 'world.yaml'] });
  });

  test('a project.yaml edited back to the base\'s content in the working tree is read from the disk', () => {
    const repo = onFeature();
    const original = 'name: shop-web\ndeps: [ui-kit]\ntags: [service, web]\nowners: [team-shop]\ninputs: [src/**]\n';
    repo.commit('shop-web uses money', { 'areas/shop/web/project.yaml': original.replace('[ui-kit]', '[ui-kit, money]') });
    // Undone in the working tree (not committed), and money changed.
    repo.write({ 'areas/shop/web/project.yaml': original, 'libs/money/src/money.c': 'int money = 4;\n' });
    expect(repo.git('diff', '--name-only', 'main')).toBe('libs/money/src/money.c');

    expect(reasonsByName(affected(repo))).toEqual(moneyChain(['libs/money/src/money.c']));
  });

  test('a change staged and then edited back to the base\'s content does not count; one still different does', () => {
    const repo = onFeature();
    repo.write({ 'libs/ui-kit/index.js': 'export const kit = 2;\n', 'libs/money/src/money.c': 'int money = 5;\n' });
    repo.git('add', 'libs/ui-kit/index.js', 'libs/money/src/money.c');
    // Both staged; ui-kit's file is then put back on disk, money's is edited again.
    repo.write({ 'libs/ui-kit/index.js': 'export {};\n', 'libs/money/src/money.c': 'int money = 6;\n' });
    expect(repo.git('status', '--porcelain')).toBe('MM libs/money/src/money.c\nMM libs/ui-kit/index.js');

    expect(reasonsByName(affected(repo))).toEqual(moneyChain(['libs/money/src/money.c']));
  });
});

describe('global inputs and modules', () => {
  test('a global input affects every project', () => {
    const repo = onFeature();
    repo.commit('bump lock', { 'tools/global.lock': 'v2\n' });

    const json = affected(repo);
    expect(json.changedFiles).toEqual([{ kind: 'global', path: 'tools/global.lock', pattern: 'tools/global.lock' }]);
    const all = ['money', 'payments-api', 'payments-core', 'shop-web', 'ui-kit'];
    expect(json.affected.map((p) => p.name).sort()).toEqual(all);
    for (const p of json.affected) expect(p.reasons).toEqual([{ reason: 'global', files: ['tools/global.lock'] }]);
  });

  test('world.yaml itself is a global input', () => {
    const repo = onFeature();
    repo.write({ 'world.yaml': 'name: acme\nprojects: [libs/**, areas/**]\nglobal: [tools/global.lock]\n# a comment\n' });

    const json = affected(repo);
    expect(json.affected).toHaveLength(5);
    for (const p of json.affected) expect(p.reasons).toEqual([{ reason: 'global', files: ['world.yaml'] }]);
  });

  test('a module file affects only the projects that import it', () => {
    const repo = onFeature();
    repo.commit('c module', { 'modules/c.nix': '{ ... }: { options = { }; }\n' });

    const json = affected(repo);
    expect(json.changedFiles).toEqual([{ kind: 'module', path: 'modules/c.nix', module: 'c' }]);
    expect(reasonsByName(json)).toEqual({
      money: [{ reason: 'module', module: 'c', files: ['modules/c.nix'] }],
      'payments-core': [{ reason: 'dependency', via: 'money' }],
      'payments-api': [{ reason: 'dependency', via: 'payments-core' }],
    });
  });

  test('a module imported through another module affects the importers of both', () => {
    // modules/base.nix is imported by modules/node.nix, which ui-kit and payments-api use.
    const repo = onFeature();
    repo.commit('base module', { 'modules/base.nix': '{ ... }: { config = { }; }\n' });

    const base = [{ reason: 'module', module: 'base', files: ['modules/base.nix'] }];
    expect(reasonsByName(affected(repo))).toEqual({
      'ui-kit': base,
      'payments-api': base,
      'shop-web': [{ reason: 'dependency', via: 'ui-kit' }],
    });
  });

  test('a module directory (modules/<name>/…) and a project.nix that imports a module', () => {
    const repo = onFeature({
      'modules/svc/default.nix': '{ ... }: { imports = [ ./parts.nix ]; }\n',
      'modules/svc/parts.nix': '{ ... }: { }\n',
      'areas/payments/core/project.nix': '{ ... }: { imports = [ ../../../modules/svc ]; }\n',
    });
    repo.commit('svc parts', { 'modules/svc/parts.nix': '{ ... }: { config = { }; }\n' });

    expect(reasonsByName(affected(repo))).toEqual({
      'payments-core': [{ reason: 'module', module: 'svc', files: ['modules/svc/parts.nix'] }],
      'payments-api': [{ reason: 'dependency', via: 'payments-core' }],
    });
  });

  test('a new module nobody imports, and files outside every project, affect nothing', () => {
    const repo = onFeature();
    repo.commit('misc', {
      'modules/unused.nix': '{ ... }: { }\n',
      'README.md': 'hello\n',
      'areas/payments/NOTES.md': 'n\n',
      // Outside world.yaml's `projects:` globs, a project.yaml does not make a project.
      'docs/project.yaml': 'name: docs\n',
    });

    const json = affected(repo);
    expect(json.changedFiles.map((c) => [c.path, c.kind])).toEqual([
      ['README.md', 'none'],
      ['areas/payments/NOTES.md', 'none'],
      ['docs/project.yaml', 'none'],
      ['modules/unused.nix', 'module'],
    ]);
    expect(json.affected).toEqual([]);
  });
});

describe('project inputs', () => {
  test('a file outside a project\'s `inputs` does not affect it; one inside does', () => {
    const repo = onFeature();
    repo.commit('docs', { 'areas/shop/web/README.md': 'more docs\n' });
    const docs = affected(repo);
    expect(docs.changedFiles).toEqual([{ kind: 'excluded', path: 'areas/shop/web/README.md', project: 'shop-web' }]);
    expect(docs.affected).toEqual([]);

    repo.write({ 'areas/shop/web/src/app.js': 'export const app = 1;\n' });
    expect(reasonsByName(affected(repo))).toEqual({ 'shop-web': [{ reason: 'changed', files: ['areas/shop/web/src/app.js'] }] });
  });

  test('project.yaml always counts, whatever `inputs` says', () => {
    const repo = onFeature();
    repo.write({ 'areas/shop/web/project.yaml': 'name: shop-web\ndeps: [ui-kit]\ntags: [web]\ninputs: [src/**]\n' });
    expect(reasonsByName(affected(repo))).toEqual({ 'shop-web': [{ reason: 'changed', files: ['areas/shop/web/project.yaml'] }] });
  });
});

describe('the merge-base', () => {
  test('changes that landed on main after the branch forked do not count', () => {
    const repo = makeRepo(layeredWorld());
    const fork = repo.git('rev-parse', 'HEAD');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('feature: ui-kit', { 'libs/ui-kit/index.js': 'export const k = 1;\n' });
    repo.git('checkout', '-q', 'main');
    const mainTip = repo.commit('main moves on: money and the global lock', {
      'libs/money/src/money.c': 'int later;\n',
      'tools/global.lock': 'v9\n',
    });
    repo.git('checkout', '-q', 'feature');

    const uiKit = {
      'ui-kit': [{ reason: 'changed', files: ['libs/ui-kit/index.js'] }],
      'payments-api': [{ reason: 'dependency', via: 'ui-kit' }],
      'shop-web': [{ reason: 'dependency', via: 'ui-kit' }],
    };
    const json = affected(repo);
    expect(json.base).toEqual({ ref: 'main', mergeBase: fork });
    expect(json.base!.mergeBase).not.toBe(mainTip);
    expect(reasonsByName(json)).toEqual(uiKit);

    // The same with explicit refs, and from the other side: main's head sees only main's changes.
    expect(reasonsByName(affected(repo, '--base', 'main', '--head', 'feature'))).toEqual(uiKit);
    const fromMain = affected(repo, '--base', 'feature', '--head', 'main');
    expect(fromMain.affected.map((p) => p.name).sort()).toEqual(['money', 'payments-api', 'payments-core', 'shop-web', 'ui-kit']);
    expect(fromMain.changedFiles.map((c) => c.path)).toEqual(['libs/money/src/money.c', 'tools/global.lock']);
  });

  test('after merging main into the branch, main\'s changes still do not count', () => {
    const repo = makeRepo(layeredWorld());
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('feature: ui-kit', { 'libs/ui-kit/index.js': 'export const k = 2;\n' });
    repo.git('checkout', '-q', 'main');
    const mainTip = repo.commit('main: money', { 'libs/money/src/money.c': 'int later;\n' });
    repo.git('checkout', '-q', 'feature');
    repo.git('merge', '-q', '--no-edit', 'main');

    const json = affected(repo);
    expect(json.base).toEqual({ ref: 'main', mergeBase: mainTip });
    expect(json.affected.map((p) => p.name).sort()).toEqual(['payments-api', 'shop-web', 'ui-kit']);
  });

  test('a linked worktree (git worktree add) answers for its own branch', () => {
    const repo = makeRepo(layeredWorld());
    repo.git('branch', 'feature');
    const dir = join(tempDir(), 'wt');
    repo.git('worktree', 'add', '-q', dir, 'feature');
    const wt = new TestRepo(dir);
    wt.commit('money in the worktree', { 'libs/money/src/money.c': 'int wt;\n' });
    wt.write({ 'areas/shop/web/src/wip.js': '1\n' });

    expect(reasonsByName(affected(wt))).toEqual({
      ...moneyChain(['libs/money/src/money.c']),
      'shop-web': [{ reason: 'changed', files: ['areas/shop/web/src/wip.js'] }],
    });
    // The main checkout is untouched.
    expect(affected(repo).affected).toEqual([]);
  });

  test('the default branch comes from origin/HEAD in a clone', () => {
    const origin = makeRepo(layeredWorld());
    origin.git('branch', '-m', 'main', 'trunk');
    const clone = cloneRepo(origin.dir);
    clone.git('checkout', '-q', '-b', 'feature');
    clone.commit('money', { 'libs/money/src/money.c': 'int money = 5;\n' });

    const json = affected(clone);
    expect(json.base?.ref).toBe('origin/trunk');
    expect(reasonsByName(json)).toEqual(moneyChain(['libs/money/src/money.c']));
  });

  test('`defaultBranch:` in world.yaml picks the base', () => {
    const repo = makeRepo({ ...layeredWorld(), 'world.yaml': 'name: acme\nprojects: [libs/**, areas/**]\ndefaultBranch: release\n' });
    repo.git('branch', 'release');
    repo.commit('main: money', { 'libs/money/src/money.c': 'int money = 6;\n' });
    const json = affected(repo);
    expect(json.base?.ref).toBe('release');
    expect(reasonsByName(json)).toEqual(moneyChain(['libs/money/src/money.c']));
  });
});

describe('sparse and partial clones', () => {
  /** Layered world, plus a feature branch that changed a project outside the sparse cone. */
  const worldWithFeature = (): TestRepo => {
    const repo = makeRepo(layeredWorld());
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('shop-web and money', {
      'areas/shop/web/src/app.js': 'export const shop = 2;\n',
      'libs/money/src/money.c': 'int money = 7;\n',
    });
    return repo;
  };

  const expected = {
    ...moneyChain(['libs/money/src/money.c']),
    'shop-web': [{ reason: 'changed', files: ['areas/shop/web/src/app.js'] }],
  };

  test('a sparse checkout still sees every project and every change', () => {
    const repo = worldWithFeature();
    repo.git('sparse-checkout', 'set', '--cone', 'libs/money');
    expect(repo.exists('areas')).toBe(false);
    expect(repo.exists('libs/ui-kit')).toBe(false);
    expect(repo.exists('libs/money/project.yaml')).toBe(true);

    const projects = repo.worldJson<{ projects: { name: string }[] }>('projects');
    expect(projects.json.projects.map((p) => p.name)).toEqual(['money', 'payments-api', 'payments-core', 'shop-web', 'ui-kit']);

    // Files that are not on disk are not deletions; the committed changes all count.
    expect(reasonsByName(affected(repo))).toEqual(expected);

    // Work inside the cone counts as usual.
    repo.write({ 'libs/money/src/extra.c': 'int extra;\n' });
    expect(reasonsByName(affected(repo)).money).toEqual([{ reason: 'changed', files: ['libs/money/src/extra.c', 'libs/money/src/money.c'] }]);
  });

  test('a blob-less partial, sparse clone over file:// sees every project', () => {
    const source = worldWithFeature();
    const bare = tempDir('world-bare-');
    source.git('clone', '-q', '--bare', source.dir, bare);
    new TestRepo(bare).git('config', 'uploadpack.allowFilter', 'true');
    new TestRepo(bare).git('symbolic-ref', 'HEAD', 'refs/heads/main');

    const clone = cloneRepo(`file://${bare}`, '--filter=blob:none', '--sparse', '--branch', 'feature');
    expect(clone.git('config', 'remote.origin.partialclonefilter')).toBe('blob:none');
    expect(existsSync(join(clone.dir, 'world.yaml'))).toBe(true);
    expect(clone.exists('libs')).toBe(false);
    expect(clone.exists('areas')).toBe(false);

    const json = affected(clone);
    expect(json.base?.ref).toBe('origin/main');
    expect(reasonsByName(json)).toEqual(expected);

    // Nothing outside the cone was checked out to answer.
    expect(clone.exists('libs')).toBe(false);
  });
});

describe('files git cannot read as text', () => {
  test('a binary file change counts like any other', () => {
    const repo = onFeature();
    writeFileSync(join(repo.dir, 'libs/ui-kit/logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
    expect(reasonsByName(affected(repo))['ui-kit']).toEqual([{ reason: 'changed', files: ['libs/ui-kit/logo.png'] }]);
  });

  test('paths with spaces and non-ASCII characters are reported as they are', () => {
    const repo = onFeature();
    repo.commit('odd names', { 'libs/money/src/my file.c': '1\n', 'libs/money/src/größe.c': '2\n' });
    expect(reasonsByName(affected(repo)).money).toEqual([{ reason: 'changed', files: ['libs/money/src/größe.c', 'libs/money/src/my file.c'] }]);
  });
});

describe('repeated runs in one repository (warm caches) see every edit', () => {
  test('config edits, untracked projects, staging, committing and switching branches', () => {
    const repo = onFeature();
    const names = () => affected(repo).affected.map((p) => p.name).sort();
    const projects = () =>
      Object.fromEntries(repo.worldJson<{ projects: { name: string; deps: string[] }[] }>('projects').json.projects.map((p) => [p.name, p.deps]));

    expect(names()).toEqual([]);
    expect(Object.keys(projects())).toHaveLength(5);

    // An untracked project appears, is renamed, is staged, and is committed.
    repo.write({ 'areas/shop/admin/project.yaml': 'name: shop-admin\n' });
    expect(names()).toEqual(['shop-admin']);
    repo.write({ 'areas/shop/admin/project.yaml': 'name: shop-back\ndeps: [money]\n' });
    expect(names()).toEqual(['shop-back']);
    expect(projects()['shop-back']).toEqual(['money']);
    repo.git('add', '-A');
    expect(names()).toEqual(['shop-back']);
    repo.commit('admin');
    expect(names()).toEqual(['shop-back']);
    expect(affected(repo, '--no-uncommitted').affected.map((p) => p.name)).toEqual(['shop-back']);

    // A dirty edit to a committed project.yaml, then undone.
    repo.write({ 'libs/ui-kit/project.yaml': 'name: ui-kit\nmodules: [node]\ndeps: [money]\n' });
    expect(projects()['ui-kit']).toEqual(['money']);
    repo.write({ 'libs/ui-kit/project.yaml': 'name: ui-kit\nmodules: [node]\n' });
    expect(projects()['ui-kit']).toEqual([]);
    expect(names()).toEqual(['shop-back']);

    // A deleted project.yaml (not staged) removes the project.
    repo.remove('areas/shop/admin');
    expect(Object.keys(projects())).not.toContain('shop-back');
    expect(names()).toEqual([]);
    repo.git('checkout', '-q', '--', 'areas/shop/admin');

    // A dirty world.yaml narrows where projects are looked for.
    repo.write({ 'world.yaml': 'name: acme\nprojects: [libs/**]\nglobal: [tools/global.lock]\n' });
    expect(Object.keys(projects()).sort()).toEqual(['money', 'ui-kit']);
    repo.git('checkout', '-q', '--', 'world.yaml');
    expect(Object.keys(projects())).toHaveLength(6);

    // Switching branches: main does not have shop-back.
    repo.git('checkout', '-q', 'main');
    expect(Object.keys(projects())).toHaveLength(5);
    expect(names()).toEqual([]);
    repo.git('checkout', '-q', 'feature');
    expect(names()).toEqual(['shop-back']);
  });
});
