/**
 * Verdicts come from each target's own fate: a failure is blamed on the target whose builder
 * failed, at the moment it fails; a skip names only failed targets of its own closure; without
 * --keep-going the rest are "cancelled" or "not started", never "failed"; a run is green only
 * when every target is cached or built, and Nix failing as a whole is red, with its message.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cleanupTempDirs, makeRepo, nonce, tempDir, type BuildJson, type Files } from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

const WORLD_YAML = 'name: verdicts\nnix:\n  hostPath: [/usr/local/bin, /usr/bin, /bin]\n';

const commandProject = (name: string, lines: Record<string, string>, deps: string[] = []): Files => ({
  [`${name}/project.yaml`]: [
    `name: ${name}`,
    `deps: [${deps.join(', ')}]`,
    'modules: [command]',
    'config:',
    ...Object.entries(lines).flatMap(([k, v]) => [`  command.${k}: |`, ...v.split('\n').map((l) => `    ${l}`)]),
    '',
  ].join('\n'),
  [`${name}/salt.txt`]: `${nonce()}\n`,
});

const byId = (json: BuildJson) => Object.fromEntries(json.targets.map((t) => [t.id, t]));

describe('three independent tests, one failing at once', () => {
  const files = (): Files => ({
    'world.yaml': WORLD_YAML,
    ...commandProject('a', { test: 'echo failing-a\nexit 1' }),
    ...commandProject('b', { test: 'sleep 2\necho ok-b' }),
    ...commandProject('c', { test: 'echo ok-c' }),
  });

  test('without -k: only a failed; what was running is cancelled, what never ran not started; a log for what ran', () => {
    const repo = makeRepo(files());
    const r = repo.worldJson<BuildJson>('test', '-j', '3');
    expect(r.code).toBe(1);
    const t = byId(r.json);
    expect(t['a:test']!.status).toBe('failed');
    expect(t['a:test']!.cause).toEqual({ reason: 'builder-failed', message: 'its command failed (exit 1)' });
    expect(t['a:test']!.logTail).toContain('failing-a');
    expect(t['b:test']!.status).toBe('cancelled');
    expect(t['b:test']!.cause).toEqual({ reason: 'stopped-after-failure', failed: ['a:test'] });
    // c is instant: it may finish before a's failure stops the run, but it never "failed".
    expect(['built', 'cancelled', 'not-started']).toContain(t['c:test']!.status);
    expect(r.json.summary.ok).toBe(false);
    expect(r.json.summary.failed).toBe(1);

    const log = repo.world('log', 'a:test');
    expect(log.code).toBe(0);
    expect(log.stdout).toContain('failing-a');
    // b ran: there is a log for it (empty so far: it was stopped in its sleep), not an error.
    expect(repo.world('log', 'b:test').code).toBe(0);
  });

  test('with -k: each result comes from its own builder, and an instant failure is not timed by the slowest build', () => {
    const repo = makeRepo(files());
    const r = repo.worldJson<BuildJson>('test', '-k', '-j', '3');
    expect(r.code).toBe(1);
    const t = byId(r.json);
    expect([t['a:test']!.status, t['b:test']!.status, t['c:test']!.status]).toEqual(['failed', 'built', 'built']);
    expect(t['b:test']!.durationMs).toBeGreaterThanOrEqual(2000);
    expect(t['a:test']!.durationMs).toBeLessThan(t['b:test']!.durationMs! - 1000);
  });

  test('a skip names only the failed targets in its own closure', () => {
    const repo = makeRepo({
      'world.yaml': WORLD_YAML,
      ...commandProject('broken', { build: 'echo cannot build\nexit 3' }),
      ...commandProject('user', { build: 'mkdir -p "$out"' }, ['broken']),
      ...commandProject('top', { build: 'mkdir -p "$out"' }, ['user']),
      ...commandProject('alone', { build: 'exit 1' }),
      ...commandProject('fine', { build: 'mkdir -p "$out"' }),
    });
    const r = repo.worldJson<BuildJson>('build', '-k');
    expect(r.code).toBe(1);
    const t = byId(r.json);
    expect(t['broken:build']!.status).toBe('failed');
    expect(t['alone:build']!.status).toBe('failed');
    expect(t['user:build']!.cause).toEqual({ reason: 'dependency-failed', failed: ['broken:build'] });
    expect(t['top:build']!.status).toBe('skipped');
    expect(t['top:build']!.cause).toEqual({ reason: 'dependency-failed', failed: ['broken:build'] });
    expect(t['fine:build']!.status).toBe('built');
    expect(r.json.summary).toMatchObject({ total: 5, failed: 2, skipped: 2, built: 1, ok: false });
  });
});

describe('world ci when Nix fails before building anything', () => {
  test('red, exit 4, with Nix\'s message in the terminal, report.json, summary.md and junit.xml', () => {
    const repo = makeRepo({ 'world.yaml': WORLD_YAML, ...commandProject('app', { build: 'mkdir -p "$out"', test: 'true' }) });
    // A builder that cannot be reached and no local builds (-j 0): Nix cannot start anything.
    repo.commit('builders', { 'world.yaml': `${WORLD_YAML}  builders: ['ssh://nix@farm-1.invalid x86_64-linux']\n`, 'app/change.txt': 'x\n' });
    const reportDir = join(tempDir(), 'reports');
    const r = repo.world('ci', '--base', 'HEAD~1', '--report-dir', reportDir, '-j', '0');
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain("cannot build on 'ssh://nix@farm-1.invalid'");
    expect(r.stderr).toMatch(/unable to start any build/);
    const report = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')) as { verdict: string; nixErrors: string[]; targets: { status: string }[] };
    expect(report.verdict).toBe('fail');
    expect(report.nixErrors.join('\n')).toMatch(/unable to start any build/);
    expect(report.targets.every((t) => t.status === 'not-started')).toBe(true);
    expect(readFileSync(join(reportDir, 'summary.md'), 'utf8')).toMatch(/❌ \*\*Nix failed/);
    const junit = readFileSync(join(reportDir, 'junit.xml'), 'utf8');
    expect(junit).not.toMatch(/<testsuites[^>]* failures="0"/);
    expect(junit).toMatch(/unable to start any build/);
  });
});

describe('failures in reports', () => {
  test('a failing test keeps its own JUnit cases, a failed build is in junit.xml, and logs carry no terminal escapes', () => {
    const junitXml = [
      '<?xml version="1.0"?>',
      '<testsuites><testsuite name="unit" tests="2" failures="1">',
      '<testcase name="adds" classname="unit"/>',
      '<testcase name="subtracts" classname="unit"><failure message="2 - 1 != 3"/></testcase>',
      '</testsuite></testsuites>',
    ].join('');
    const repo = makeRepo({
      'world.yaml': WORLD_YAML,
      ...commandProject('calc', { build: 'mkdir -p "$out"', test: `printf '%s' '${junitXml}' > "$out/junit.xml"\nprintf '\\033[31mred failure\\033[0m\\n'\necho "$PWD/x.txt:3:1: broken here"\nexit 1` }),
      ...commandProject('broken', { build: 'echo broken build\nexit 2' }),
    });
    repo.commit('change', { 'calc/x.txt': '1\n', 'broken/x.txt': '1\n' });
    const reportDir = join(tempDir(), 'reports');
    const r = repo.world('ci', '--base', 'HEAD~1', '--report-dir', reportDir);
    expect(r.code, r.stderr).toBe(1);
    const junit = readFileSync(join(reportDir, 'junit.xml'), 'utf8');
    expect(junit).toContain('name="adds"');
    expect(junit).toContain('name="subtracts"');
    expect(junit).toContain('2 - 1 != 3');
    expect(junit).toMatch(/name="broken:build"[^>]*>\s*<failure/);
    const report = readFileSync(join(reportDir, 'report.json'), 'utf8');
    expect(report).toContain('red failure');
    // The builder's directory is gone after the build: the log names the repository file.
    expect(report).toContain('calc/x.txt:3:1: broken here');
    expect(report).not.toContain('nix-build-calc-test');
    expect(report).not.toContain('\\u001b');
    const json = repo.worldJson<BuildJson>('test', 'calc');
    expect(JSON.stringify(json.json)).not.toContain('\\u001b');
  });
});
