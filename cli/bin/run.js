#!/usr/bin/env node
// Read-only commands run through the lean launcher (no oclif start-up); everything else,
// and anything the launcher does not fully understand, goes to oclif.
const { runFast } = await import('../dist/fast.js');
if (!(await runFast(process.argv.slice(2)))) {
  const { execute } = await import('@oclif/core');
  await execute({ dir: import.meta.url });
}
