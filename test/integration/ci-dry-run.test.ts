/**
 * `world ci --dry-run`: the revisions, the affected set, the plan and the shard as a real run
 * would have them — and nothing else: no build, no push, no report (a report.json of a run
 * that built nothing must never read as a verdict), no recorded run. Real repositories, real Nix.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORLD_BIN, cleanupTempDirs, makeRepo, nonce, parseError, sh, tempDir, type TestRepo } from '../helpers/world-fixture.js';
import { ciRun, hasStackTrace, idsOf, queueWorld } from '../helpers/ci-run.js';

afterAll(cleanupTempDirs);

interface DryJson {
  dryRun: boolean;
  verdict?: unknown;
  base: { ref: string; mergeBase: string };
  head: { ref: string; commit: string };
  shard: { index: number; count: number } | null;
  summary: Record<string, number | boolean>;
  targets: { id: string; status: string; out: string; reason: { reason: string } | null; affected: { reason: string }[] }[];
  files: unknown;
  pushed: unknown;
}

const LIB_AND_APP = ['app:build', 'app:test', 'lib:build', 'lib:test'];

/** `world ci --dry-run --json` as CI runs it, in a fresh report directory. */
const dryRun = (repo: TestRepo, args: string[], env: NodeJS.ProcessEnv = {}) => {
  const r = ciRun(repo, ['--dry-run', '--json', ...args], env);
  return { ...r, json: JSON.parse(r.stdout) as DryJson };
};

