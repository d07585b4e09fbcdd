/**
 * Builds on a real remote builder (sshd on localhost, see helpers/ssh-builder.ts): with -j 0
 * every target is built there and its log streams back; a dead builder is a clear error that
 * names it (-j 0) or a warning and a local build (default); `world doctor` checks builders.
 * This is the build-farm recipe of the README, run.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WORLD_BIN, cleanupTempDirs, makeRepo, nonce, type BuildJson, type Files, type TestRepo } from '../helpers/world-fixture.js';
import { startSshBuilder, type SshBuilder } from '../helpers/ssh-builder.js';

let builder: SshBuilder;
beforeAll(async () => {
  builder = await startSshBuilder();
});
afterAll(() => {
  builder?.stop();
  cleanupTempDirs();
});

const world = (builders: string): Files => ({
  'world.yaml': `name: farm\nnix:\n  hostPath: [/usr/local/bin, /usr/bin, /bin]\n  builders: [${JSON.stringify(builders)}]\n`,
  'lib/project.yaml': 'name: lib\nmodules: [command]\nconfig:\n  command.build: |\n    echo "building lib remotely"\n    mkdir -p "$out" && cat value.txt > "$out/value"\n',
  'lib/value.txt': `${nonce()}\n`,
  'app/project.yaml': 'name: app\ndeps: [lib]\nmodules: [command]\nconfig:\n  command.build: mkdir -p "$out" && cat "$WORLD_DEPS/lib/build/value" > "$out/value"\n  command.test: test -s "$WORLD_DEPS/lib/build/value"\n',
  'app/salt.txt': `${nonce()}\n`,
});

const run = (repo: TestRepo, args: string[], env: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(process.execPath, [WORLD_BIN, ...args], { cwd: repo.dir, encoding: 'utf8', env: { ...process.env, NODE_ENV: undefined, CI: 'true', NO_COLOR: '1', ...builder.env, ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};

describe('a remote builder over ssh://', () => {
  test('with -j 0 every target is built on the builder, its log streams back, its outputs arrive in the local store', () => {
    const repo = makeRepo(world(builder.spec));
    const before = builder.sessions().filter((s) => s.startsWith('nix-store --serve')).length;
    const r = run(repo, ['test', '-j', '0', '--json']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const json = JSON.parse(r.stdout) as BuildJson;
    expect(json.targets.map((t) => [t.id, t.status, t.machine])).toEqual([['app:test', 'built', builder.uri]]);
    expect(builder.sessions().filter((s) => s.startsWith('nix-store --serve --write')).length).toBeGreaterThan(before);
    // The dependency was built there too, and its output is a valid local path.
    const b = run(repo, ['build', '-j', '0', '--json']);
    const built = JSON.parse(b.stdout) as BuildJson;
    expect(built.targets.every((t) => t.status === 'cached')).toBe(true);
    expect(readFileSync(join(built.targets.find((t) => t.id === 'lib:build')!.out, 'value'), 'utf8')).toMatch(/\d/);
    const log = run(repo, ['log', 'lib:build']);
    expect(log.stdout).toContain('building lib remotely');
  });

  test('over ssh-ng:// (nix-daemon --stdio on the builder) too, and world doctor checks it the same way', () => {
    const ng = builder.spec.replace(/^ssh:/, 'ssh-ng:');
    const repo = makeRepo(world(ng));
    const before = builder.sessions().filter((s) => s.startsWith('nix-daemon --stdio')).length;
    const r = run(repo, ['test', '-j', '0', '--json']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const json = JSON.parse(r.stdout) as BuildJson;
    expect(json.targets.map((t) => [t.id, t.status, t.machine])).toEqual([['app:test', 'built', builder.uri.replace(/^ssh:/, 'ssh-ng:')]]);
    expect(builder.sessions().filter((s) => s.startsWith('nix-daemon --stdio')).length).toBeGreaterThan(before);
    expect(run(repo, ['log', 'lib:build']).stdout).toContain('building lib remotely');
    const doctor = run(repo, ['doctor', '--json']);
    const finding = (JSON.parse(doctor.stdout) as { findings: { check: string; status: string; message: string }[] }).findings.find((f) => f.check === 'builders')!;
    expect(finding).toMatchObject({ status: 'ok' });
    expect(finding.message).toContain('ssh-ng://root@127.0.0.1');
  });

  test('a dead builder with -j 0: exit 4, naming the builder; without -j: a warning naming it and a local build', () => {
    const repo = makeRepo(world('ssh://root@127.0.0.1 x86_64-linux'));
    const dead = { NIX_SSHOPTS: '-p 1 -o BatchMode=yes -o ConnectTimeout=5' };
    const farmOnly = run(repo, ['build', '-j', '0'], dead);
    expect(farmOnly.code, farmOnly.stderr).toBe(4);
    expect(farmOnly.stderr).toContain("cannot build on 'ssh://root@127.0.0.1'");
    expect(farmOnly.stderr).toMatch(/unable to start any build/);
    const fallback = run(repo, ['build', '--json'], dead);
    expect(fallback.code, fallback.stderr).toBe(0);
    const json = JSON.parse(fallback.stdout) as BuildJson;
    expect(json.targets.every((t) => t.status === 'built' && t.machine === undefined)).toBe(true);
    expect(json.warnings.join('\n')).toContain("cannot build on 'ssh://root@127.0.0.1'");
  });

  test('world doctor checks each builder: reachable, nix-store --serve answers, its system', () => {
    const repo = makeRepo(world(builder.spec));
    const ok = run(repo, ['doctor', '--json']);
    const findings = (JSON.parse(ok.stdout) as { findings: { check: string; status: string; message: string }[] }).findings.filter((f) => f.check === 'builders');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'ok' });
    expect(findings[0]!.message).toContain(builder.uri);
    const bad = run(repo, ['doctor', '--json'], { NIX_SSHOPTS: '-p 1 -o BatchMode=yes -o ConnectTimeout=5' });
    expect(bad.code).toBe(4);
    const failed = (JSON.parse(bad.stdout) as { findings: { check: string; status: string; message: string; fix?: string }[] }).findings.find((f) => f.check === 'builders')!;
    expect(failed.status).toBe('fail');
    expect(failed.message).toContain(builder.uri);
    expect(failed.fix).toBeTruthy();
  });
});
