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
export const pickReporter = (opts: { json: boolean; stream: ReporterStream; env?: NodeJS.ProcessEnv }): Reporter => {
  if (opts.json) return new SilentReporter();
  const env = opts.env ?? process.env;
  if (opts.stream.isTTY && !env.CI && env.TERM !== 'dumb') return new LiveReporter(opts.stream);
  return new PlainReporter(opts.stream);
};
