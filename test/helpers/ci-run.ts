/**
 * Running `world ci` as a CI runner does (CI=true, no inherited GitHub variables unless given),
 * with its report directory in a fresh temp folder, and small worlds for the CI tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORLD_BIN, sh, tempDir, type Files, type RunResult, type TestRepo } from './world-fixture.js';

export interface CiReportJson {
  base: { ref: string; mergeBase: string };
  head: { ref: string; commit: string };
  shard: { index: number; count: number } | null;
  summary: { total: number; failed: number; built: number; cached: number };
  targets: { id: string; status: string; kind: string; logTail: string[]; affected: { reason: string }[] }[];
}

export interface CiRun extends RunResult {
  reportDir: string;
  report(): CiReportJson;
  junit(): string;
  summary(): string;
}

const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'World Test',
  GIT_AUTHOR_EMAIL: 'test@world.invalid',
  GIT_COMMITTER_NAME: 'World Test',
  GIT_COMMITTER_EMAIL: 'test@world.invalid',
};

/** `world ci` in `repo` with the GitHub variables cleared unless `env` sets them. */
export const ciRun = (repo: TestRepo, args: string[], env: NodeJS.ProcessEnv = {}): CiRun => {
  const reportDir = tempDir('world-report-');
  const r = sh(repo.dir, process.execPath, [WORLD_BIN, 'ci', '--report-dir', reportDir, ...args], {
    ...GIT_IDENTITY,
    CI: 'true',
    NO_COLOR: '1',
    GITHUB_STEP_SUMMARY: '',
    GITHUB_EVENT_PATH: '',
    GITHUB_EVENT_NAME: '',
    ...env,
  });
  const read = (f: string) => readFileSync(join(reportDir, f), 'utf8');
  return { ...r, reportDir, report: () => JSON.parse(read('report.json')) as CiReportJson, junit: () => read('junit.xml'), summary: () => read('summary.md') };
};

/** A project built and tested by the `command` module from its data.txt. */
export const commandProject = (name: string, deps: string[], test: string): string =>
  `name: ${name}\ndeps: [${deps.join(', ')}]\nmodules: [command]\nconfig:\n  command.build: 'mkdir -p "$out" && cat data.txt > "$out/data"'\n  command.test: '${test}'\n`;

/** lib ← app, and an independent `other`: the world most CI tests use. */
export const queueWorld = (salt: string): Files => ({
  'world.yaml': 'name: queue\n',
  'lib/project.yaml': commandProject('lib', [], 'grep -q lib data.txt'),
  'lib/data.txt': `lib ${salt}\n`,
  'app/project.yaml': commandProject('app', ['lib'], 'test -s "$WORLD_DEPS/lib/build/data"'),
  'app/data.txt': `app ${salt}\n`,
  'other/project.yaml': commandProject('other', [], 'grep -q ok data.txt || { echo "other: data.txt lost its ok"; exit 1; }'),
  'other/data.txt': `ok ${salt}\n`,
});

/** Sorted target ids of a report. */
export const idsOf = (report: CiReportJson): string[] => report.targets.map((t) => t.id).sort();

/** No JavaScript stack trace anywhere in a run's output. */
export const hasStackTrace = (r: RunResult): boolean => /^\s+at /m.test(r.stdout) || /^\s+at /m.test(r.stderr);
