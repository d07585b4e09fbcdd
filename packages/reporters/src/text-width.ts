/**
 * How wide text is on a terminal, and text cut to a width, counting what the terminal shows:
 * escape sequences take no columns, East Asian wide characters and emoji take two,
 * combining marks none. Good enough for the status line, which must never wrap: a wrapped
 * line cannot be redrawn in place and leaves stale copies behind.
 */

// CSI (colours, cursor moves), OSC (titles, links; ended by BEL or ST), and the short ones (ESC c, ESC 7, ESC ( B).
// eslint-disable-next-line no-control-regex
export const ESCAPE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -/]*[0-~]/g;
/** A colour (Select Graphic Rendition) sequence, the one kind of escape world's own lines use. */
// eslint-disable-next-line no-control-regex
export const SGR = /^\x1b\[[0-9;]*m$/;

/** Text without terminal escape sequences. */
export const stripEscapes = (s: string): string => s.replace(ESCAPE, '');

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]$/u;
const EMOJI = /^\p{Emoji_Presentation}$/u;

/** East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth.txt, the large ranges). */
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

/** Columns one character (a code point) takes. */
export const charWidth = (ch: string): number => {
  if (ZERO_WIDTH.test(ch)) return 0;
  const cp = ch.codePointAt(0)!;
  if (EMOJI.test(ch)) return 2;
  for (const [lo, hi] of WIDE) if (cp >= lo && cp <= hi) return 2;
  return 1;
};

/** Columns `s` takes on a terminal. */
export const displayWidth = (s: string): number => {
  let width = 0;
  for (const ch of stripEscapes(s)) width += charWidth(ch);
  return width;
};

/** `s` as what a terminal sees: escape sequences (width 0) and characters, in order. */
function* atoms(s: string): Generator<{ text: string; width: number; escape: boolean }> {
  const escapes = new RegExp(ESCAPE.source, 'y');
  let i = 0;
  while (i < s.length) {
    escapes.lastIndex = i;
    const esc = escapes.exec(s);
    if (esc) {
      yield { text: esc[0], width: 0, escape: true };
      i += esc[0].length;
      continue;
    }
    const ch = String.fromCodePoint(s.codePointAt(i)!);
    yield { text: ch, width: charWidth(ch), escape: false };
    i += ch.length;
  }
}

/**
 * `s` cut to at most `columns` columns, ending in `…` when cut. Colour sequences are kept
 * whole (never cut in half) and, when any was kept, the cut text ends with a reset.
 */
export const fitToWidth = (s: string, columns: number): string => {
  if (displayWidth(s) <= columns) return s;
  if (columns <= 0) return '';
  const room = columns - 1; // for the ellipsis
  let out = '';
  let width = 0;
  let coloured = false;
  for (const a of atoms(s)) {
    if (a.escape) {
      if (SGR.test(a.text)) {
        out += a.text;
        coloured = true;
      }
      continue;
    }
    if (width + a.width > room) break;
    out += a.text;
    width += a.width;
  }
  return `${out}…${coloured ? '\x1b[0m' : ''}`;
};

/**
 * `s` broken at spaces into lines of at most `columns` columns, the later ones indented by
 * `indent`; a word longer than a line is cut where the line ends. For world's own lines on a
 * terminal, which the terminal's wrapping would break anywhere.
 */
export const wrapToWidth = (s: string, columns: number, indent = '  '): string[] => {
  if (displayWidth(s) <= columns) return [s];
  const indentWidth = displayWidth(indent);
  const lines: string[] = [];
  let line = '';
  let width = 0;
  let atStart = true;
  const newLine = () => {
    lines.push(line.replace(/ +$/, ''));
    line = indent;
    width = indentWidth;
    atStart = true;
  };
  for (const word of s.split(' ')) {
    const w = displayWidth(word);
    const gap = atStart ? 0 : 1;
    if (width + gap + w > columns && !atStart && indentWidth + w <= columns) newLine();
    else if (gap) {
      line += ' ';
      width += 1;
    }
    for (const a of atoms(word)) {
      if (width + a.width > columns) newLine();
      line += a.text;
      width += a.width;
    }
    atStart = false;
  }
  lines.push(line);
  return lines;
};
