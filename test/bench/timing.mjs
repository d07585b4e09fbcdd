/** Wall-clock timing of a command, and medians. */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The command users run (node_modules/.bin/world links to it): the launcher, then Node. */
export const WORLD = join(REPO_ROOT, 'cli/bin/world');

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Runs argv in cwd, returns milliseconds; `check(stdout)` may throw to reject the answer. */
export const timeCommand = (cwd, argv, check) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { cwd, maxBuffer: 1 << 30, env: { ...process.env, CI: 'true' } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (exit ${r.status}): ${r.stderr}`);
  check?.(r.stdout.toString());
  return ms;
};
