/**
 * Runs a GitHub Actions workflow's jobs on this machine, the way GitHub would run them for one
 * event: jobs in the order their `needs` give, each matrix entry on a fresh "runner" (its own
 * clone, made as actions/checkout makes it), `if:` conditions, `env:` and `with:` evaluated
 * (github-expressions.ts), every `run:` step run by bash as GitHub runs it (`bash --noprofile
 * --norc -eo pipefail`), with GITHUB_OUTPUT, GITHUB_PATH, GITHUB_STEP_SUMMARY and job outputs
 * handled as GitHub handles them.
 *
 * The `uses:` steps are stood in for: actions/checkout (a clone at the event's ref and the
 * depth asked), actions/upload-artifact and download-artifact (a folder per artifact of the
 * run), actions/cache/restore and save (a folder per key, shared across runs, newest prefix
 * match first); installing Nix and Node is a no-op (this machine has both). Steps the caller
 * replaces by id (installing world) run the caller's function instead. Anything else — an
 * action, a step key or an expression this does not know — throws.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse as parseYaml } from 'yaml';
import { condition, interpolate, type Status, type Value } from './github-expressions.js';
import { tempDir } from './world-fixture.js';

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string | number | boolean>;
}

interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  'runs-on': string;
  outputs?: Record<string, string>;
  strategy?: { 'fail-fast'?: boolean; matrix?: Record<string, Value[]> };
  env?: Record<string, string>;
  steps: Step[];
}

export interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, string | number>;
  jobs: Record<string, Job>;
}

export const readWorkflow = (file: string): Workflow => parseYaml(readFileSync(file, 'utf8')) as Workflow;

/** The `run:` scripts of a workflow, with where each is. */
export const runSteps = (wf: Workflow): { where: string; id: string | undefined; script: string }[] =>
  Object.entries(wf.jobs).flatMap(([job, j]) =>
    j.steps.flatMap((s, i) => (s.run === undefined ? [] : [{ where: `jobs.${job}.steps[${i}] (${s.name ?? s.id ?? 'unnamed'})`, id: s.id, script: s.run }])),
  );

export interface StepRun {
  name: string;
  status: 'success' | 'failure' | 'skipped';
  /** For run steps: bash's output. */
  stdout?: string;
  stderr?: string;
  code?: number;
}

export interface JobRun {
  job: string;
  /** The matrix entry, when the job has one. */
  matrix: Record<string, Value> | null;
  result: 'success' | 'failure' | 'skipped';
  outputs: Record<string, string>;
  steps: StepRun[];
  summary: string;
  /** The runner's workspace, kept for the test to look at. */
  workspace: string | null;
}

export interface RunRequest {
  /** The event: its name, its payload, and what GitHub checks out for it. */
  eventName: string;
  payload: Record<string, Value>;
  /** The ref actions/checkout fetches (refs/pull/7/merge, refs/heads/main) and the branch it is checked out as, if any. */
  checkoutRef: string;
  checkoutBranch?: string;
  remoteUrl: string;
  secrets: Record<string, string>;
  /** Steps stood in for by id: given the runner's workspace and its GITHUB_PATH file. */
  replace: Record<string, (workspace: string, githubPath: string) => void>;
  /** Folder of the cache entries (actions/cache), kept across runs. */
  cacheDir: string;
  runId: number;
  /** Added to every run step's environment (after the machine's). */
  env?: NodeJS.ProcessEnv;
}

const jobOrder = (wf: Workflow): string[] => {
  const done: string[] = [];
  const needsOf = (j: Job) => (j.needs === undefined ? [] : Array.isArray(j.needs) ? j.needs : [j.needs]);
  while (done.length < Object.keys(wf.jobs).length) {
    const next = Object.entries(wf.jobs).find(([name, j]) => !done.includes(name) && needsOf(j).every((n) => done.includes(n)));
    if (!next) throw new Error('the jobs\' needs form a cycle or name a missing job');
    done.push(next[0]);
  }
  return done;
};

const KNOWN_STEP_KEYS = new Set(['id', 'name', 'if', 'uses', 'run', 'with', 'env']);
const NO_OP_ACTIONS = ['cachix/install-nix-action@', 'actions/setup-node@'];

/** Reads a GitHub file command file of `key=value` and `key<<DELIM … DELIM` entries. */
const readCommandFile = (file: string): Record<string, string> => {
  const out: Record<string, string> = {};
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      out[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i]!.includes('=')) out[lines[i]!.slice(0, lines[i]!.indexOf('='))] = lines[i]!.slice(lines[i]!.indexOf('=') + 1);
  }
  return out;
};

const machineEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(GITHUB_|RUNNER_|NODE_ENV$|VITEST)/.test(k)) env[k] = v;
  return env;
};

export class WorkflowRun {
  readonly jobs: JobRun[] = [];
  private readonly artifacts = tempDir('world-artifacts-');
  private readonly eventFile: string;

  constructor(private readonly wf: Workflow, private readonly req: RunRequest) {
    this.eventFile = join(tempDir('world-event-'), 'event.json');
    writeFileSync(this.eventFile, JSON.stringify(req.payload, null, 2));
  }

