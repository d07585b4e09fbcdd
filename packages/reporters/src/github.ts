/**
 * For GitHub Actions (GITHUB_ACTIONS=true): the plain report, with each target's log in a
 * folded group titled by its line in the report, and an `::error` annotation for each failure
 * — on the file and line its log points at when that is a file of the repository, else on
 * the run — so a red check shows where it broke.
 *
 * A build's log is not trusted to speak to the runner: between `::stop-commands::<token>`
 * and `::<token>::` GitHub runs none of the workflow commands a line may hold (a test that
 * prints `::add-mask::` or `::error` is only text). Values in world's own commands are
 * escaped as GitHub's workflow-command rules say.
 */
import { randomUUID } from 'node:crypto';
import type { TargetId } from '@world/core';
import type { BuildEvent, Notice, TargetResult } from '@world/executor';
import { errorLocations, type ErrorLocation } from './error-locations.js';
import { droppedNote, showsLog, type LogLayout, type ShownLog } from './output-logs.js';
import { PlainReporter } from './plain.js';
import { outcomeNote, type ReporterSettings, type ReporterStream } from './reporter.js';
import type { LogPaths } from './log-paths.js';
import { stripEscapes } from './text-width.js';

/** A workflow command's message: `%`, CR and LF escaped. */
export const escapeCommandData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/** A workflow command's property value: also `:` and `,`, which end it. */
export const escapeCommandProperty = (s: string): string => escapeCommandData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::name key=value,…::message`, escaped. */
export const workflowCommand = (name: string, properties: Readonly<Record<string, string | number | undefined>>, message: string): string => {
  const props = Object.entries(properties)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${escapeCommandProperty(String(v))}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeCommandData(message)}`;
};

/** The `::error` annotations for a failed target: one per error location in its log, else one naming it. */
export const failureAnnotations = (result: TargetResult, raw: readonly string[], paths: LogPaths): string[] => {
  const title = `${result.id} failed`;
  const fallback = outcomeNote(result) || title;
  const owner = { project: result.project, drv: result.drv };
  const locations: ErrorLocation[] = errorLocations(raw.map(stripEscapes), paths, owner);
  if (locations.length === 0) return [workflowCommand('error', { title }, fallback)];
  return locations.map((l) => workflowCommand('error', { file: l.file, line: l.line, col: l.col, title }, l.message || fallback));
};

/** A target's log as a folded group, its workflow commands switched off. */
class GithubLayout implements LogLayout {
  readonly streams = false;

  constructor(private readonly paths: LogPaths) {}

  line(id: TargetId, text: string): string {
    return `${id} | ${text}`;
  }

  block(headline: string, result: TargetResult, log: ShownLog): string[] {
    const annotations = result.status === 'failed' ? failureAnnotations(result, log.raw, this.paths) : [];
    // A build that printed nothing needs no group to fold.
    if (log.lines.length === 0) return [headline, ...annotations];
    // What ends the stop: new for each log, so no build can know it.
    const token = randomUUID().replace(/-/g, '');
    return [
      workflowCommand('group', {}, stripEscapes(headline).trim()),
      `::stop-commands::${token}`,
      ...(log.dropped > 0 ? [droppedNote(result.id, log.dropped)] : []),
      ...log.lines,
      `::${token}::`,
      '::endgroup::',
      ...annotations,
    ];
  }
}

export class GithubReporter extends PlainReporter {
  constructor(out: ReporterStream, s: ReporterSettings) {
    super(out, s, new GithubLayout(s.paths));
  }

  override onEvent(e: BuildEvent): void {
    super.onEvent(e);
    // With no log shown (--output-logs=none) a failure is still annotated, from its log's tail.
    if (e.type === 'finished' && e.result.status === 'failed' && !showsLog(this.s.outputLogs, 'failed')) {
      this.print(failureAnnotations(e.result, e.result.logTail ?? [], this.s.paths));
    }
  }

  protected override warning(message: string): void {
    this.print([workflowCommand('warning', { title: 'world' }, message)]);
  }

  protected override nixError(message: string): void {
    this.print([workflowCommand('error', { title: 'Nix failed' }, message)]);
  }

  /** World's warnings are annotations too; information stays a line of the log. */
  protected override notice(n: Notice): void {
    if (n.level === 'warning') this.print([workflowCommand('warning', { title: n.code ?? 'world' }, n.hint ? `${n.message}\n${n.hint}` : n.message)]);
    else super.notice(n);
  }
}
