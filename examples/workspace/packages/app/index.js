const { greet } = require('greet');

exports.welcome = (names) => names.map(greet).join('\n');
