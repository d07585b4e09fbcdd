/**
 * What a no-op build reads instead of recomputing — the fingerprint memo and the cache
 * index's pack — never changes an answer:
 * - the memo's key changes whenever any key it stands for would: each input of a fingerprint
 *   is changed in turn (a file edited, staged, committed, added, deleted, made executable;
 *   world.yaml, a module, project.yaml; a host tool edited in place at the same size,
 *   replaced, added, removed; a nix.lib outside the world edited in place), and after each
 *   the keys computed afresh are compared with the memo key's change;
 * - a no-op build is answered from the memo (no `git ls-files`), an edit is not, and the
 *   edited target is rebuilt;
 * - a pack entry that is not what world writes for its key is not served, and `cache gc`
 *   takes the pack with the entries it removes;
 * - damaged memo and pack files read as absent.
 */
import { chmodSync, cpSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readStateJson, writeStateJson } from '@world/core';
import { loadWorkspace } from '@world/engine';
import { computeFingerprints, hostInputs, HostDigests, memoKey, readMemoHead, readSourceTree } from '@world/fingerprint';
import { REPO_ROOT, cleanupTempDirs, makeRepo, nonce, sh, tempDir, type BuildJson, type TestRepo } from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

/** A tools directory and a module-system lib outside the world, as a machine has them. */
const hostDirs = (): { tools: string; lib: string } => {
  const tools = tempDir('world-tools-');
  writeFileSync(join(tools, 'mytool'), '#!/bin/sh\necho tool-1\n');
  chmodSync(join(tools, 'mytool'), 0o755);
  const lib = tempDir('world-lib-');
  cpSync(join(REPO_ROOT, 'modules/lib'), lib, { recursive: true });
  // Builds run as Nix's build users: they must be able to read the tools.
  chmodSync(tools, 0o755);
  chmodSync(lib, 0o755);
  return { tools, lib };
};

const worldYaml = (tools: string, lib: string) => `name: memo\nglobal: [tools.lock]\nnix:\n  lib: ${lib}\n  hostPath: [${tools}, /usr/bin, /bin]\n`;

const files = (tools: string, lib: string) => ({
  'world.yaml': worldYaml(tools, lib),
  'tools.lock': 'v1\n',
  'modules/stamp.nix': '{ ... }: { config.command.env.STAMP = "stamp-1"; }\n',
  'lib/project.yaml': 'name: lib\nmodules: [command, stamp]\nconfig:\n  command.build: mkdir -p "$out" && cat value.txt > "$out/value"\n',
  'lib/value.txt': 'lib-1\n',
  'lib/run.sh': '#!/bin/sh\n',
  'app/project.yaml': 'name: app\ndeps: [lib]\nmodules: [command]\nconfig:\n  command.build: mkdir -p "$out" && mytool > "$out/tool" && cat "$WORLD_DEPS/lib/build/value" value.txt > "$out/value"\n',
  'app/value.txt': 'app-1\n',
  'salt.txt': `${nonce()}\n`,
});

/** The memo's key and every project's key, computed afresh from the repository as it is now. */
const state = async (repo: TestRepo): Promise<{ memo: string; keys: Record<string, string> }> => {
  const ws = await loadWorkspace(repo.dir);
  const host = hostInputs(ws.graph, new HostDigests());
  const head = readMemoHead(ws.world, ws.source);
  if (!head) throw new Error('no memo head for a working tree');
  const memo = memoKey(ws.graph, host, head);
  const tree = await readSourceTree(repo.dir, ws.source, head.dirty);
  const fp = computeFingerprints(ws.graph, tree, [...ws.graph.projects.keys()], host);
  return { memo, keys: Object.fromEntries([...fp.projects].map(([name, p]) => [name, p.key])) };
};

interface Step {
  name: string;
  apply: (repo: TestRepo, host: { tools: string; lib: string }) => void;
  /** The step leaves every key as it was (the memo may or may not be reused). */
  keysStay?: true;
}

