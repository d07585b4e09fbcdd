/**
 * Running Nix's commands. Every call gets world's options: the configured substituters and
 * nothing else (an unreachable default cache costs seconds per build), trusted keys, and
 * remote builders.
 */
import { WorldError, runProcess, SpawnError, type ErrorCode } from '@world/core';
import type { NixSettings } from '@world/config';
import { stripAnsi } from './build-log.js';

export interface NixResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Substituted paths must be signed by a trusted key (Nix's `require-sigs`). The one
 * exception is a world that has opted into unsigned caches (`nix.pushUnsigned: true`) and
 * names no trusted keys: its own pushes are unsigned, so its pulls accept unsigned paths —
 * from the configured substituters only, since world passes no others.
 */
export const acceptsUnsigned = (nix: NixSettings): boolean =>
  nix.pushUnsigned && nix.trustedPublicKeys.length === 0 && nix.substituters.length > 0;

export const nixOptions = (nix: NixSettings): string[] => [
  '--option', 'substituters', nix.substituters.join(' '),
  ...(nix.trustedPublicKeys.length > 0 ? ['--option', 'trusted-public-keys', nix.trustedPublicKeys.join(' ')] : []),
  ...(acceptsUnsigned(nix) ? ['--option', 'require-sigs', 'false'] : []),
  ...(nix.builders.length > 0 ? ['--option', 'builders', nix.builders.join(' ; ')] : []),
];

export interface RunNixOptions {
  /** Called with each line of stderr as it arrives (progress, logs). */
  onStderrLine?: (line: string) => void;
  allowFailure?: boolean;
  errorCode?: ErrorCode;
  cwd?: string;
}

export const runNix = async (command: string, args: readonly string[], opts: RunNixOptions = {}): Promise<NixResult> => {
  let r;
  try {
    r = await runProcess(command, args, { ...(opts.cwd ? { cwd: opts.cwd } : {}), ...(opts.onStderrLine ? { onStderrLine: opts.onStderrLine } : {}) });
  } catch (e) {
    if (!(e instanceof SpawnError)) throw e;
    throw e.code === 'ENOENT'
      ? new WorldError('NIX_MISSING', `${command} is not installed or not on PATH`, {
          hint: 'install Nix ≥ 2.8 (Debian/Ubuntu: `apt-get install nix-bin`; elsewhere the official installer)',
        })
      : new WorldError('NIX_FAILED', `could not run ${command}: ${e.message}`);
  }
  const result = { stdout: r.stdout.toString('utf8'), stderr: r.stderr, exitCode: r.exitCode };
  if (r.exitCode === 0 || opts.allowFailure) return result;
  throw new WorldError(opts.errorCode ?? 'NIX_FAILED', `${command} failed (exit ${r.exitCode}):\n${stripAnsi(r.stderr).trim().split('\n').slice(-30).join('\n')}`, {
    hint: "the lines above are Nix's own; `world nix show` prints the generated expression",
  });
};
