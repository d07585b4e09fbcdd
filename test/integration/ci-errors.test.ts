/**
 * Bad input to `world ci` — a broken GitHub event, a shard or timings file that makes no
 * sense, a report directory or step summary that cannot be written — stops it before any
 * build with `error[CODE]` and a `hint:` and the documented exit code (2 usage, 4
 * environment), never a JavaScript stack trace; with --json, as one JSON object on stdout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORLD_BIN, cleanupTempDirs, makeRepo, nonce, sh, tempDir, type RunResult, type TestRepo } from '../helpers/world-fixture.js';
import { hasStackTrace, queueWorld } from '../helpers/ci-run.js';

const USAGE = 2;
const ENVIRONMENT = 4;

interface Case {
  name: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  code: string;
  exit: number;
  message: RegExp;
}

describe('world ci refuses bad input with a code and a hint', () => {
  let repo: TestRepo;
  let dir: string;
  const file = (name: string, content: string): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  beforeAll(() => {
    repo = makeRepo(queueWorld(nonce()));
    dir = tempDir('world-ci-input-');
  });
  afterAll(cleanupTempDirs);

  const run = (c: Case, json: boolean): RunResult =>
    sh(repo.dir, process.execPath, [WORLD_BIN, 'ci', ...c.args, ...(json ? ['--json'] : [])], {
      CI: 'true',
      GITHUB_STEP_SUMMARY: '',
      GITHUB_EVENT_NAME: '',
      GITHUB_EVENT_PATH: '',
      ...c.env,
    });

  const sha = 'a'.repeat(40);
  const event = (name: string, payload: string) => ({ GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: file(`${nonce()}.json`, payload) });
  const reportDir = () => ['--report-dir', join(tempDir('world-report-'), 'out')];

  const cases = (): Case[] => {
    const eventCase = (name: string, env: NodeJS.ProcessEnv, message: RegExp): Case => ({ name, args: reportDir(), env, code: 'CI_EVENT_INVALID', exit: ENVIRONMENT, message });
    const shardCase = (value: string): Case => ({ name: `--shard ${value}`, args: [...reportDir(), '--base', 'HEAD', '--shard', value], code: 'USAGE', exit: USAGE, message: /--shard/ });
    const timingsCase = (name: string, path: string, message: RegExp): Case => ({ name, args: [...reportDir(), '--base', 'HEAD', '--shard', '1/2', '--timings', path], code: 'TIMINGS_INVALID', exit: USAGE, message });
    const aFile = file('a-file', 'not a directory\n');
    return [
      eventCase('pull_request event that is `null`', event('pull_request', 'null'), /payload is null, not an object/),
      eventCase('merge_group event that is `null`', event('merge_group', 'null'), /payload is null/),
      eventCase('event file missing', { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: join(dir, 'no-such.json') }, /no such file/),
      eventCase('event path is a directory', { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: dir }, /cannot be read \(EISDIR\)/),
      eventCase('event not JSON', event('pull_request', '{"pull_request": '), /not JSON/),
      eventCase('event an array', event('pull_request', '[]'), /an array, not an object/),
      eventCase('event a number', event('merge_group', '42'), /a number, not an object/),
      eventCase('pull_request missing', event('pull_request', '{"action": "opened"}'), /pull_request is missing/),
      eventCase('pull_request null', event('pull_request', '{"pull_request": null}'), /pull_request is null/),
      eventCase('pull_request.base a string', event('pull_request', `{"pull_request": {"base": "main", "head": {"sha": "${sha}"}}}`), /pull_request\.base is "main"/),
      eventCase('base.sha a number', event('pull_request', `{"pull_request": {"base": {"sha": 5}, "head": {"sha": "${sha}"}}}`), /pull_request\.base\.sha is 5/),
      eventCase('head.sha abbreviated', event('pull_request', `{"pull_request": {"base": {"sha": "${sha}"}, "head": {"sha": "abc1234"}}}`), /pull_request\.head\.sha is "abc1234", not a full commit id/),
      eventCase('head.sha an option', event('pull_request_target', `{"pull_request": {"base": {"sha": "${sha}"}, "head": {"sha": "--upload-pack=touch /tmp/x"}}}`), /not a full commit id/),
      eventCase('merge_group without head_sha', event('merge_group', `{"merge_group": {"base_sha": "${sha}", "head_ref": "refs/heads/q"}}`), /merge_group\.head_sha is missing/),
      eventCase('merge_group a list', event('merge_group', '{"merge_group": []}'), /merge_group is \[\], not an object/),
      shardCase('1/99999999999999999999'),
      shardCase('0/2'),
      shardCase('3/2'),
      shardCase('a/b'),
      timingsCase('--timings not JSON', file('t1.json', 'duration: 5'), /--timings .*t1\.json: not JSON/),
      timingsCase('--timings an array', file('t2.json', '[{"id": "lib:build", "durationMs": 4}]'), /an array, not an object/),
      timingsCase('--timings a map of strings', file('t3.json', '{"lib:build": "fast"}'), /duration of lib:build is "fast"/),
      timingsCase('--timings negative', file('t4.json', '{"targets": [{"id": "lib:build", "durationMs": -1}]}'), /duration of lib:build is -1/),
      timingsCase('--timings NaN', file('t5.json', '{"lib:build": "NaN"}'), /is "NaN"/),
      timingsCase('--timings infinite', file('t6.json', '{"lib:build": 1e400}'), /is Infinity/),
      timingsCase('--timings missing', join(dir, 'none.json'), /no such file/),
      timingsCase('--timings a directory', dir, /cannot be read \(EISDIR\)/),
      { name: '--report-dir a file', args: ['--base', 'HEAD', '--report-dir', aFile], code: 'USAGE', exit: USAGE, message: /--report-dir .* cannot be a directory: it is a file/ },
      { name: '--report-dir below a file', args: ['--base', 'HEAD', '--report-dir', join(aFile, 'sub')], code: 'USAGE', exit: USAGE, message: /a file is in the way/ },
      { name: 'GITHUB_STEP_SUMMARY a directory', args: [...reportDir(), '--base', 'HEAD'], env: { GITHUB_STEP_SUMMARY: dir }, code: 'REPORT_WRITE_FAILED', exit: ENVIRONMENT, message: /GITHUB_STEP_SUMMARY .* \(EISDIR\)/ },
      { name: 'GITHUB_STEP_SUMMARY in a missing directory', args: [...reportDir(), '--base', 'HEAD'], env: { GITHUB_STEP_SUMMARY: join(dir, 'gone', 'summary.md') }, code: 'REPORT_WRITE_FAILED', exit: ENVIRONMENT, message: /\(ENOENT\)/ },
    ];
  };

  it('as text: exit code, `world: error[CODE]:` and a hint on stderr, nothing on stdout, no stack trace', () => {
    for (const c of cases()) {
      const r = run(c, false);
      expect(r.code, `${c.name}: ${r.stderr}`).toBe(c.exit);
      expect(hasStackTrace(r), `${c.name}: stack trace\n${r.stderr}`).toBe(false);
      expect(r.stdout, c.name).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines[0], c.name).toMatch(new RegExp(`^world: error\\[${c.code}\\]: `));
      expect(lines[0], c.name).toMatch(c.message);
      expect(lines[1], c.name).toMatch(/^ {2}hint: \S/);
    }
  });

  it('with --json: one JSON object {"error": {code, message, hint}} on stdout, the same exit code, no stack trace', () => {
    for (const c of cases()) {
      const r = run(c, true);
      expect(r.code, `${c.name}: ${r.stdout}${r.stderr}`).toBe(c.exit);
      expect(hasStackTrace(r), `${c.name}: stack trace`).toBe(false);
      const out = JSON.parse(r.stdout) as { error: { code: string; message: string; hint: string } };
      expect(Object.keys(out), c.name).toEqual(['error']);
      expect(Object.keys(out.error).sort(), c.name).toEqual(['code', 'hint', 'message']);
      expect(out.error.code, c.name).toBe(c.code);
      expect(out.error.message, c.name).toMatch(c.message);
      expect(out.error.hint.length, c.name).toBeGreaterThan(0);
    }
  });
});