  /** Runs every job; the runs of a job name (one per matrix entry). */
  run(): this {
    for (const job of jobOrder(this.wf)) {
      const j = this.wf.jobs[job]!;
      const entries = j.strategy?.matrix ? this.matrixEntries(j.strategy.matrix) : [null];
      entries.forEach((matrix, index) => this.jobs.push(this.runJob(job, j, matrix, index, entries.length)));
    }
    return this;
  }

  runsOf(job: string): JobRun[] {
    return this.jobs.filter((r) => r.job === job);
  }

  /** A job's result as `needs.<job>.result` gives it: failure if any of its runs failed. */
  resultOf(job: string): JobRun['result'] {
    const runs = this.runsOf(job);
    if (runs.some((r) => r.result === 'failure')) return 'failure';
    return runs.every((r) => r.result === 'skipped') ? 'skipped' : 'success';
  }

  private matrixEntries(matrix: Record<string, Value[]>): Record<string, Value>[] {
    const keys = Object.keys(matrix);
    if (keys.length !== 1) throw new Error('the emulator expands a one-dimensional matrix only');
    return matrix[keys[0]!]!.map((v) => ({ [keys[0]!]: v }));
  }

  private contexts(extra: Record<string, Value>): Record<string, Value> {
    const needs: Record<string, Value> = {};
    for (const r of this.jobs) needs[r.job] = { result: this.resultOf(r.job), outputs: r.outputs };
    return {
      github: { event_name: this.req.eventName, event: this.req.payload, run_id: this.req.runId, ref: this.req.checkoutRef, workflow: 'world' },
      secrets: this.req.secrets,
      env: Object.fromEntries(Object.entries(this.wf.env ?? {}).map(([k, v]) => [k, String(v)])),
      needs,
      runner: { os: 'Linux', temp: tempDir('world-runner-temp-') },
      ...extra,
    };
  }

