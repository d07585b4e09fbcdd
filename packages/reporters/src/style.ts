/**
 * Whether output is coloured, and the colours. `--color always|never` decides when given;
 * else FORCE_COLOR (set, even empty, and not "0"/"false") turns colour on and NO_COLOR (set and not
 * empty, https://no-color.org) turns it off; else a terminal that is not `dumb` gets colour.
 * With colour off, world writes no colour at all: not even the log lines of the builds it
 * shows keep theirs (the live view still erases its status line to redraw it).
 */
import { ESCAPE, SGR } from './text-width.js';

export type ColorChoice = 'auto' | 'always' | 'never';

export const colorEnabled = (stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, choice: ColorChoice = 'auto'): boolean => {
  if (choice !== 'auto') return choice === 'always';
  // As Node reads it: set (even empty) means colour, unless "0" or "false".
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true && env.TERM !== 'dumb';
};

export interface Style {
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  /** A line from a build's log, made safe to print: see `safeLogLine`. */
  logLine(s: string): string;
}

// Control characters but ESC, tab and newline (a line has none).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f]/g;
/** A whole escape sequence, or an ESC that starts none. */
const ESCAPE_OR_ESC = new RegExp(`${ESCAPE.source}|\x1b`, 'g');

/**
 * A build's log line as one line of text: what a progress bar redrew with `\r` keeps only
 * its last state, tabs become spaces, control characters and escape sequences other than
 * colours go (they would move the cursor under the status line or retitle the terminal),
 * and colours stay only when `keepColor`.
 */
export const safeLogLine = (line: string, keepColor: boolean): string => {
  const segments = line.split('\r').filter((s) => s !== '');
  const last = segments.at(-1) ?? '';
  return last
    .replace(/\t/g, '  ')
    .replace(ESCAPE_OR_ESC, (esc) => (keepColor && SGR.test(esc) ? esc : ''))
    .replace(CONTROL, '');
};

const sgr = (on: boolean, open: number, close: number) => (s: string) => (on ? `\x1b[${open}m${s}\x1b[${close}m` : s);

export const makeStyle = (color: boolean): Style => ({
  green: sgr(color, 32, 39),
  red: sgr(color, 31, 39),
  yellow: sgr(color, 33, 39),
  dim: sgr(color, 2, 22),
  logLine: (s) => {
    const line = safeLogLine(s, color);
    // A colour the line leaves on must not tint what follows it.
    return color && line.includes('\x1b[') ? `${line}\x1b[0m` : line;
  },
});
