/** Text on a terminal: display width, cutting and wrapping (escape-aware), colour choice and safe log lines. */
import { describe, expect, test } from 'vitest';
import { colorEnabled, displayWidth, fitToWidth, makeStyle, safeLogLine, stripEscapes, wrapToWidth } from '@world/reporters';

const RED = '\x1b[31m';
const RESET = '\x1b[39m';

describe('displayWidth', () => {
  test('counts what the terminal shows: escapes none, wide characters and emoji two, combining marks none', () => {
    expect(displayWidth('core:build 1.2 s')).toBe(16);
    expect(displayWidth(`${RED}failed${RESET}`)).toBe(6);
    expect(displayWidth('\x1b]0;a title\x07ok')).toBe(2);
    expect(displayWidth('\x1b]8;;https://example.invalid\x1b\\link\x1b]8;;\x1b\\')).toBe(4);
    expect(displayWidth('漢字')).toBe(4);
    expect(displayWidth('ｗｉｄｅ')).toBe(8);
    expect(displayWidth('✅ ok')).toBe(5);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('⠋ ✓ ✗ · …')).toBe(9);
  });
});

describe('fitToWidth', () => {
  const samples = [
    `⠙ building 3/8 · ${RED}1 failed${RESET} · 2 running: payments-reconciliation-service:build 1.2 s, web:build 300 ms`,
    'ascii only, long enough to be cut at any width we try here',
    '漢字の名前 with wide characters 漢字の名前 and ✅ emoji ✅ in it',
  ];

  test('never exceeds the width, at every width', () => {
    for (const s of samples) {
      for (let columns = 1; columns <= displayWidth(s) + 2; columns++) {
        const fitted = fitToWidth(s, columns);
        expect(displayWidth(fitted), `${JSON.stringify(fitted)} at ${columns}`).toBeLessThanOrEqual(columns);
        if (displayWidth(s) <= columns) expect(fitted).toBe(s);
        else expect(stripEscapes(fitted).endsWith('…')).toBe(true);
      }
    }
  });

  test('keeps colour sequences whole and resets the colour it cut', () => {
    const fitted = fitToWidth(`${RED}a long red text${RESET} and more`, 8);
    expect(fitted).toBe(`${RED}a long …\x1b[0m`);
  });

  test('drops cursor moves, which a status line must not carry', () => {
    expect(fitToWidth('ab\x1b[2Acdefghijkl', 5)).toBe('abcd…');
  });
});

describe('wrapToWidth', () => {
  test('breaks at spaces, indents the rest, and no line is wider than asked', () => {
    const line = '✗ broken-integration-adapter:build failed after 520 ms: its command failed (exit 3) — `world log broken-integration-adapter:build` prints its log';
    for (const columns of [20, 40, 79, 200]) {
      const lines = wrapToWidth(line, columns);
      for (const l of lines) expect(displayWidth(l), `${JSON.stringify(l)} at ${columns}`).toBeLessThanOrEqual(columns);
      expect(lines.slice(1).every((l) => l.startsWith('  '))).toBe(true);
      // Nothing is lost; where every word fits a line, only spaces became line breaks.
      expect(lines.join('').replace(/\s/g, '')).toBe(line.replace(/\s/g, ''));
      if (columns >= 40) expect(lines.map((l) => l.trim()).join(' ')).toBe(line);
    }
    expect(wrapToWidth('short', 80)).toEqual(['short']);
  });

  test('cuts a word longer than a line where the line ends', () => {
    const lines = wrapToWidth(`x ${'a'.repeat(25)} y`, 10);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(10);
    expect(lines.join('').replace(/ /g, '')).toBe(`x${'a'.repeat(25)}y`);
  });
});

describe('colour', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };

  test('a terminal gets colour, a pipe or a dumb terminal none', () => {
    expect(colorEnabled(tty, {})).toBe(true);
    expect(colorEnabled(pipe, {})).toBe(false);
    expect(colorEnabled(tty, { TERM: 'dumb' })).toBe(false);
  });

  test('NO_COLOR with any non-empty value turns it off; FORCE_COLOR turns it on; --color decides over both', () => {
    expect(colorEnabled(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled(tty, { NO_COLOR: '0' })).toBe(false);
    expect(colorEnabled(tty, { NO_COLOR: '' })).toBe(true);
    expect(colorEnabled(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled(pipe, { FORCE_COLOR: '' })).toBe(true);
    expect(colorEnabled(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorEnabled(tty, { NO_COLOR: '1' }, 'always')).toBe(true);
    expect(colorEnabled(pipe, { FORCE_COLOR: '1' }, 'never')).toBe(false);
  });

  test('without colour, a style writes no escape at all', () => {
    const plain = makeStyle(false);
    expect(plain.red('x') + plain.green('y') + plain.dim('z') + plain.logLine(`${RED}red${RESET}`)).toBe('xyzred');
    expect(makeStyle(true).red('x')).toBe(`${RED}x${RESET}`);
  });
});

describe('safeLogLine', () => {
  test('keeps the last state of a line redrawn with carriage returns, and turns tabs to spaces', () => {
    expect(safeLogLine('10%\r50%\r100%', false)).toBe('100%');
    expect(safeLogLine('done\r', false)).toBe('done');
    expect(safeLogLine('a\tb', false)).toBe('a  b');
  });

  test('drops cursor moves, titles, bells and other control characters; keeps colours only when asked', () => {
    const hostile = `ok\x1b[2J\x1b[1;1H\x1b]0;owned\x07\x07\x08${RED}red${RESET}\x1bc`;
    expect(safeLogLine(hostile, false)).toBe('okred');
    expect(safeLogLine(hostile, true)).toBe(`ok${RED}red${RESET}`);
  });
});
