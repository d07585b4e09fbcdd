#!/usr/bin/env node
// Read-only commands run through the lean launcher (no oclif start-up; one bundled file
// when `npm run build` made it); everything else, and anything the launcher does not fully
// understand, goes to oclif.
import { existsSync } from 'node:fs';

// Set aside by bin/world so that Node skips loading it; the processes world starts get it back.
if (process.env.WORLD_NODE_EXTRA_CA_CERTS !== undefined) {
  process.env.NODE_EXTRA_CA_CERTS = process.env.WORLD_NODE_EXTRA_CA_CERTS;
  delete process.env.WORLD_NODE_EXTRA_CA_CERTS;
}

const bundled = new URL('../dist/bundle/fast.js', import.meta.url);
const { runFast } = await import(existsSync(bundled) ? bundled.href : '../dist/fast.js');
if (!(await runFast(process.argv.slice(2)))) {
  const { execute } = await import('@oclif/core');
  await execute({ dir: import.meta.url });
}