const steps: Step[] = [
  { name: 'a tracked file edited', apply: (r) => r.write({ 'lib/value.txt': 'lib-2\n' }) },
  { name: 'the edit staged', apply: (r) => r.git('add', 'lib/value.txt'), keysStay: true },
  { name: 'the edit committed', apply: (r) => r.git('commit', '-q', '-m', 'edit'), keysStay: true },
  { name: 'a file edited', apply: (r) => r.write({ 'app/value.txt': 'app-2\n' }) },
  { name: 'the dirty file edited again', apply: (r) => r.write({ 'app/value.txt': 'app-3\n' }) },
  { name: 'the dirty file edited again, same size', apply: (r) => r.write({ 'app/value.txt': 'app-4\n' }) },
  { name: 'the dirty file restored to its committed content', apply: (r) => r.write({ 'app/value.txt': 'app-1\n' }) },
  { name: 'an untracked file', apply: (r) => r.write({ 'app/new.txt': 'new\n' }) },
  { name: 'a deleted file', apply: (r) => r.remove('lib/value.txt') },
  { name: 'a file made executable', apply: (r) => chmodSync(join(r.dir, 'lib/run.sh'), 0o755) },
  { name: 'a global input', apply: (r) => r.write({ 'tools.lock': 'v2\n' }) },
  { name: 'a module', apply: (r) => r.write({ 'modules/stamp.nix': '{ ... }: { config.command.env.STAMP = "stamp-2"; }\n' }) },
  { name: 'project.yaml', apply: (r) => r.write({ 'lib/project.yaml': readFileSync(join(r.dir, 'lib/project.yaml'), 'utf8').replace('cat value.txt', 'cat run.sh') }) },
  { name: 'world.yaml', apply: (r, h) => r.write({ 'world.yaml': worldYaml(h.tools, h.lib).replace('global: [tools.lock]', 'global: [tools.lock, salt.txt]') }) },
  { name: 'all of it committed', apply: (r) => (r.git('add', '-A'), r.git('commit', '-q', '-m', 'all')), keysStay: true },
  { name: 'an edit committed at once (clean before and after)', apply: (r) => void r.commit('at once', { 'app/value.txt': 'app-5\n' }) },
  { name: 'a host tool edited in place, same size', apply: (_r, h) => writeFileSync(join(h.tools, 'mytool'), '#!/bin/sh\necho tool-2\n') },
  {
    name: 'a host tool replaced by a rename',
    apply: (_r, h) => {
      writeFileSync(join(h.tools, 'mytool.new'), '#!/bin/sh\necho tool-3\n', { mode: 0o755 });
      renameSync(join(h.tools, 'mytool.new'), join(h.tools, 'mytool'));
    },
  },
  { name: 'a host tool made not executable', apply: (_r, h) => chmodSync(join(h.tools, 'mytool'), 0o644) },
  { name: 'a host tool added', apply: (_r, h) => writeFileSync(join(h.tools, 'othertool'), '#!/bin/sh\n', { mode: 0o755 }) },
  { name: 'a host tool removed', apply: (_r, h) => rmSync(join(h.tools, 'othertool')) },
  {
    name: 'a file of nix.lib outside the world edited in place',
    apply: (_r, h) => {
      const file = join(h.lib, 'trivial.nix');
      writeFileSync(file, `${readFileSync(file, 'utf8')}# edited\n`);
    },
  },
  { name: 'nothing at all (git status run again)', apply: (r) => void r.git('status', '--porcelain'), keysStay: true },
];

describe('the fingerprint memo', () => {
  test('its key changes whenever a key it stands for would', async () => {
    const host = hostDirs();
    const repo = makeRepo(files(host.tools, host.lib));
    let before = await state(repo);
    // Asked twice about the same world, the memo answers: its key is stable.
    expect((await state(repo)).memo).toBe(before.memo);
    for (const step of steps) {
      step.apply(repo, host);
      const after = await state(repo);
      if (step.keysStay) expect(after.keys, step.name).toEqual(before.keys);
      else {
        expect(after.keys, `${step.name} changes some key`).not.toEqual(before.keys);
        expect(after.memo, `${step.name} changes the memo's key`).not.toBe(before.memo);
      }
      before = after;
    }
  });

  test('the index stamp alone changes its key; under GIT_INDEX_FILE there is no memo', async () => {
    const host = hostDirs();
    const repo = makeRepo(files(host.tools, host.lib));
    const ws = await loadWorkspace(repo.dir);
    const inputs = hostInputs(ws.graph, new HostDigests());
    const head = readMemoHead(ws.world, ws.source)!;
    expect(memoKey(ws.graph, inputs, { ...head, indexStamp: `${head.indexStamp}1` })).not.toBe(memoKey(ws.graph, inputs, head));
    const saved = process.env.GIT_INDEX_FILE;
    process.env.GIT_INDEX_FILE = join(repo.dir, '.git/other-index');
    try {
      expect(readMemoHead(ws.world, ws.source)).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env.GIT_INDEX_FILE;
      else process.env.GIT_INDEX_FILE = saved;
    }
  });

  test('a no-op build is answered from the memo; an edit is not, and is rebuilt', () => {
    const host = hostDirs();
    const repo = makeRepo(files(host.tools, host.lib));
    chmodSync(repo.dir, 0o755);
    const first = repo.worldJson<BuildJson>('build');
    expect(first.code, first.stderr).toBe(0);
    const traced = () => sh(repo.dir, process.execPath, [join(REPO_ROOT, 'cli/bin/run.js'), 'build', '--json'], { WORLD_TRACE: '1', NODE_ENV: undefined, CI: 'true' });
    const listsIndex = (stderr: string) => /\[trace\] git .*ls-files/.test(stderr);

    const noop = traced();
    expect(noop.code, noop.stderr).toBe(0);
    expect((JSON.parse(noop.stdout) as BuildJson).summary.cached).toBe(2);
    expect(listsIndex(noop.stderr), 'a no-op build does not list the index').toBe(false);

    repo.write({ 'lib/value.txt': 'lib-2\n' });
    const edited = traced();
    expect(edited.code, edited.stderr).toBe(0);
    const json = JSON.parse(edited.stdout) as BuildJson;
    expect(listsIndex(edited.stderr)).toBe(true);
    expect(json.targets.map((t) => [t.id, t.status])).toEqual([['app:build', 'built'], ['lib:build', 'built']]);
    const app = json.targets.find((t) => t.id === 'app:build')!;
    expect(readFileSync(join(app.out, 'value'), 'utf8')).toBe('lib-2\napp-1\n');

    // In place, same size: only the stat signature says it changed.
    writeFileSync(join(host.tools, 'mytool'), '#!/bin/sh\necho tool-9\n');
    const tool = repo.worldJson<BuildJson>('build');
    expect(tool.code, tool.stderr).toBe(0);
    expect(tool.json.summary.built).toBe(2);
    expect(readFileSync(join(tool.json.targets.find((t) => t.id === 'app:build')!.out, 'tool'), 'utf8')).toBe('tool-9\n');

    const again = traced();
    expect(listsIndex(again.stderr)).toBe(false);
    expect((JSON.parse(again.stdout) as BuildJson).targets.map((t) => t.key)).toEqual(tool.json.targets.map((t) => t.key));
  });
});

