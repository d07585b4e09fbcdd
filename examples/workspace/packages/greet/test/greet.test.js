const { test } = require('node:test');
const { greet } = require('..');
// test-kit depends on greet, and greet's tests use test-kit: a cycle through devDependencies.
const { assertGreets } = require('test-kit');

test('greets by name', () => assertGreets(greet('ada'), 'ada'));
