/**
 * `npm run bench`: generates worlds and times world against git's floor. Results are printed
 * and written to bench-results/. Options: --sizes 1000,5000,10000 --runs 5; --only affected|build|clone|adopt
 * (repeatable) runs just those sections; --clone-size 5000 --clone-runs 3 for `world clone`;
 * --init-size 500 --adopt-size 5000 [--old <checkout of an earlier world, built>] for adopt.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './timing.mjs';
import { benchAffected } from './bench-affected.mjs';
import { benchBuild } from './bench-build.mjs';
import { benchCi } from './bench-ci.mjs';
import { benchClone } from './bench-clone.mjs';
import { benchAdopt } from './bench-adopt.mjs';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,5000,10000' },
    runs: { type: 'string', default: '5' },
    'work-dir': { type: 'string', default: join(tmpdir(), 'world-bench') },
    'build-sizes': { type: 'string', default: '1000' },
    'clone-size': { type: 'string', default: '5000' },
    'clone-runs': { type: 'string', default: '3' },
    only: { type: 'string', multiple: true },
    // adopt: `world init` at this many packages, warm affected with inference at --adopt-size.
    'init-size': { type: 'string', default: '500' },
    'adopt-size': { type: 'string', default: '5000' },
    old: { type: 'string' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const out = join(REPO_ROOT, 'bench-results');
mkdirSync(out, { recursive: true });

const wanted = (name) => !values.only || values.only.includes(name);
const workDir = values['work-dir'];
const sections = [];
if (wanted('affected')) sections.push(benchAffected({ sizes, runs, workDir, out }));
if (wanted('build')) sections.push(benchBuild({ sizes: values['build-sizes'].split(',').map(Number), runs, workDir, out }));
if (wanted('ci')) sections.push(benchCi({ sizes: values['build-sizes'].split(',').map(Number), workDir, out }));
if (wanted('adopt')) {
  sections.push(benchAdopt({ initSize: Number(values['init-size']), affectedSize: Number(values['adopt-size']), runs, workDir, out, ...(values.old ? { old: values.old } : {}) }));
}
if (wanted('clone')) sections.push(benchClone({ size: Number(values['clone-size']), runs: Number(values['clone-runs']), workDir, out }));
const report = `# world bench (${new Date().toISOString()})\n\n${sections.join('\n')}`;
writeFileSync(join(out, 'bench.md'), report);
console.log(report);