describe('damaged memo and pack files', () => {
  test('read as absent: the answer is right, and the next no-op is cached again', () => {
    const host = hostDirs();
    const repo = makeRepo(files(host.tools, host.lib));
    chmodSync(repo.dir, 0o755);
    expect(repo.worldJson<BuildJson>('build').code).toBe(0);
    expect(repo.worldJson<BuildJson>('build').json.summary.cached).toBe(2);
    const memo = join(repo.dir, '.git/world/fingerprints.json');
    const pack = join(repo.dir, '.git/world/cache/index/pack.json');
    for (const [memoText, packText] of [['', 'null'], ['null', ''], ['{"version":1', readFileSync(pack, 'utf8').replace('"build"', '"bulid"')]] as const) {
      writeFileSync(memo, memoText);
      writeFileSync(pack, packText);
      const r = repo.worldJson<BuildJson>('build');
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.summary.cached).toBe(2);
      expect(readFileSync(join(r.json.targets.find((t) => t.id === 'app:build')!.out, 'value'), 'utf8')).toBe('lib-1\napp-1\n');
    }
    repo.write({ 'app/value.txt': 'app-2\n' });
    writeFileSync(pack, '');
    const edited = repo.worldJson<BuildJson>('build');
    expect(edited.code, edited.stderr).toBe(0);
    expect(readFileSync(join(edited.json.targets.find((t) => t.id === 'app:build')!.out, 'value'), 'utf8')).toBe('lib-1\napp-2\n');
    expect(repo.worldJson<BuildJson>('build').json.summary.cached).toBe(2);
  });
});

describe('the cache index pack', () => {
  const packFile = (repo: TestRepo) => join(repo.dir, '.git/world/cache/index/pack.json');

  test('an entry pointing at another target\'s output is not served', () => {
    const host = hostDirs();
    const repo = makeRepo(files(host.tools, host.lib));
    chmodSync(repo.dir, 0o755);
    const first = repo.worldJson<BuildJson>('build');
    expect(first.code, first.stderr).toBe(0);
    expect(repo.worldJson<BuildJson>('build').json.summary.cached).toBe(2);
    const lib = first.json.targets.find((t) => t.id === 'lib:build')!;
    const app = first.json.targets.find((t) => t.id === 'app:build')!;
    const pack = readStateJson(packFile(repo)) as { entries: Record<string, { targets: Record<string, { drv: string; out: string }> }> };
    expect(Object.keys(pack.entries).sort()).toEqual([app.key, lib.key].sort());
    // Sealed anew, as only someone writing .git on purpose could: the entry is still checked.
    pack.entries[app.key]!.targets.build = { ...pack.entries[app.key]!.targets.build!, drv: lib.drv, out: lib.out };
    writeStateJson(packFile(repo), pack);
    const again = repo.worldJson<BuildJson>('build');
    expect(again.code, again.stderr).toBe(0);
    expect(again.json.targets.find((t) => t.id === 'app:build')!.out).toBe(app.out);
    expect(readFileSync(join(app.out, 'value'), 'utf8')).toBe('lib-1\napp-1\n');
  });

  test('cache gc takes the pack with the entries it removes; the next build evaluates again', () => {
    const host = hostDirs();
    const repo = makeRepo(files(host.tools, host.lib));
    chmodSync(repo.dir, 0o755);
    expect(repo.worldJson<BuildJson>('build').code).toBe(0);
    expect(repo.worldJson<BuildJson>('build').json.evaluated).toBe(false);
    const gc = repo.world('cache', 'gc', '--older-than', '0');
    expect(gc.code, gc.stderr).toBe(0);
    expect(readdirSync(join(repo.dir, '.git/world/cache/index'))).not.toContain('pack.json');
    const after = repo.worldJson<BuildJson>('build');
    expect(after.code, after.stderr).toBe(0);
    expect(after.json.evaluated).toBe(true);
  });
});
