/**
 * Where a failed build's log says the error is: the lines compilers and test runners use to
 * name a file, a line and a column, kept when the file is one of the repository's (see
 * LogPaths.repositoryFile). What GitHub's `::error file=…,line=…` annotations are made of.
 *
 * Recognised, in a log without escape sequences:
 * - gcc, clang and most compilers: `src/main.c:7:9: error: expected expression`
 * - tsc: `src/index.ts(3,7): error TS2322: …` and, pretty, `src/index.ts:3:7 - error TS2322: …`
 * - JavaScript stack traces (node, its test runner, mocha, jest): `at f (file:///…/test/a.test.js:6:10)`,
 *   the first frame in the repository of each trace, with the error line above it as the message
 */
import type { LogOwner, LogPaths } from './log-paths.js';

export interface ErrorLocation {
  file: string;
  line: number;
  col?: number;
  message: string;
}

/** GitHub shows 10 error annotations per step; more from one target would hide the others'. */
const MAX_PER_TARGET = 5;
/** How far above a stack frame its error's message is looked for, and how long it may be. */
const MESSAGE_SEARCH = 30;
const MESSAGE_LINES = 12;

const COMPILER = /^(?<file>[^\s:()]+):(?<line>\d+):(?:(?<col>\d+):)?\s*(?:fatal error|error)(?:\[[\w-]+\])?:\s*(?<msg>.*)$/;
const TSC = /^(?<file>[^\s()]+)\((?<line>\d+),(?<col>\d+)\): error (?<msg>TS\d+:.*)$/;
const TSC_PRETTY = /^(?<file>[^\s:()]+):(?<line>\d+):(?<col>\d+) - error (?<msg>TS\d+:.*)$/;
const STACK_FRAME = /^\s*at (?:.*? \()?(?<file>[^\s()]+?):(?<line>\d+):(?<col>\d+)\)?\s*$/;
/** `AssertionError [ERR_ASSERTION]: …`, `TypeError: …`, `Error: …`. */
const ERROR_LINE = /^\s*(?:[\w.$]*(?:Error|Exception)|Error)\b[^:]*:\s*\S/;

const locationOf = (m: RegExpExecArray, paths: LogPaths, owner: LogOwner, message: string): ErrorLocation | undefined => {
  const g = m.groups!;
  const file = paths.repositoryFile(g.file!, owner);
  if (!file) return undefined;
  return { file, line: Number(g.line), ...(g.col ? { col: Number(g.col) } : {}), message: message.trim() };
};

/** The message of the error whose stack trace holds `frame`: its error line and what follows it up to the trace. */
const stackMessage = (lines: readonly string[], frame: number): string => {
  for (let i = frame - 1; i >= Math.max(0, frame - MESSAGE_SEARCH); i--) {
    if (ERROR_LINE.test(lines[i]!)) {
      const indent = /^\s*/.exec(lines[i]!)![0].length;
      let end = i + 1;
      while (end < frame && end < i + MESSAGE_LINES && !STACK_FRAME.test(lines[end]!)) end++;
      return lines
        .slice(i, end)
        .map((l) => l.slice(Math.min(indent, /^\s*/.exec(l)![0].length)))
        .join('\n')
        .trimEnd();
    }
  }
  return '';
};

/** The error locations in `lines` (a failed target's log, escape sequences stripped), at most a few, each once. */
export const errorLocations = (lines: readonly string[], paths: LogPaths, owner: LogOwner): ErrorLocation[] => {
  const found: ErrorLocation[] = [];
  const seen = new Set<string>();
  const add = (loc: ErrorLocation | undefined): void => {
    if (!loc) return;
    const key = `${loc.file}:${loc.line}`;
    if (seen.has(key)) return;
    seen.add(key);
    found.push(loc);
  };
  /** Whether the stack trace being read already gave its frame. */
  let traceDone = false;
  for (let i = 0; i < lines.length && found.length < MAX_PER_TARGET; i++) {
    const line = lines[i]!;
    const frame = STACK_FRAME.exec(line);
    if (frame) {
      if (traceDone) continue;
      const loc = locationOf(frame, paths, owner, stackMessage(lines, i));
      if (loc) {
        traceDone = true;
        add(loc);
      }
      continue;
    }
    traceDone = false;
    const m = COMPILER.exec(line) ?? TSC.exec(line) ?? TSC_PRETTY.exec(line);
    if (m) add(locationOf(m, paths, owner, m.groups!.msg!));
  }
  return found;
};
