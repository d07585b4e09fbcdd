/**
 * Running Nix's commands. Every call gets world's options: the configured substituters and
 * nothing else (an unreachable default cache costs seconds per build), trusted keys, and
 * remote builders.
 */
import { spawn } from 'node:child_process';
import { WorldError, traceProcess, type ErrorCode } from '@world/core';
import type { NixSettings } from '@world/config';

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

export const runNix = (command: string, args: readonly string[], opts: RunNixOptions = {}): Promise<NixResult> =>
  new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: string[] = [];
    let pending = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        err.push(line);
        opts.onStderrLine?.(line);
      }
    });
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'ENOENT'
          ? new WorldError('NIX_MISSING', `${command} is not installed or not on PATH`, {
              hint: 'install Nix ≥ 2.8 (Debian/Ubuntu: `apt-get install nix-bin`; elsewhere the official installer)',
            })
          : new WorldError('NIX_FAILED', `could not run ${command}: ${e.message}`),
      ),
    );
    child.on('close', (code) => {
      traceProcess?.(command, args.filter((a, i) => a !== '--option' && args[i - 1] !== '--option' && args[i - 2] !== '--option'), t0);
      if (pending) err.push(pending);
      const result = { stdout: Buffer.concat(out).toString('utf8'), stderr: err.join('\n'), exitCode: code ?? -1 };
      if (code === 0 || opts.allowFailure) resolve(result);
      else
        reject(
          new WorldError(opts.errorCode ?? 'NIX_FAILED', `${command} failed (exit ${code}):\n${result.stderr.trim().split('\n').slice(-30).join('\n')}`, {
            hint: 'the lines above are Nix\'s own; `world nix show` prints the generated expression',
          }),
        );
    });
  });
