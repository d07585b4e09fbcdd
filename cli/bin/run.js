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
const { main } = await import(existsSync(bundled) ? bundled.href : '../dist/fast.js');
if (await main(process.argv.slice(2))) {
  // The lean path is done: once the output is flushed, exit rather than wait for Node to tear
  // the heap down (10-20 ms after reading a 5,000-project world). Nothing runs on after it returns.
  const flushed = (stream) => new Promise((resolve) => stream.write('', resolve));
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit();
}