describe('world ci --dry-run', () => {
  let repo: TestRepo;
  let mainSha: string;
  beforeAll(() => {
    // A push to a binary cache with no key: a real run fails on it (exit 4); a dry run pushes nothing.
    repo = makeRepo({ ...queueWorld(nonce()), 'world.yaml': `name: queue\nnix:\n  push: file://${join(tempDir(), 'cache')}\n  signingKey: env:WORLD_TEST_NO_SUCH_KEY\n` });
    mainSha = repo.git('rev-parse', 'HEAD');
    repo.git('checkout', '-q', '-b', 'good');
    repo.commit('lib: more data', { 'lib/data.txt': `lib ${nonce()} more\n` });
    repo.git('checkout', '-q', 'main');
  });

  it('says what would be built: exit 0, the affected targets with why, nothing built, pushed or written', () => {
    const summary = join(tempDir(), 'step-summary.md');
    writeFileSync(summary, '# earlier steps\n');
    const r = dryRun(repo, ['--base', 'main', '--head', 'good'], { GITHUB_STEP_SUMMARY: summary });
    expect(r.code, r.stderr).toBe(0);
    const j = r.json;
    expect(j.dryRun).toBe(true);
    // A plan, not a verdict: nothing a script could read as a pass.
    expect('verdict' in j).toBe(false);
    expect('ok' in j.summary).toBe(false);
    expect(j.base.mergeBase).toBe(mainSha);
    expect(j.shard).toBeNull();
    expect(j.targets.map((t) => t.id)).toEqual(LIB_AND_APP);
    expect(j.targets.map((t) => t.status)).toEqual(['would-build', 'would-build', 'would-build', 'would-build']);
    expect(j.targets.find((t) => t.id === 'app:test')!.affected).toEqual([{ reason: 'dependency', via: 'lib' }]);
    expect(j.targets[0]!.reason).toEqual({ reason: 'new' });
    expect(j.summary).toMatchObject({ total: 4, wouldBuild: 4, cached: 0, built: 0, failed: 0 });
    expect(j.files).toBeNull();
    expect(j.pushed).toBeNull();
    for (const t of j.targets) expect(existsSync(t.out), `${t.id} was built`).toBe(false);
    expect(readdirSync(r.reportDir)).toEqual([]);
    expect(readFileSync(summary, 'utf8')).toBe('# earlier steps\n');
    expect(repo.worldJson<{ runs: unknown[] }>('runs').json.runs).toEqual([]);
  });

  it('a report directory holding an earlier run is left as it was', () => {
    const reportDir = tempDir();
    writeFileSync(join(reportDir, 'report.json'), '{"earlier": true}\n');
    const r = dryRun(repo, ['--base', 'main', '--head', 'good', '--report-dir', reportDir]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(reportDir)).toEqual(['report.json']);
    expect(readFileSync(join(reportDir, 'report.json'), 'utf8')).toBe('{"earlier": true}\n');
    expect(readdirSync(r.reportDir)).toEqual([]);
  });

  it('text: each target, the shard and the plan summary on stderr, stdout empty', () => {
    const r = sh(repo.dir, process.execPath, [WORLD_BIN, 'ci', '-n', '--base', 'main', '--head', 'good', '--shard', '1/1', '--report-dir', join(tempDir(), 'r')], { CI: 'true', NO_COLOR: '1', GITHUB_STEP_SUMMARY: '', GITHUB_EVENT_NAME: '', GITHUB_EVENT_PATH: '' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    for (const id of LIB_AND_APP) expect(r.stderr).toMatch(new RegExp(`^\\s+would-build ${id}$`, 'm'));
    expect(r.stderr).toContain('shard 1/1: 4 of 4 targets, balanced by count');
    expect(r.stderr).toContain('dry run: 4 would build, 0 cached; nothing built, no reports written');
  });

  it('per shard: the shards of the dry run are disjoint, cover the plan, and are the shards a real run builds', () => {
    const plan = dryRun(repo, ['--base', 'main', '--head', 'good']).json.targets.map((t) => t.id);
    const shards = [1, 2, 3].map((i) => {
      const r = dryRun(repo, ['--base', 'main', '--head', 'good', '--shard', `${i}/3`]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json.shard).toEqual({ index: i, count: 3 });
      return r.json.targets.map((t) => t.id);
    });
    const all = shards.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(plan);
    // The real run of shard 2 builds exactly what its dry run said (without the push no key allows).
    const real = ciRun(repo, ['--base', 'main', '--head', 'good', '--shard', '2/3', '--no-push']);
    expect(real.code, real.stderr).toBe(0);
    expect(idsOf(real.report())).toEqual(shards[1]!.sort());
  });

  it('after a real run, the dry run finds its outputs cached', () => {
    const real = ciRun(repo, ['--base', 'main', '--head', 'good', '--no-push']);
    expect(real.code, real.stderr).toBe(0);
    const r = dryRun(repo, ['--base', 'main', '--head', 'good']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.targets.map((t) => [t.id, t.status])).toEqual(LIB_AND_APP.map((id) => [id, 'cached']));
    // The real run still refuses to start without the signing key it would push with.
    const pushing = ciRun(repo, ['--base', 'main', '--head', 'good']);
    expect(pushing.code).toBe(4);
    expect(parseError(pushing.stderr)?.code).toBe('CACHE_PUSH_FAILED');
  });

  it('bad input: exit 2 for a bad flag or timings, 3 for a base that cannot be resolved; no report directory made', () => {
    const cases: [string[], number, string][] = [
      [['--base', 'main', '--head', 'good', '--shard', '5/4'], 2, 'USAGE'],
      [['--base', 'main', '--head', 'good', '--timings', join(tempDir(), 'missing.json')], 2, 'TIMINGS_INVALID'],
      [['--base', 'no-such-branch', '--head', 'good'], 3, 'BASE_UNRESOLVED'],
    ];
    for (const [args, code, errorCode] of cases) {
      const reportDir = join(tempDir(), 'r');
      mkdirSync(join(reportDir, '..'), { recursive: true });
      const r = sh(repo.dir, process.execPath, [WORLD_BIN, 'ci', '--dry-run', '--report-dir', reportDir, ...args], { CI: 'true', NO_COLOR: '1', GITHUB_STEP_SUMMARY: '', GITHUB_EVENT_NAME: '', GITHUB_EVENT_PATH: '' });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
      expect(hasStackTrace(r)).toBe(false);
      expect(parseError(r.stderr)?.code, r.stderr).toBe(errorCode);
      expect(existsSync(reportDir)).toBe(false);
    }
  });
});
