/**
 * cli/bin/world, the launcher npm links as `world`: it runs from a symlink, keeps Node from
 * loading NODE_EXTRA_CA_CERTS (a start-up cost world's own process has no use for), and gives
 * the variable back to the processes world starts.
 */
import { chmodSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { REPO_ROOT, cleanupTempDirs, layeredWorld, makeRepo, sh, tempDir } from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

const LAUNCHER = join(REPO_ROOT, 'cli/bin/world');

describe('the world launcher', () => {
  test('runs through a symlink, as node_modules/.bin/world does', () => {
    const repo = makeRepo(layeredWorld());
    const bin = join(tempDir('world-bin-'), 'world');
    symlinkSync(LAUNCHER, bin);
    const r = sh(repo.dir, bin, ['resolve', 'libs/money/src/money.c']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('money\t//libs/money');
  });

  test('Node does not load NODE_EXTRA_CA_CERTS, and git, run by world, still sees it', () => {
    const repo = makeRepo(layeredWorld());
    // Node warns on stderr when it loads a bundle that is not there: a warning means it was loaded.
    const missingBundle = join(repo.dir, 'no-such-bundle.pem');
    expect(sh(repo.dir, process.execPath, ['-e', '0'], { NODE_EXTRA_CA_CERTS: missingBundle }).stderr).toContain('extra certs');

    // An ssh "transport" that records its environment: git runs it for an ssh:// clone.
    const dir = tempDir('world-ssh-');
    const envFile = join(dir, 'env');
    const fakeSsh = join(dir, 'ssh');
    writeFileSync(fakeSsh, `#!/bin/sh\nenv > '${envFile}'\nexit 1\n`);
    chmodSync(fakeSsh, 0o755);
    const r = sh(repo.dir, LAUNCHER, ['clone', 'ssh://example.invalid/world.git', join(dir, 'clone'), '--project', 'money'], {
      NODE_EXTRA_CA_CERTS: missingBundle,
      GIT_SSH_COMMAND: fakeSsh,
    });
    expect(r.code).not.toBe(0); // the fake transport refuses
    expect(r.stderr).not.toContain('extra certs');
    const seen = readFileSync(envFile, 'utf8').split('\n');
    expect(seen).toContain(`NODE_EXTRA_CA_CERTS=${missingBundle}`);
    expect(seen.some((l) => l.startsWith('WORLD_NODE_EXTRA_CA_CERTS='))).toBe(false);
  });
});
