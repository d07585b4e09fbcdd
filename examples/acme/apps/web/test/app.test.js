import { test } from 'node:test';
import assert from 'node:assert/strict';
import { banner } from '../src/app.js';

test('banner shows the total', () => {
  assert.equal(banner(500), 'Total: $5.00');
});
