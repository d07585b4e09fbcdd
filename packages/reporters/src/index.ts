export * from './reporter.js';
export * from './plain.js';
export * from './live.js';
export * from './silent.js';
export * from './ci-reports.js';
import { LiveReporter } from './live.js';
import { PlainReporter } from './plain.js';
import { SilentReporter } from './silent.js';
import type { Reporter, ReporterStream } from './reporter.js';

/** A live view on a terminal, plain lines in CI and pipes, nothing with --json. */
export interface ReporterOptions {
  json: boolean;
  stream: ReporterStream;
  /** One line per target that is not cached, saying what changed since its last build. */
  explain?: boolean;
  env?: NodeJS.ProcessEnv;
}

export const pickReporter = (opts: ReporterOptions): Reporter => {
  if (opts.json) return new SilentReporter();
  const env = opts.env ?? process.env;
  const explain = opts.explain === true;
  if (opts.stream.isTTY && !env.CI && env.TERM !== 'dumb') return new LiveReporter(opts.stream, { explain });
  return new PlainReporter(opts.stream, { explain });
};
export * from './profile.js';
