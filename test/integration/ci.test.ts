/**
 * `world ci` as a merge queue runs it: real repositories with branches, real Nix builds,
 * reports checked with a JUnit parser and the documented JSON schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseJunit } from 'junit2json';
import Ajv from 'ajv';
import { REPO_ROOT, WORLD_BIN, cleanupTempDirs, cloneRepo, makeRepo, nonce, sh, tempDir, type TestRepo } from '../helpers/world-fixture.js';
import { ciRun as ci, queueWorld as world } from '../helpers/ci-run.js';

const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/reporters/report.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true }).compile(schema);

describe('world ci on a repository with two branches', () => {
  let repo: TestRepo;
  let mainSha: string;
  beforeAll(() => {
    repo = makeRepo(world(nonce()));
    mainSha = repo.git('rev-parse', 'HEAD');
    repo.git('checkout', '-q', '-b', 'good');
    repo.commit('lib: more data', { 'lib/data.txt': `lib ${nonce()} more\n` });
    repo.git('checkout', '-q', 'main');
    repo.git('checkout', '-q', '-b', 'bad');
    repo.commit('other: break its test', { 'other/data.txt': 'wrong\n' });
    repo.git('checkout', '-q', 'main');
  });
  afterAll(cleanupTempDirs);

  it('passes a good branch: exit 0, exactly the affected targets, reports valid', async () => {
    const summaryFile = join(tempDir(), 'step-summary.md');
    writeFileSync(summaryFile, '# earlier steps\n');
    const r = ci(repo, ['--base', 'main', '--head', 'good'], { GITHUB_STEP_SUMMARY: summaryFile });
    expect(r.code, r.stderr).toBe(0);
    const report = r.report();
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.targets.map((t) => t.id).sort()).toEqual(['app:build', 'app:test', 'lib:build', 'lib:test']);
    expect(report.targets.every((t) => t.status === 'built' || t.status === 'cached')).toBe(true);
    expect(report.base.mergeBase).toBe(mainSha);
    expect(report.targets.find((t) => t.id === 'app:test')!.affected).toEqual([{ reason: 'dependency', via: 'lib' }]);

    const junit = await parseJunit(r.junit());
    // Every target is in the JUnit, builds too.
    expect(junit).toMatchObject({ tests: 4, failures: 0 });
    const cases = (junit as { testsuite: { testcase: { name: string; failure?: unknown }[] }[] }).testsuite.flatMap((s) => s.testcase);
    expect(cases.map((c) => c.name).sort()).toEqual(['app:build', 'app:test', 'lib:build', 'lib:test']);
    expect(r.summary()).toContain('all 4 targets pass');
    expect(readFileSync(summaryFile, 'utf8')).toMatch(/^# earlier steps\n## world ci: queue/);
  });

  it('fails a bad branch: exit 1, the failing test in JUnit with its log tail', async () => {
    const r = ci(repo, ['--base', 'main', '--head', 'bad']);
    expect(r.code, r.stderr).toBe(1);
    const report = r.report();
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    const failed = report.targets.filter((t) => t.status === 'failed');
    expect(failed.map((t) => t.id)).toEqual(['other:test']);
    expect(failed[0]!.logTail.join('\n')).toContain('other: data.txt lost its ok');
    const junit = (await parseJunit(r.junit())) as { failures: number; testsuite: { testcase: { name: string; failure?: { inner?: string; message?: string }[] }[] }[] };
    expect(junit.failures).toBe(1);
    const failure = junit.testsuite.flatMap((s) => s.testcase).find((c) => c.name === 'other:test')!.failure!;
    expect(JSON.stringify(failure)).toContain('other: data.txt lost its ok');
    expect(r.summary()).toContain('1 of 2 targets failed');
    expect(r.stderr).toContain('other:test');
  });

  it('reads base and head of a merge_group event (the group base, not the target branch tip)', () => {
    // main moves on after `good` forked: the merge group is built on that newer main.
    repo.git('checkout', '-q', 'main');
    const newerMain = repo.commit('main: unrelated', { 'README.md': `${nonce()}\n` });
    repo.git('checkout', '-q', 'good');
    repo.git('merge', '-q', '--no-edit', 'main');
    const groupHead = repo.git('rev-parse', 'HEAD');
    repo.git('checkout', '-q', 'main');
    const event = join(tempDir(), 'event.json');
    writeFileSync(event, JSON.stringify({ merge_group: { base_sha: newerMain, head_sha: groupHead, base_ref: 'refs/heads/main' } }));
    const r = ci(repo, [], { GITHUB_EVENT_NAME: 'merge_group', GITHUB_EVENT_PATH: event });
    expect(r.code, r.stderr).toBe(0);
    const report = r.report();
    expect(report.base.mergeBase).toBe(newerMain);
    expect(report.head.commit).toBe(groupHead);
    expect(report.targets.map((t) => t.id).sort()).toEqual(['app:build', 'app:test', 'lib:build', 'lib:test']);
  });

  it('deepens a shallow clone to find the base', () => {
    const bare = tempDir('world-bare-');
    sh(bare, 'git', ['init', '-q', '--bare']);
    repo.git('push', '-q', bare, 'main', 'good');
    const shallow = cloneRepo(`file://${bare}`, '--depth', '1', '--branch', 'good', '--single-branch');
    const r = ci(shallow, ['--base', 'main']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('fetched missing history');
    expect(r.report().targets.map((t) => t.id).sort()).toEqual(['app:build', 'app:test', 'lib:build', 'lib:test']);
  });

  it('shards: for n = 1..4 the shards are disjoint and their union is the plan', () => {
    const plan = ci(repo, ['--base', 'main', '--head', 'good']).report().targets.map((t) => t.id).sort();
    for (let n = 1; n <= 4; n++) {
      const shards = Array.from({ length: n }, (_, i) => {
        const r = ci(repo, ['--base', 'main', '--head', 'good', '--shard', `${i + 1}/${n}`]);
        expect(r.code, r.stderr).toBe(0);
        const report = r.report();
        expect(report.shard).toEqual({ index: i + 1, count: n });
        return report.targets.map((t) => t.id);
      });
      const all = shards.flat();
      expect(new Set(all).size, `n=${n}: a target ran in two shards`).toBe(all.length);
      expect(all.sort(), `n=${n}`).toEqual(plan);
    }
  });

  it('rejects a malformed --shard with exit 2', () => {
    const r = ci(repo, ['--base', 'main', '--head', 'good', '--shard', '5/4']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--shard');
  });

  it('queue plan: candidates that share no affected project go into one batch', () => {
    appendFileSync(join(repo.dir, '.git', 'info', 'exclude'), '');
    const r = sh(repo.dir, process.execPath, [WORLD_BIN, 'queue', 'plan', 'good', 'bad', '--base', 'main', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as { batches: { candidates: string[] }[] };
    expect(plan.batches.map((b) => b.candidates)).toEqual([['good', 'bad']]);
  });
});
