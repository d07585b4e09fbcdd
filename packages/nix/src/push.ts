/**
 * Sharing outputs through a binary cache, with Nix's own machinery: the closure of the
 * outputs is signed in the local store (`nix store sign --recursive`) with the key
 * `nix.signingKey` names, then copied with `nix copy --to <nix.push>`, signatures included.
 *
 * The key comes from a file (relative to the world root) or from an environment variable
 * (`env:VAR`, whose value is the key text: it is written to a private temporary file for Nix
 * and removed afterwards). Unsigned pushes happen only with `nix.pushUnsigned: true`. A
 * missing or unreadable key, a key that is not a secret key, and a failed sign or copy are
 * errors (CACHE_PUSH_FAILED, exit 4) that name the setting to fix — never a silent fallback.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { WorldError } from '@world/core';
import type { NixSettings } from '@world/config';
import { nixOptions, runNix } from './nix-process.js';

/** `nix` subcommands (copy, store sign, show-derivation) are experimental in Nix 2.8. */
export const NIX_COMMAND = ['--extra-experimental-features', 'nix-command'];

/** Where the signing key comes from, as `nix.signingKey` says. */
export type SigningKeySource =
  | { kind: 'file'; path: string; setting: string }
  | { kind: 'env'; variable: string; setting: string }
  | { kind: 'unsigned' };

const SETTING_HINT =
  'set nix.signingKey in world.yaml to a secret key file (relative to the world root) or to env:VARIABLE holding the key; ' +
  'make one with `nix-store --generate-binary-cache-key <name> secret.key public.key`';

const pushError = (message: string, hint: string): WorldError => new WorldError('CACHE_PUSH_FAILED', message, { hint, location: { file: 'world.yaml' } });

/** What `nix.signingKey` / `nix.pushUnsigned` ask for. Pure: reads nothing. */
export const signingKeySource = (nix: NixSettings, worldRoot: string): SigningKeySource => {
  const setting = nix.signingKey?.trim();
  if (!setting) {
    if (nix.pushUnsigned) return { kind: 'unsigned' };
    throw pushError(`nix.push is set (${nix.push}) but nix.signingKey is not: world does not push unsigned paths unless told to`, `${SETTING_HINT}; or set nix.pushUnsigned: true to push unsigned paths; or skip the push with --no-push`);
  }
  if (setting.startsWith('env:')) {
    const variable = setting.slice(4);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
      throw pushError(`nix.signingKey ${JSON.stringify(setting)} does not name an environment variable`, 'write it as env:VARIABLE, e.g. env:WORLD_CACHE_KEY');
    }
    return { kind: 'env', variable, setting };
  }
  return { kind: 'file', path: isAbsolute(setting) ? setting : resolve(worldRoot, setting), setting };
};

/**
 * A Nix secret signing key: `<name>:<base64 of 64 bytes>` (what
 * `nix-store --generate-binary-cache-key` writes). Returns what is wrong, or undefined.
 */
export const secretKeyProblem = (text: string): string | undefined => {
  const m = /^([^:\s]+):([A-Za-z0-9+/]+={0,2})$/.exec(text.trim());
  if (!m) return 'it is not a Nix signing key (expected <name>:<base64>, as written by nix-store --generate-binary-cache-key)';
  const bytes = Buffer.from(m[2]!, 'base64').length;
  if (bytes === 32) return `it is the public key of ${m[1]}; nix.signingKey needs the secret key`;
  if (bytes !== 64) return `its key data is ${bytes} bytes; an Ed25519 secret key is 64`;
  return undefined;
};

/** The key text for a source, checked; errors name the setting, the file or the variable. */
export const readSigningKey = (source: SigningKeySource, env: NodeJS.ProcessEnv = process.env): string | undefined => {
  if (source.kind === 'unsigned') return undefined;
  let text: string;
  let where: string;
  if (source.kind === 'env') {
    where = `environment variable ${source.variable} (nix.signingKey: ${source.setting})`;
    const value = env[source.variable];
    if (value === undefined || value.trim() === '') {
      throw pushError(`${where} is not set or empty: there is no key to sign the pushed paths with`, `export ${source.variable} with the secret key text (in CI: from a secret), or skip the push with --no-push`);
    }
    text = value;
  } else {
    where = `key file ${source.path} (nix.signingKey: ${source.setting})`;
    try {
      text = readFileSync(source.path, 'utf8');
    } catch (e) {
      throw pushError(`cannot read the ${where}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, `${SETTING_HINT}; or skip the push with --no-push`);
    }
  }
  const problem = secretKeyProblem(text);
  if (problem) throw pushError(`the ${where} is unusable: ${problem}`, SETTING_HINT);
  return text.trim();
};

export interface PushResult {
  /** The binary cache (nix.push). */
  url: string;
  /** The outputs asked for; `nix copy` copies their closures. */
  paths: string[];
  /** The key name the paths were signed with; null for an unsigned push. */
  signedBy: string | null;
}

const CHUNK = 1000;
const tail = (stderr: string) => stderr.trim().split('\n').slice(-15).join('\n');

/**
 * Signs and copies `paths` (valid store paths) to `nix.push`. The secret key is never put
 * on a command line: a file key is passed by path, an environment key through a 0600 file
 * in a private temporary directory that is removed before returning.
 */
export const pushToBinaryCache = async (paths: readonly string[], nix: NixSettings, worldRoot: string, env: NodeJS.ProcessEnv = process.env): Promise<PushResult> => {
  const url = nix.push;
  if (!url) throw new Error('pushToBinaryCache called without nix.push');
  const source = signingKeySource(nix, worldRoot);
  const key = readSigningKey(source, env);
  const unique = [...new Set(paths)].sort();
  const result: PushResult = { url, paths: unique, signedBy: key === undefined ? null : key.slice(0, key.indexOf(':')) };
  if (unique.length === 0) return result;

  let keyDir: string | undefined;
  try {
    if (key !== undefined) {
      let keyFile: string;
      if (source.kind === 'env') {
        keyDir = mkdtempSync(join(tmpdir(), 'world-signing-key-')); // mode 0700
        keyFile = join(keyDir, 'secret.key');
        writeFileSync(keyFile, key + '\n', { mode: 0o600 });
      } else keyFile = (source as { path: string }).path;
      for (let i = 0; i < unique.length; i += CHUNK) {
        const r = await runNix('nix', [...NIX_COMMAND, 'store', 'sign', ...nixOptions(nix), '--key-file', keyFile, '--recursive', ...unique.slice(i, i + CHUNK)], { allowFailure: true });
        if (r.exitCode !== 0) {
          throw pushError(`signing the outputs with the key from nix.signingKey failed:\n${tail(r.stderr)}`, SETTING_HINT);
        }
      }
    }
  } finally {
    if (keyDir) rmSync(keyDir, { recursive: true, force: true });
  }
  for (let i = 0; i < unique.length; i += CHUNK) {
    const r = await runNix('nix', [...NIX_COMMAND, 'copy', ...nixOptions(nix), '--to', url, ...unique.slice(i, i + CHUNK)], { allowFailure: true });
    if (r.exitCode !== 0) {
      throw pushError(`copying ${unique.length} output${unique.length === 1 ? '' : 's'} to the binary cache ${url} (nix.push) failed:\n${tail(r.stderr)}`, 'check that nix.push names a binary cache this machine can write to (file:///dir, s3://bucket, ssh://host), or skip the push with --no-push');
    }
  }
  return result;
};
