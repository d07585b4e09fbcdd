/** The module-system library's own cases (modules/tests/lib-cases.nix), run by its script. */
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { REPO_ROOT, sh } from '../helpers/world-fixture.js';

test('modules/tests/run-lib-tests.sh passes every case', () => {
  const r = sh(REPO_ROOT, 'bash', [join(REPO_ROOT, 'modules/tests/run-lib-tests.sh')]);
  const lines = r.stdout.trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  expect(lines.filter((l) => l.startsWith('FAIL')), r.stderr).toEqual([]);
  expect(last).toMatch(/^\d+ passed, 0 failed$/);
  expect(Number(last.split(' ')[0])).toBeGreaterThan(50);
  expect(r.code, r.stderr).toBe(0);
});
