/** Wall-clock timing of a command, medians, alternated pairs and WORLD_TRACE breakdowns. */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
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

/** Median, min and max of some timings. */
export const spread = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs.length });

/** `123 ms (101–150)`: a spread as the bench prints it. */
export const showSpread = (s) => `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;

/** The 1, 5 and 15 minute load averages, as the bench reports them beside its figures. */
export const loadAverage = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/** Runs argv in cwd and returns its output; `check(stdout)` may throw to reject the answer. */
export const runCommand = (cwd, argv, { env = {}, check } = {}) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { cwd, maxBuffer: 1 << 30, env: { ...process.env, CI: 'true', ...env } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (exit ${r.status}): ${r.stderr}`);
  check?.(r.stdout.toString());
  return { ms, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
};

/** Runs argv in cwd, returns milliseconds; `check(stdout)` may throw to reject the answer. */
export const timeCommand = (cwd, argv, check, env) => runCommand(cwd, argv, { check, ...(env ? { env } : {}) }).ms;

/**
 * `[trace] git -c core.quotepath=off status @81 +217ms` → { what: 'git status', at: 81, ms: 217 }.
 * Steps of world's own work (`[trace] step host tools @…`) keep their name.
 */
export const parseTrace = (stderr) =>
  stderr.split('\n').flatMap((line) => {
    const m = /^\[trace\] (.+?) @(\d+) \+(\d+)ms$/.exec(line);
    if (!m) return [];
    const what = m[1].startsWith('step ') ? m[1].slice(5) : m[1].replace(/ -c core\.quotepath=off/, '').split(' ').slice(0, 2).join(' ');
    return [{ what, at: Number(m[2]), ms: Number(m[3]) }];
  });

/**
 * Where the time of a traced run goes, over several runs: per traced process or step, the
 * median start (ms since the process started) and duration, in order of start.
 */
export const traceBreakdown = (traces) => {
  const byWhat = new Map();
  for (const trace of traces) {
    const seen = new Map();
    for (const t of trace) {
      // A name seen twice in one run (two ls-files) is numbered, so runs line up.
      const n = (seen.get(t.what) ?? 0) + 1;
      seen.set(t.what, n);
      const key = n === 1 ? t.what : `${t.what} (${n})`;
      byWhat.set(key, [...(byWhat.get(key) ?? []), t]);
    }
  }
  return [...byWhat]
    .map(([what, ts]) => ({ what, runs: ts.length, at: median(ts.map((t) => t.at)), ms: median(ts.map((t) => t.ms)) }))
    .sort((a, b) => a.at - b.at);
};
