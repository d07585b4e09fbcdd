/**
 * The files a merge queue reads after `world ci`: report.json (packages/reporters/report.schema.json,
 * versioned), junit.xml (every target: a test target's own test cases where it wrote JUnit —
 * failed ones included —, else one case per target) and summary.md (a Markdown table, also
 * appended to $GITHUB_STEP_SUMMARY). The verdict is "pass" only when every target is cached
 * or built: a skip, a target never started or Nix failing is a "fail".
 */
import { accessSync, appendFileSync, constants, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorldError } from '@world/core';
import { describeCause, type RebuildReason, type RunResult, type TargetCause, type TargetResult } from '@world/executor';
import { formatDuration } from './reporter.js';
import { withRepositoryPaths } from './log-paths.js';

export const REPORT_SCHEMA_VERSION = 2;

/** report.json, documented in README ("report.json"). */
export interface CiReport {
  schemaVersion: number;
  world: string;
  base: { ref: string; mergeBase: string } | null;
  head: { ref: string; commit: string } | null;
  shard: { index: number; count: number } | null;
  verdict: 'pass' | 'fail';
  /** What Nix said that is no target's own failure. */
  nixErrors: string[];
  summary: RunResult['summary'];
  targets: {
    id: string;
    project: string;
    target: string;
    kind: string;
    status: TargetResult['status'];
    durationMs: number | null;
    drv: string;
    out: string;
    substituted: boolean;
    /** The remote builder it ran on, or null for this machine (or when it did not run). */
    machine: string | null;
    /** Why the target's project is in the affected set (the reasons of `world affected --json`). */
    affected: unknown[];
    logTail: string[];
    /** Why it is neither cached nor built; null when it is. */
    cause: TargetCause | null;
    /** For a target that was not cached: what changed since its last build on this runner. */
    reason: RebuildReason | null;
  }[];
}

export interface CiReportInput {
  world: string;
  base: CiReport['base'];
  head: CiReport['head'];
  shard: CiReport['shard'];
  result: RunResult;
  reasons: ReadonlyMap<string, unknown[]>;
  /** Each project's directory: paths in log tails are rewritten to repository paths. */
  projectDirs: ReadonlyMap<string, string>;
}

export const buildCiReport = (input: CiReportInput): CiReport => ({
  schemaVersion: REPORT_SCHEMA_VERSION,
  world: input.world,
  base: input.base,
  head: input.head,
  shard: input.shard,
  verdict: input.result.summary.ok ? 'pass' : 'fail',
  nixErrors: input.result.nixErrors,
  summary: input.result.summary,
  targets: withRepositoryPaths(input.result.results, (p) => input.projectDirs.get(p)).map((t) => ({
    id: t.id,
    project: t.project,
    target: t.target,
    kind: t.kind,
    status: t.status,
    durationMs: t.durationMs ?? null,
    drv: t.drv,
    out: t.out,
    substituted: t.substituted ?? false,
    machine: t.machine ?? null,
    affected: input.reasons.get(t.project) ?? [],
    logTail: t.logTail ?? [],
    cause: t.cause ?? null,
    reason: t.reason ?? null,
  })),
});

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    // XML 1.0 cannot carry most control characters, which build logs do contain (colours).
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** A target's own JUnit XML: its `<testsuite>` elements, or none when it wrote none that can be read. */
const ownSuites = (xmlText: string | undefined): string[] => {
  if (xmlText === undefined) return [];
  const suites = xmlText.match(/<testsuite\b[\s\S]*?<\/testsuite>|<testsuite\b[^>]*\/>/g) ?? [];
  return suites.filter((suite) => !/<testsuite\b[\s\S]*<testsuite\b/.test(suite));
};

const countOf = (suites: readonly string[], re: RegExp) => suites.reduce((n, suite) => n + (suite.match(re)?.length ?? 0), 0);

/**
 * Every target as JUnit: one `<testsuite>` per target named by its id, holding the test cases
 * its own JUnit names (a test target's `$out/junit.xml`, or what a failed test printed before
 * Nix discarded its output) or else one case for the target itself. Build failures, skips and
 * targets never started are cases too: a red run never reads as `failures="0"`.
 */
