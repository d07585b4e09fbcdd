export * from './reporter.js';
export * from './plain.js';
export * from './live.js';
export * from './github.js';
export * from './silent.js';
export * from './ci-reports.js';
export * from './style.js';
export * from './text-width.js';
export * from './log-paths.js';
export * from './error-locations.js';
export * from './output-logs.js';
export * from './run-progress.js';
export * from './profile.js';
import { GithubReporter } from './github.js';
import { LiveReporter } from './live.js';
import { LogPaths } from './log-paths.js';
import type { OutputLogs } from './output-logs.js';
import { PlainReporter } from './plain.js';
import { SilentReporter } from './silent.js';
import type { Reporter, ReporterSettings, ReporterStream } from './reporter.js';
import { colorEnabled, makeStyle, type ColorChoice } from './style.js';

export interface ReporterOptions {
  json: boolean;
  stream: ReporterStream;
  /** One line per target that is not cached, saying what changed since its last build. */
  explain?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Whose logs to show; default errors-only (new-only on GitHub Actions, where each is folded). */
  outputLogs?: OutputLogs;
  /** --color; default auto (see colorEnabled). */
  color?: ColorChoice;
  /** A project's directory in the repository (undefined while unknown): log paths into a build's sandbox or a store source become these. */
  projectDir?: (project: string) => string | undefined;
  /** Whether a repository-relative path is a file of the checkout (annotations name only those). */
  fileExists?: (repoPath: string) => boolean;
  /** The log Nix kept for a derivation, to replay cached targets' logs with --output-logs=full. */
  readLog?: (drv: string) => Promise<string | undefined>;
}

/** Whether an environment variable says yes: set, and not empty, "0" or "false". */
const isSet = (v: string | undefined): boolean => v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';

/**
 * Nothing with --json; on GitHub Actions plain lines with folded logs and annotations; a live
 * view on a terminal (not under CI, not a dumb one); plain lines elsewhere (pipes, CI).
 */
export const pickReporter = (opts: ReporterOptions): Reporter => {
  if (opts.json) return new SilentReporter(opts.stream);
  const env = opts.env ?? process.env;
  const github = env.GITHUB_ACTIONS === 'true';
  const settings: ReporterSettings = {
    explain: opts.explain === true,
    style: makeStyle(colorEnabled(opts.stream, env, opts.color)),
    outputLogs: opts.outputLogs ?? (github ? 'new-only' : 'errors-only'),
    paths: new LogPaths(opts.projectDir ?? (() => undefined), opts.fileExists),
    ...(opts.readLog ? { readLog: opts.readLog } : {}),
  };
  if (github) return new GithubReporter(opts.stream, settings);
  if (opts.stream.isTTY && !isSet(env.CI) && env.TERM !== 'dumb') return new LiveReporter(opts.stream, settings);
  return new PlainReporter(opts.stream, settings);
};
