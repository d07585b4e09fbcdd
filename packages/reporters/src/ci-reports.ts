/**
 * The files a merge queue reads after `world ci`: report.json (the schema below, versioned),
 * junit.xml (one test case per test target; the failure text is the log tail) and
 * summary.md (a Markdown table, also appended to $GITHUB_STEP_SUMMARY).
 */
import { accessSync, appendFileSync, constants, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorldError } from '@world/core';
import type { RunResult, TargetResult } from '@world/executor';
import { formatDuration } from './reporter.js';

export const REPORT_SCHEMA_VERSION = 1;

/** report.json, documented in README ("report.json"). */
export interface CiReport {
  schemaVersion: number;
  world: string;
  base: { ref: string; mergeBase: string } | null;
  head: { ref: string; commit: string } | null;
  shard: { index: number; count: number } | null;
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
    /** Why the target's project is in the affected set (the reasons of `world affected --json`). */
    affected: unknown[];
    logTail: string[];
  }[];
}

export interface CiReportInput {
  world: string;
  base: CiReport['base'];
  head: CiReport['head'];
  shard: CiReport['shard'];
  result: RunResult;
  reasons: ReadonlyMap<string, unknown[]>;
}

export const buildCiReport = (input: CiReportInput): CiReport => ({
  schemaVersion: REPORT_SCHEMA_VERSION,
  world: input.world,
  base: input.base,
  head: input.head,
  shard: input.shard,
  summary: input.result.summary,
  targets: input.result.results.map((t) => ({
    id: t.id,
    project: t.project,
    target: t.target,
    kind: t.kind,
    status: t.status,
    durationMs: t.durationMs ?? null,
    drv: t.drv,
    out: t.out,
    substituted: t.substituted ?? false,
    affected: input.reasons.get(t.project) ?? [],
    logTail: t.logTail ?? [],
  })),
});

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    // XML 1.0 cannot carry most control characters, which build logs do contain (colours).
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

export const renderJunit = (report: CiReport): string => {
  const tests = report.targets.filter((t) => t.kind === 'test');
  const byProject = new Map<string, typeof tests>();
  for (const t of tests) byProject.set(t.project, [...(byProject.get(t.project) ?? []), t]);
  const suites = [...byProject].map(([project, ts]) => {
    const cases = ts.map((t) => {
      const time = ((t.durationMs ?? 0) / 1000).toFixed(3);
      const open = `    <testcase classname="${xml(project)}" name="${xml(t.id)}" time="${time}"`;
      if (t.status === 'failed') return `${open}>\n      <failure message="${xml(`${t.id} failed`)}">${xml(t.logTail.join('\n'))}</failure>\n    </testcase>`;
      if (t.status === 'skipped' || t.status === 'would-build') return `${open}>\n      <skipped message="${xml(t.status)}"/>\n    </testcase>`;
      return `${open}/>`;
    });
    const failures = ts.filter((t) => t.status === 'failed').length;
    const skipped = ts.filter((t) => t.status === 'skipped' || t.status === 'would-build').length;
    return `  <testsuite name="${xml(project)}" tests="${ts.length}" failures="${failures}" errors="0" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const failures = tests.filter((t) => t.status === 'failed').length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="world ci" tests="${tests.length}" failures="${failures}">\n${suites.join('\n')}\n</testsuites>\n`;
};

const ICON: Record<TargetResult['status'], string> = { cached: '♻️ cached', built: '✅ built', failed: '❌ failed', skipped: '⏭️ skipped', 'would-build': '🔜 would build' };

export const renderSummary = (report: CiReport): string => {
  const s = report.summary;
  const verdict = s.failed > 0 ? `❌ **${s.failed} of ${s.total} targets failed**` : `✅ **all ${s.total} targets pass**`;
  const range = report.base && report.head ? ` for \`${report.base.mergeBase.slice(0, 12)}..${report.head.commit.slice(0, 12)}\`` : '';
  const shard = report.shard ? ` (shard ${report.shard.index}/${report.shard.count})` : '';
  const rows = [...report.targets]
    .sort((a, b) => Number(b.status === 'failed') - Number(a.status === 'failed') || (a.id < b.id ? -1 : 1))
    .map((t) => `| \`${t.id}\` | ${ICON[t.status]}${t.substituted ? ' (fetched)' : ''} | ${t.durationMs !== null ? formatDuration(t.durationMs) : ''} |`);
  const failures = report.targets
    .filter((t) => t.status === 'failed')
    .map((t) => `<details><summary><code>${t.id}</code> log tail</summary>\n\n\`\`\`\n${t.logTail.join('\n')}\n\`\`\`\n</details>`);
  return [
    `## world ci${shard}: ${report.world}${range}`,
    '',
    `${verdict} — ${s.cached} cached, ${s.built} built, ${s.failed} failed, ${s.skipped} skipped in ${formatDuration(s.durationMs)}`,
    '',
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

export const writeCiReports = (dir: string, report: CiReport, env: NodeJS.ProcessEnv = process.env): WrittenReports => {
  const files = { reportJson: join(dir, 'report.json'), junitXml: join(dir, 'junit.xml'), summaryMd: join(dir, 'summary.md') };
  const summary = renderSummary(report);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(files.reportJson, JSON.stringify(report, null, 2) + '\n');
    writeFileSync(files.junitXml, renderJunit(report));
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
