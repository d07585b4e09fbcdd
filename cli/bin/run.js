#!/usr/bin/env node
// world's entry: dist/fast.js (bundled by `npm run build`) runs the everyday commands without
// loading oclif, hands the rest to oclif, and reports every failure itself.
import { existsSync } from 'node:fs';

// Set aside by bin/world so that Node skips loading it; the processes world starts get it back.
if (process.env.WORLD_NODE_EXTRA_CA_CERTS !== undefined) {
  process.env.NODE_EXTRA_CA_CERTS = process.env.WORLD_NODE_EXTRA_CA_CERTS;
  delete process.env.WORLD_NODE_EXTRA_CA_CERTS;
}

const bundled = new URL('../dist/bundle/fast.js', import.meta.url);
let main;
try {
  ({ main } = await import(existsSync(bundled) ? bundled.href : '../dist/fast.js'));
} catch (e) {
  // Before world is loaded its reporter is not either: the same two lines, written here.
  if (process.env.WORLD_TRACE) process.stderr.write(`${e?.stack ?? e}\n`);
  process.stderr.write(`world: error[INTERNAL]: cannot load world: ${String(e?.message ?? e).split('\n')[0]}\n`);
  process.stderr.write('  hint: in a clone of world, build it first (`npm ci && npm run build`); WORLD_TRACE=1 shows the stack trace\n');
  process.exit(70);
}
if (await main(process.argv.slice(2))) {
  // The lean path is done: once the output is flushed, exit rather than wait for Node to tear
  // the heap down (10-20 ms after reading a 5,000-project world). Nothing runs on after it returns.
  const flushed = (stream) => new Promise((resolve) => stream.write('', resolve));
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit();
}
