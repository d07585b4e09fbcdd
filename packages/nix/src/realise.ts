/**
 * One `nix-store --realise` for every derivation a run builds, with Nix's own parallelism and
 * --keep-going. Its structured log streams out as NixLogEvents while it runs (build-log.ts
 * says what each means); lines that are not structured (Nix failing before its logger is up)
 * become errors too, so nothing Nix says is lost.
 */
import { existsSync } from 'node:fs';
import type { NixSettings } from '@world/config';
import { NixLogParser, stripAnsi, type NixLogEvent } from './build-log.js';
import { nixOptions, runNix } from './nix-process.js';

export interface RealiseOptions {
  /** Nix's --max-jobs; undefined leaves Nix's own setting (nix.conf's max-jobs) alone. 0: remote builders only. */
  jobs: number | undefined;
  keepGoing: boolean;
  onEvent?: (e: NixLogEvent) => void;
}

export interface RealiseResult {
  exitCode: number;
}

export const realise = async (drvs: readonly string[], nix: NixSettings, opts: RealiseOptions): Promise<RealiseResult> => {
  if (drvs.length === 0) return { exitCode: 0 };
  const parser = new NixLogParser();
  const emit = opts.onEvent ?? (() => {});
  const r = await runNix(
    'nix-store',
    [
      ...nixOptions(nix),
      '--realise',
      '--log-format', 'internal-json',
      ...(opts.jobs !== undefined ? ['--max-jobs', String(opts.jobs)] : []),
      ...(opts.keepGoing ? ['--keep-going'] : []),
      ...drvs,
    ],
    {
      allowFailure: true,
      onStderrLine: (line) => {
        if (line.startsWith('@nix ')) for (const e of parser.push(line)) emit(e);
        else if (line.trim() !== '') emit({ type: 'error', message: stripAnsi(line).replace(/^error:\s*/, '').trim() });
      },
    },
  );
  return { exitCode: r.exitCode };
};

/** The whole build log Nix kept for a derivation, or undefined when it has none. */
export const readBuildLog = async (drv: string): Promise<string | undefined> => {
  const r = await runNix('nix-store', ['--read-log', drv], { allowFailure: true });
  return r.exitCode === 0 ? r.stdout : undefined;
};

/**
 * Which of `paths` are valid store paths. Existence on disk is not enough: without a
 * sandbox, Nix leaves a failed build's partial output in place (unregistered), so a failed
 * test's `$out` exists but is not a result. One `nix-store --check-validity` for all of them.
 */
export const validStorePaths = async (paths: readonly string[]): Promise<Set<string>> => {
  const valid = new Set<string>();
  const onDisk = [...new Set(paths)].filter((p) => existsSync(p));
  const CHUNK = 2000;
  for (let i = 0; i < onDisk.length; i += CHUNK) {
    const chunk = onDisk.slice(i, i + CHUNK);
    const r = await runNix('nix-store', ['--check-validity', '--print-invalid', ...chunk]);
    const invalid = new Set(r.stdout.split('\n').filter(Boolean));
    for (const p of chunk) if (!invalid.has(p)) valid.add(p);
  }
  return valid;
};