export const renderJunit = (report: CiReport, junitOf: ReadonlyMap<string, string> = new Map()): string => {
  const suites = report.targets.map((t) => {
    const time = ((t.durationMs ?? 0) / 1000).toFixed(3);
    const own = ownSuites(junitOf.get(t.id));
    const red = t.status !== 'cached' && t.status !== 'built' && t.status !== 'would-build';
    const note = t.cause ? describeCause(t.cause) : t.status;
    if (own.length > 0) {
      // The target's own cases, plus its verdict when they do not show it (a crash after the tests).
      const failing = countOf(own, /<(failure|error)\b/g);
      const verdictCase = red && failing === 0 ? [`    <testcase classname="${xml(t.project)}" name="${xml(t.id)}" time="${time}">\n      <failure message="${xml(note)}">${xml(t.logTail.join('\n'))}</failure>\n    </testcase>`] : [];
      return { text: [...own.map((suite) => suite.replace(/<testsuite\b/, `<testsuite world-target="${xml(t.id)}"`)), ...verdictCase.map((c) => `  <testsuite name="${xml(t.id)}" tests="1" failures="1" errors="0" skipped="0">\n${c}\n  </testsuite>`)].join('\n'), tests: countOf(own, /<testcase\b/g) + verdictCase.length, failures: failing + verdictCase.length };
    }
    const open = `    <testcase classname="${xml(t.project)}" name="${xml(t.id)}" time="${time}"`;
    let body = `${open}/>`;
    let failures = 0;
    let skipped = 0;
    if (t.status === 'failed') {
      body = `${open}>\n      <failure message="${xml(`${t.id} failed: ${note}`)}">${xml(t.logTail.join('\n'))}</failure>\n    </testcase>`;
      failures = 1;
    } else if (red) {
      // Not run because of something else: an error of the run, not a passing or skipped test.
      body = `${open}>\n      <error message="${xml(`${t.id} ${t.status}: ${note}`)}"/>\n    </testcase>`;
      failures = 1;
    } else if (t.status === 'would-build') {
      body = `${open}>\n      <skipped message="would build"/>\n    </testcase>`;
      skipped = 1;
    }
    return { text: `  <testsuite name="${xml(t.id)}" tests="1" failures="${t.status === 'failed' ? 1 : 0}" errors="${red && t.status !== 'failed' ? 1 : 0}" skipped="${skipped}">\n${body}\n  </testsuite>`, tests: 1, failures };
  });
  const nixSuite = report.nixErrors.length > 0
    ? [`  <testsuite name="nix" tests="1" failures="0" errors="1" skipped="0">\n    <testcase classname="world" name="nix">\n      <error message="Nix failed">${xml(report.nixErrors.join('\n'))}</error>\n    </testcase>\n  </testsuite>`]
    : [];
  const tests = suites.reduce((n, s) => n + s.tests, 0) + nixSuite.length;
  const failures = suites.reduce((n, s) => n + s.failures, 0) + nixSuite.length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="world ci" tests="${tests}" failures="${failures}">\n${[...suites.map((s) => s.text), ...nixSuite].join('\n')}\n</testsuites>\n`;
};

const ICON: Record<TargetResult['status'], string> = {
  cached: '♻️ cached',
  built: '✅ built',
  failed: '❌ failed',
  skipped: '⏭️ skipped',
  'not-started': '⛔ not started',
  cancelled: '⛔ cancelled',
  'would-build': '🔜 would build',
};

/** Text safe inside a Markdown table cell. */
const mdCell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export const renderSummary = (report: CiReport): string => {
  const s = report.summary;
  const notOk = s.total - s.cached - s.built - s.wouldBuild;
  const verdict = report.verdict === 'pass'
    ? `✅ **all ${s.total} targets pass**`
    : s.failed > 0
      ? `❌ **${s.failed} of ${s.total} targets failed**`
      : report.nixErrors.length > 0 ? `❌ **Nix failed: ${notOk} of ${s.total} targets were not built**` : `❌ **${notOk} of ${s.total} targets were not built**`;
  const range = report.base && report.head ? ` for \`${report.base.mergeBase.slice(0, 12)}..${report.head.commit.slice(0, 12)}\`` : '';
  const shard = report.shard ? ` (shard ${report.shard.index}/${report.shard.count})` : '';
  const rows = [...report.targets]
    .sort((a, b) => Number(b.status === 'failed') - Number(a.status === 'failed') || (a.id < b.id ? -1 : 1))
    .map((t) => `| \`${t.id}\` | ${ICON[t.status]}${t.substituted ? ' (fetched)' : ''}${t.cause && t.status !== 'failed' ? ` — ${mdCell(describeCause(t.cause))}` : ''} | ${t.durationMs !== null ? formatDuration(t.durationMs) : ''} |`);
  const failures = report.targets
    .filter((t) => t.status === 'failed')
    .map((t) => `<details><summary><code>${t.id}</code> log tail</summary>\n\n\`\`\`\n${t.logTail.join('\n')}\n\`\`\`\n</details>`);
  return [
    `## world ci${shard}: ${report.world}${range}`,
    '',
    `${verdict} — ${s.cached} cached, ${s.built} built, ${s.failed} failed, ${s.skipped} skipped${s.cancelled ? `, ${s.cancelled} cancelled` : ''}${s.notStarted ? `, ${s.notStarted} not started` : ''} in ${formatDuration(s.durationMs)}`,
    '',
    ...(report.nixErrors.length > 0 ? ['Nix said:', '', '```', ...report.nixErrors, '```', ''] : []),
    ...(rows.length > 0 ? ['| target | result | time |', '|---|---|---:|', ...rows, ''] : ['Nothing is affected.', '']),
    ...failures,
    '',
  ].join('\n');
};

