#!/usr/bin/env node
// The commands people and merge queues run all the time (affected, why, projects, resolve,
// gps, graph, build, test, ci) go through the lean launcher (no oclif start-up; bundled by
// `npm run build`); everything else, and anything the launcher does not fully understand,
// goes to oclif.
import { existsSync } from 'node:fs';

// Set aside by bin/world so that Node skips loading it; the processes world starts get it back.
if (process.env.WORLD_NODE_EXTRA_CA_CERTS !== undefined) {
  process.env.NODE_EXTRA_CA_CERTS = process.env.WORLD_NODE_EXTRA_CA_CERTS;
  delete process.env.WORLD_NODE_EXTRA_CA_CERTS;
}

const bundled = new URL('../dist/bundle/fast.js', import.meta.url);
const { runFast } = await import(existsSync(bundled) ? bundled.href : '../dist/fast.js');
if (await runFast(process.argv.slice(2))) {
  // Done: once the output is flushed, exit rather than wait for Node to tear the heap down
  // (10-20 ms after reading a 5,000-project world). Nothing runs on after a command returns.
  const flushed = (stream) => new Promise((resolve) => stream.write('', resolve));
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit();
} else {
  const { execute } = await import('@oclif/core');
  await execute({ dir: import.meta.url });
}
