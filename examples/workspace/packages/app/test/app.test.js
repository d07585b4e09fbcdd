const { test } = require('node:test');
const { welcome } = require('..');
const { assertGreets } = require('test-kit');
// A fixture package nested in app's directory: its own project, which app's tests depend on.
const { names } = require('sample-fixture/names.json');

test('welcomes everyone on the list', () => {
  const lines = welcome(names).split('\n');
  names.forEach((name, i) => assertGreets(lines[i], name));
});
