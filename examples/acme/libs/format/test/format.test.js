import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cents } from '../src/index.js';

test('formats cents as dollars', () => {
  assert.equal(cents(1234), '$12.34');
});
