/**
 * One `nix-store --realise` for every derivation a run builds, with Nix's own parallelism
 * (-j) and --keep-going. Nix's structured log (`--log-format internal-json`) is turned into
 * events: which derivation started, its log lines, which finished, and which were fetched
 * from a binary cache instead of built.
 */
import { existsSync } from 'node:fs';
import type { NixSettings } from '@world/config';
import { nixOptions, runNix } from './nix-process.js';

export type RealiseEvent =
  | { type: 'started'; drv: string }
  | { type: 'log'; drv: string; line: string }
  | { type: 'stopped'; drv: string }
  | { type: 'substituted'; path: string };

export interface RealiseOptions {
  jobs: number;
  keepGoing: boolean;
  onEvent?: (e: RealiseEvent) => void;
}

export interface RealiseResult {
  exitCode: number;
  /** Nix's error messages (e.g. "builder for … failed with exit code 1"). */
  errors: string[];
}

// Nix's activity and result types (libutil/logging.hh).
const ACT_BUILD = 105;
const ACT_SUBSTITUTE = 108;
const RES_BUILD_LOG_LINE = 101;

interface NixLogLine {
  action: 'start' | 'stop' | 'result' | 'msg';
  id?: number;
  type?: number;
  level?: number;
  msg?: string;
  fields?: (string | number)[];
}

export const realise = async (drvs: readonly string[], nix: NixSettings, opts: RealiseOptions): Promise<RealiseResult> => {
  if (drvs.length === 0) return { exitCode: 0, errors: [] };
  const activities = new Map<number, string>();
  const errors: string[] = [];
  const emit = opts.onEvent ?? (() => {});
  const r = await runNix(
    'nix-store',
    [
      ...nixOptions(nix),
      '--realise',
      '--log-format', 'internal-json',
      '--max-jobs', String(opts.jobs),
      ...(opts.keepGoing ? ['--keep-going'] : []),
      ...drvs,
    ],
    {
      allowFailure: true,
      onStderrLine: (line) => {
        if (!line.startsWith('@nix ')) return;
        let e: NixLogLine;
        try {
          e = JSON.parse(line.slice(5)) as NixLogLine;
        } catch {
          return;
        }
        if (e.action === 'start' && e.type === ACT_BUILD && typeof e.fields?.[0] === 'string') {
          activities.set(e.id!, e.fields[0]);
          emit({ type: 'started', drv: e.fields[0] });
        } else if (e.action === 'start' && e.type === ACT_SUBSTITUTE && typeof e.fields?.[0] === 'string') {
          emit({ type: 'substituted', path: e.fields[0] });
        } else if (e.action === 'result' && e.type === RES_BUILD_LOG_LINE && activities.has(e.id!)) {
          emit({ type: 'log', drv: activities.get(e.id!)!, line: String(e.fields?.[0] ?? '') });
        } else if (e.action === 'stop' && activities.has(e.id!)) {
          emit({ type: 'stopped', drv: activities.get(e.id!)! });
          activities.delete(e.id!);
        } else if (e.action === 'msg' && (e.level ?? 9) <= 1 && e.msg) {
          errors.push(e.msg);
        }
      },
    },
  );
  return { exitCode: r.exitCode, errors };
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
