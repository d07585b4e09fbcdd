/**
 * Shared caches: what reaches Nix from world.yaml's nix settings, and how the signing key
 * for `nix.push` is found and checked — before any Nix process runs.
 */
import { mkdtempSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseWorldConfig, type NixSettings } from '@world/config';
import { nixOptions, readSigningKey, secretKeyProblem, signingKeySource } from '@world/nix';
import { errorOf } from '../helpers/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'world-push-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const nixOf = (yaml: string): NixSettings => parseWorldConfig(`name: w\nnix:\n${yaml}`).nix;
const option = (args: string[], name: string): string | undefined => {
  const i = args.findIndex((a, k) => a === '--option' && args[k + 1] === name);
  return i < 0 ? undefined : args[i + 2];
};

// A real key pair's shape: 64 bytes of secret key data, 32 of public.
const SECRET = `cache.example.org-1:${Buffer.alloc(64, 7).toString('base64')}`;
const PUBLIC = `cache.example.org-1:${Buffer.alloc(32, 7).toString('base64')}`;

describe('what reaches Nix', () => {
  test('substituters, trusted keys and builders become --option arguments; no default substituter', () => {
    const args = nixOptions(nixOf('  substituters: [file:///srv/cache, https://cache.example.org]\n  trustedPublicKeys: [k-1:abc=]\n  builders: ["ssh://farm x86_64-linux", "ssh://farm2"]\n'));
    expect(option(args, 'substituters')).toBe('file:///srv/cache https://cache.example.org');
    expect(option(args, 'trusted-public-keys')).toBe('k-1:abc=');
    expect(option(args, 'builders')).toBe('ssh://farm x86_64-linux ; ssh://farm2');
    expect(option(args, 'require-sigs')).toBeUndefined();
    expect(option(nixOptions(nixOf('  lib: builtin\n')), 'substituters')).toBe('');
  });

  test('signatures are required unless the world opted into unsigned caches and trusts no key', () => {
    expect(option(nixOptions(nixOf('  substituters: [file:///c]\n  pushUnsigned: true\n')), 'require-sigs')).toBe('false');
    expect(option(nixOptions(nixOf('  substituters: [file:///c]\n')), 'require-sigs')).toBeUndefined();
    expect(option(nixOptions(nixOf('  substituters: [file:///c]\n  pushUnsigned: true\n  trustedPublicKeys: [k-1:abc=]\n')), 'require-sigs')).toBeUndefined();
    expect(option(nixOptions(nixOf('  pushUnsigned: true\n')), 'require-sigs')).toBeUndefined();
  });
});

describe('the signing key', () => {
  test('a file relative to the world root, an absolute file, or env:VARIABLE', () => {
    expect(signingKeySource(nixOf('  push: file:///c\n  signingKey: keys/cache.sec\n'), '/w')).toEqual({ kind: 'file', path: '/w/keys/cache.sec', setting: 'keys/cache.sec' });
    expect(signingKeySource(nixOf('  push: file:///c\n  signingKey: /run/secrets/k\n'), '/w')).toMatchObject({ kind: 'file', path: '/run/secrets/k' });
    expect(signingKeySource(nixOf('  push: file:///c\n  signingKey: env:CACHE_KEY\n'), '/w')).toEqual({ kind: 'env', variable: 'CACHE_KEY', setting: 'env:CACHE_KEY' });
    expect(signingKeySource(nixOf('  push: file:///c\n  pushUnsigned: true\n'), '/w')).toEqual({ kind: 'unsigned' });
  });

  test('no key and no opt-in to unsigned pushes is an error naming both settings', () => {
    const e = errorOf(() => signingKeySource(nixOf('  push: file:///c\n'), '/w'));
    expect(e.code).toBe('CACHE_PUSH_FAILED');
    expect(e.exitCode).toBe(4);
    expect(e.message).toContain('nix.signingKey');
    expect(e.hint).toContain('nix.pushUnsigned');
    expect(e.hint).toContain('--no-push');
    expect(errorOf(() => signingKeySource(nixOf('  push: file:///c\n  signingKey: "env:NOT A NAME"\n'), '/w')).message).toContain('environment variable');
  });

  test('keys are read from files and variables, and checked', () => {
    const file = join(dir, 'secret.key');
    writeFileSync(file, SECRET + '\n');
    expect(readSigningKey({ kind: 'file', path: file, setting: 'secret.key' })).toBe(SECRET);
    expect(readSigningKey({ kind: 'env', variable: 'K', setting: 'env:K' }, { K: SECRET })).toBe(SECRET);
    expect(readSigningKey({ kind: 'unsigned' })).toBeUndefined();

    const missing = errorOf(() => readSigningKey({ kind: 'file', path: join(dir, 'nope'), setting: 'nope' }));
    expect(missing.code).toBe('CACHE_PUSH_FAILED');
    expect(missing.message).toContain('nix.signingKey: nope');
    expect(missing.message).toContain('ENOENT');

    if (process.getuid?.() !== 0) {
      const unreadable = join(dir, 'unreadable.key');
      writeFileSync(unreadable, SECRET);
      chmodSync(unreadable, 0o000);
      expect(errorOf(() => readSigningKey({ kind: 'file', path: unreadable, setting: 'unreadable.key' })).message).toContain('EACCES');
    }

    const unset = errorOf(() => readSigningKey({ kind: 'env', variable: 'K', setting: 'env:K' }, {}));
    expect(unset.message).toContain('environment variable K');
    expect(unset.hint).toContain('export K');

    const pub = join(dir, 'public.key');
    writeFileSync(pub, PUBLIC);
    expect(errorOf(() => readSigningKey({ kind: 'file', path: pub, setting: 'public.key' })).message).toContain('public key');
  });

  test('what is and is not a secret key', () => {
    expect(secretKeyProblem(SECRET)).toBeUndefined();
    expect(secretKeyProblem(`${SECRET}\n`)).toBeUndefined();
    expect(secretKeyProblem(PUBLIC)).toContain('public key');
    expect(secretKeyProblem('not a key')).toContain('not a Nix signing key');
    expect(secretKeyProblem(`k:${Buffer.alloc(10).toString('base64')}`)).toContain('10 bytes');
  });
});
