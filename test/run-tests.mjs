/**
 * `npm test`: runs vitest and ends with one plain `N passed, N failed` line that any CI
 * can read, exiting with vitest's status.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const report = join(tmpdir(), `world-vitest-${process.pid}.json`);
const r = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
try {
  const { numPassedTests, numFailedTests, numPendingTests } = JSON.parse(readFileSync(report, 'utf8'));
  console.log(`\n${numPassedTests} passed, ${numFailedTests} failed${numPendingTests ? `, ${numPendingTests} skipped` : ''}`);
  rmSync(report, { force: true });
} catch {
  console.log('\nvitest wrote no report');
}
process.exit(r.status ?? 1);