export interface WrittenReports {
  reportJson: string;
  junitXml: string;
  summaryMd: string;
}

const errnoOf = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

const reportDirError = (dir: string, e: unknown): WorldError =>
  new WorldError('REPORT_WRITE_FAILED', `cannot write the reports to --report-dir ${dir} (${errnoOf(e)})`, {
    hint: 'pass a --report-dir this user can create and write (the reports go to report.json, junit.xml and summary.md in it)',
  });

const stepSummaryError = (file: string, e: unknown): WorldError =>
  new WorldError('REPORT_WRITE_FAILED', `cannot append the summary to GITHUB_STEP_SUMMARY ${file} (${errnoOf(e)})`, {
    hint: 'GitHub Actions sets GITHUB_STEP_SUMMARY to a writable file; outside Actions unset it (or set it to an empty string)',
  });

/**
 * Checks, before any build, that the reports can be written: the report directory is (or can
 * become) a writable directory, and GITHUB_STEP_SUMMARY, when set, can be appended to.
 * Minutes of building must not end in a crash for want of a place to report them.
 */
export const prepareCiReports = (dir: string, env: NodeJS.ProcessEnv = process.env): void => {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    /* missing: made below */
  }
  if (!isDir) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOTDIR') {
        const what = code === 'EEXIST' ? 'it is a file' : 'a file is in the way on its path';
        throw new WorldError('USAGE', `--report-dir ${dir} cannot be a directory: ${what}`, { hint: 'pass a directory (it is created when missing), e.g. --report-dir world-report' });
      }
      throw reportDirError(dir, e);
    }
  }
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (e) {
    throw reportDirError(dir, e);
  }
  if (env.GITHUB_STEP_SUMMARY) {
    try {
      appendFileSync(env.GITHUB_STEP_SUMMARY, '');
    } catch (e) {
      throw stepSummaryError(env.GITHUB_STEP_SUMMARY, e);
    }
  }
};

/** `junitOf`: target id → the JUnit XML it wrote (read by the caller from its output, or kept from a failed test's log). */
export const writeCiReports = (dir: string, report: CiReport, junitOf: ReadonlyMap<string, string> = new Map(), env: NodeJS.ProcessEnv = process.env): WrittenReports => {
  const files = { reportJson: join(dir, 'report.json'), junitXml: join(dir, 'junit.xml'), summaryMd: join(dir, 'summary.md') };
  const summary = renderSummary(report);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(files.reportJson, JSON.stringify(report, null, 2) + '\n');
    writeFileSync(files.junitXml, renderJunit(report, junitOf));
    writeFileSync(files.summaryMd, summary);
  } catch (e) {
    throw reportDirError(dir, e);
  }
  if (env.GITHUB_STEP_SUMMARY) {
    try {
      appendFileSync(env.GITHUB_STEP_SUMMARY, summary);
    } catch (e) {
      throw stepSummaryError(env.GITHUB_STEP_SUMMARY, e);
    }
  }
  return files;
};
