/** Nix's structured log → events: recorded Nix 2.8 output and the messages world must not miss. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { NixLogParser, stripAnsi, type NixLogEvent } from '@world/nix';

const parse = (lines: readonly string[]): NixLogEvent[] => {
  const p = new NixLogParser();
  return lines.flatMap((l) => p.push(l));
};
const msg = (level: number, text: string) => `@nix ${JSON.stringify({ action: 'msg', level, msg: text })}`;

describe('NixLogParser', () => {
  test('a recorded --keep-going run: starts, log lines, the failed builder and the dependent that never ran', () => {
    const lines = readFileSync(join(__dirname, '../fixtures/nix-2.8-keep-going.log'), 'utf8').split('\n');
    const events = parse(lines);
    const a = '/nix/store/g09ajpqvkmz4s1n5c4yn25akngyxgmia-a.drv';
    const b = '/nix/store/rxq2jimpki3975h97bn5k4abv77qn4hl-b.drv';
    const e = '/nix/store/qf7dmj73zys5sjcz3ji99dvzfywpj7s4-e.drv';
    expect(events.filter((x) => x.type === 'build-started').map((x) => (x as { drv: string }).drv)).toEqual([b, a, '/nix/store/as21p6q2q5zvivzd21x4mrirgng410rh-f.drv']);
    expect(events).toContainEqual({ type: 'build-log', drv: a, line: 'a-start' });
    expect(events).toContainEqual({ type: 'build-log', drv: b, line: 'b-done' });
    expect(events).toContainEqual({ type: 'build-failed', drv: a, message: `builder for '${a}' failed with exit code 1` });
    expect(events).toContainEqual(expect.objectContaining({ type: 'dependencies-failed', drv: e }));
    // The closing "build of … failed" line is no news, and not an error of Nix itself.
    expect(events.filter((x) => x.type === 'error')).toEqual([]);
  });

  test("Nix's own errors, warnings and noise", () => {
    expect(parse([msg(0, "\u001b[31;1merror:\u001b[0m bad machine specification: failed to convert column #3 in a row: 'ssh://x x86_64-linux - n' to 'unsigned int'")])).toEqual([
      { type: 'error', message: "bad machine specification: failed to convert column #3 in a row: 'ssh://x x86_64-linux - n' to 'unsigned int'" },
    ]);
    expect(parse([msg(0, "cannot build on 'ssh://nix@farm-1.invalid': \u001b[31;1merror:\u001b[0m cannot connect")])).toEqual([
      { type: 'warning', message: "cannot build on 'ssh://nix@farm-1.invalid': error: cannot connect" },
    ]);
    expect(parse([msg(1, "warning: the substitute for '/nix/store/x-a' from 'file:///c' is not signed by any of the keys in 'trusted-public-keys'")])).toEqual([
      { type: 'warning', message: "the substitute for '/nix/store/x-a' from 'file:///c' is not signed by any of the keys in 'trusted-public-keys'" },
    ]);
    expect(parse([msg(1, "warning: you did not specify '--add-root'; the result might be removed by the garbage collector")])).toEqual([]);
    expect(parse([msg(0, "(use '--show-trace' to show detailed location information)"), msg(3, 'these 2 derivations will be built:'), 'not json', '@nix {oops', '@nix null'])).toEqual([]);
  });

  test('a remote build names its machine; a substitution names its path', () => {
    const start = `@nix ${JSON.stringify({ action: 'start', id: 7, level: 3, type: 105, fields: ['/nix/store/abc-app-build.drv', 'ssh://builder', 1, 1] })}`;
    const sub = `@nix ${JSON.stringify({ action: 'start', id: 8, level: 4, type: 108, fields: ['/nix/store/abc-app-build', 'file:///c'] })}`;
    expect(parse([start, sub])).toEqual([
      { type: 'build-started', drv: '/nix/store/abc-app-build.drv', machine: 'ssh://builder' },
      { type: 'substituting', path: '/nix/store/abc-app-build' },
    ]);
  });

  test('a recorded ssh-ng:// build: one start on the builder, the remote daemon\'s own activity carries the log, its warnings stay warnings', () => {
    const events = parse(readFileSync(join(__dirname, '../fixtures/nix-2.8-ssh-ng.log'), 'utf8').split('\n'));
    const drv = '/nix/store/cqia56hc36j759zw7wdklb5crjsx0k27-ng-probe.drv';
    expect(events.filter((x) => x.type === 'build-started')).toEqual([{ type: 'build-started', drv, machine: 'ssh-ng://root@127.0.0.1' }]);
    expect(events.filter((x) => x.type === 'build-log').map((x) => (x as { line: string }).line)).toEqual([expect.stringMatching(/^probe-\d+$/)]);
    // The builder's failed downloads from cache.nixos.org arrive at level 0: warnings, not errors of Nix.
    expect(events.filter((x) => x.type === 'error')).toEqual([]);
    expect(events.filter((x) => x.type === 'warning').length).toBeGreaterThan(0);
  });

  test('log lines and messages carry no terminal escapes', () => {
    const start = `@nix ${JSON.stringify({ action: 'start', id: 1, type: 105, fields: ['/nix/store/x-a-build.drv', ''] })}`;
    const line = `@nix ${JSON.stringify({ action: 'result', id: 1, type: 101, fields: ['\u001b[31mred\u001b[0m \u001b[2Kdone'] })}`;
    expect(parse([start, line])[1]).toEqual({ type: 'build-log', drv: '/nix/store/x-a-build.drv', line: 'red done' });
    expect(stripAnsi('\u001b[1;32m✓\u001b[0m ok\u001b[?25l')).toBe('✓ ok');
  });
});