  private runJob(job: string, j: Job, matrix: Record<string, Value> | null, index: number, total: number): JobRun {
    const needed = j.needs === undefined ? [] : Array.isArray(j.needs) ? j.needs : [j.needs];
    const needsOk = needed.every((n) => this.resultOf(n) === 'success');
    const jobStatus: Status = { success: needsOk, failure: needed.some((n) => this.resultOf(n) === 'failure') };
    const strategy = { 'job-index': index, 'job-total': total, 'fail-fast': j.strategy?.['fail-fast'] ?? true };
    const base = this.contexts({ matrix: matrix ?? {}, strategy });
    const run: JobRun = { job, matrix, result: 'skipped', outputs: {}, steps: [], summary: '', workspace: null };
    if (!condition(j.if, base, jobStatus)) return run;

    const workspace = tempDir('world-runner-');
    run.workspace = workspace;
    const files = tempDir('world-runner-files-');
    const githubPath = join(files, 'path');
    let path = machineEnv().PATH ?? '';
    const stepsContext: Record<string, Value> = {};
    let failed = false;
    j.steps.forEach((step, i) => {
      for (const k of Object.keys(step)) if (!KNOWN_STEP_KEYS.has(k)) throw new Error(`jobs.${job}.steps[${i}]: the emulator does not know the step key ${k}`);
      const ctx = { ...base, steps: stepsContext };
      const status: Status = { success: !failed, failure: failed };
      const name = step.name ? interpolate(step.name, ctx, status) : (step.uses ?? step.run ?? '').split('\n')[0]!;
      if (!condition(step.if, ctx, status)) {
        run.steps.push({ name, status: 'skipped' });
        return;
      }
      const text = (v: string | number | boolean) => interpolate(String(v), ctx, status);
      const withs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, text(v)]));
      const outputFile = join(files, `output-${i}`);
      const summaryFile = join(files, `summary-${i}`);
      writeFileSync(outputFile, '');
      writeFileSync(summaryFile, '');
      const record: StepRun = { name, status: 'success' };
      try {
        if (step.id !== undefined && this.req.replace[step.id]) this.req.replace[step.id]!(workspace, githubPath);
        else if (step.uses !== undefined) this.action(step.uses, withs, workspace);
        else {
          const env = {
            ...machineEnv(),
            ...this.req.env,
            ...Object.fromEntries(Object.entries(this.wf.env ?? {}).map(([k, v]) => [k, String(v)])),
            ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, text(v)])),
            PATH: path,
            CI: 'true',
            GITHUB_ACTIONS: 'true',
            GITHUB_EVENT_NAME: this.req.eventName,
            GITHUB_EVENT_PATH: this.eventFile,
            GITHUB_OUTPUT: outputFile,
            GITHUB_PATH: githubPath,
            GITHUB_STEP_SUMMARY: summaryFile,
            GITHUB_WORKSPACE: workspace,
            GITHUB_RUN_ID: String(this.req.runId),
          };
          const script = join(files, `step-${i}.sh`);
          writeFileSync(script, text(step.run!));
          const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: workspace, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
          Object.assign(record, { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 });
          if (r.status !== 0) record.status = 'failure';
        }
      } catch (e) {
        Object.assign(record, { status: 'failure', stderr: (e as Error).message });
      }
      if (existsSync(githubPath)) path = [...readFileSync(githubPath, 'utf8').split('\n').filter(Boolean).reverse(), machineEnv().PATH ?? ''].join(':');
      run.summary += readFileSync(summaryFile, 'utf8');
      if (step.id !== undefined) stepsContext[step.id] = { outputs: readCommandFile(outputFile), outcome: record.status, conclusion: record.status };
      if (record.status === 'failure') failed = true;
      run.steps.push(record);
    });
    run.result = failed ? 'failure' : 'success';
    const ctx = { ...base, steps: stepsContext };
    run.outputs = Object.fromEntries(Object.entries(j.outputs ?? {}).map(([k, v]) => [k, interpolate(v, ctx, { success: !failed, failure: failed })]));
    return run;
  }

  private action(uses: string, withs: Record<string, string>, workspace: string): void {
    const [action] = uses.split('@');
    if (NO_OP_ACTIONS.some((a) => uses.startsWith(a))) return;
    switch (action) {
      case 'actions/checkout':
        return this.checkout(workspace, Number(withs['fetch-depth'] ?? '1'));
      case 'actions/upload-artifact':
        return this.upload(workspace, withs);
      case 'actions/download-artifact':
        return this.download(workspace, withs);
      case 'actions/cache/restore':
        return this.restoreCache(workspace, withs);
      case 'actions/cache/save':
        return this.saveCache(workspace, withs);
      default:
        throw new Error(`the emulator does not know the action ${uses}`);
    }
  }

  /** As actions/checkout does it: init, one fetch of the ref at the depth asked, a forced checkout. */
  private checkout(workspace: string, depth: number): void {
    const git = (...args: string[]) => {
      const r = spawnSync('git', args, { cwd: workspace, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    };
    const { checkoutRef: ref, checkoutBranch: branch } = this.req;
    const tracking = ref.startsWith('refs/heads/') ? `refs/remotes/origin/${ref.slice('refs/heads/'.length)}` : `refs/remotes/${ref.slice('refs/'.length)}`;
    git('init', '-q');
    git('remote', 'add', 'origin', this.req.remoteUrl);
    git('-c', 'protocol.version=2', 'fetch', '--no-tags', '--prune', '--no-recurse-submodules', ...(depth > 0 ? [`--depth=${depth}`] : []), 'origin', `+${ref}:${tracking}`);
    if (branch) git('checkout', '-q', '--force', '-B', branch, tracking);
    else git('checkout', '-q', '--force', tracking);
  }

  private upload(workspace: string, withs: Record<string, string>): void {
    const from = join(workspace, withs.path!);
    if (!existsSync(from)) {
      if ((withs['if-no-files-found'] ?? 'warn') === 'error') throw new Error(`upload-artifact: ${withs.path} does not exist`);
      return;
    }
    const to = join(this.artifacts, withs.name!);
    if (existsSync(to)) throw new Error(`upload-artifact: an artifact named ${withs.name} exists already`);
    // v4: a directory's content, or a single file at the artifact's root.
    cpSync(from, statSync(from).isDirectory() ? to : join(to, basename(from)), { recursive: true });
  }

  private download(workspace: string, withs: Record<string, string>): void {
    const into = join(workspace, withs.path ?? '.');
    if (withs.name !== undefined) {
      const from = join(this.artifacts, withs.name);
      if (!existsSync(from)) throw new Error(`download-artifact: no artifact named ${withs.name}`);
      cpSync(from, into, { recursive: true });
      return;
    }
    const pattern = new RegExp(`^${withs.pattern!.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    for (const name of readdirSync(this.artifacts).filter((n) => pattern.test(n))) cpSync(join(this.artifacts, name), join(into, name), { recursive: true });
  }

  private restoreCache(workspace: string, withs: Record<string, string>): void {
    const keys = existsSync(this.req.cacheDir) ? readdirSync(this.req.cacheDir) : [];
    const newest = (candidates: string[]) => candidates.sort((a, b) => statSync(join(this.req.cacheDir, b)).mtimeMs - statSync(join(this.req.cacheDir, a)).mtimeMs)[0];
    const prefixes = (withs['restore-keys'] ?? '').split('\n').map((k) => k.trim()).filter(Boolean);
    const hit = keys.includes(withs.key!) ? withs.key : prefixes.map((p) => newest(keys.filter((k) => k.startsWith(p)))).find((k) => k !== undefined);
    if (hit) cpSync(join(this.req.cacheDir, hit), join(workspace, withs.path!), { recursive: true });
  }

  private saveCache(workspace: string, withs: Record<string, string>): void {
    const to = join(this.req.cacheDir, withs.key!);
    // GitHub refuses to overwrite a key, with a warning, not a failure.
    if (existsSync(to)) return;
    mkdirSync(dirname(to), { recursive: true });
    cpSync(join(workspace, withs.path!), to, { recursive: true });
  }

}
