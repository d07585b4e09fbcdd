const assert = require('node:assert');
const { greet } = require('greet');

exports.assertGreets = (text, name) => assert.strictEqual(text, greet(name));
