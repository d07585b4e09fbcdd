/**
 * `node test/bench/bench-graph.mjs [--size 1000] [--runs 5]` (after `npm run build`): times
 * `world graph --format html` on a generated world whose projects are evaluated (so the page
 * carries targets and the task graph) and which has a branch with a change (so the affected
 * set is highlighted), then opens the page in headless Chromium, times its first drawing and
 * screenshots the project and task graphs into bench-results/.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { generateWorld } from './generate-world.mjs';
import { REPO_ROOT, WORLD, median, timeCommand } from './timing.mjs';
import { launchChromium, openPage, ready } from '../helpers/graph-browser.mjs';

const { values } = parseArgs({ options: { size: { type: 'string', default: '1000' }, runs: { type: 'string', default: '5' } } });
const size = Number(values.size);
const runs = Number(values.runs);
const out = join(REPO_ROOT, 'bench-results');
mkdirSync(out, { recursive: true });

const run = (cwd, cmd, args) => {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
};

const dir = join(tmpdir(), 'world-bench', `graph-${size}`);
const plan = generateWorld(dir, size, 42, { buildable: true });
// A change on a branch, committed: the page highlights what it affects.
run(dir, 'git', ['checkout', '-q', '-B', 'graph-bench', 'main']);
run(dir, 'git', ['-c', 'user.name=bench', '-c', 'user.email=bench@world.invalid', 'commit', '-q', '--allow-empty', '-m', 'bench']);
const changed = `${plan.projects[Math.floor(size / 8) + 5].dir}/src/file0.txt`;
writeFileSync(join(dir, changed), 'changed\n');
run(dir, 'git', ['-c', 'user.name=bench', '-c', 'user.email=bench@world.invalid', 'commit', '-q', '-am', 'change one project']);
// Evaluate every project as it is now (a dry run: Nix evaluates, nothing is built), so the cache index knows every target.
run(dir, WORLD, ['build', '-n']);

const page = join(out, `graph-${size}.html`);
const argv = [WORLD, 'graph', '--format', 'html', '--base', 'main', '-o', page];
timeCommand(dir, argv); // warm: the graph snapshot and the fingerprints' caches
const times = Array.from({ length: runs }, () => timeCommand(dir, argv));
const dot = Array.from({ length: runs }, () => timeCommand(dir, [WORLD, 'graph', '--format', 'dot']));

const browser = await launchChromium();
const { page: tab, problems } = await openPage(browser.context, page);
const t0 = Date.now();
await ready(tab);
const drawMs = Date.now() - t0;
const projects = await tab.evaluate(() => window.worldGraph.snapshot());
await tab.screenshot({ path: join(out, `graph-${size}-projects.png`) });
await tab.click('nav button[data-tab="tasks"]');
await tab.waitForFunction(() => window.worldGraph.snapshot().tab === 'tasks' && document.body.dataset.state === 'ready', null, { timeout: 120_000 });
const tasks = await tab.evaluate(() => window.worldGraph.snapshot());
await tab.screenshot({ path: join(out, `graph-${size}-tasks.png`) });
const status = await tab.textContent('#status');
await browser.close();
if (problems.length > 0) throw new Error(`the page complained:\n${problems.join('\n')}`);

const fmt = (xs) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}, ${xs.length} runs)`;
const report = [
  `# world graph --format html, ${size} projects (${new Date().toISOString()})`,
  '',
  `- \`world graph --format html --base main\`: ${fmt(times)}; page ${(statSync(page).size / 1e6).toFixed(2)} MB`,
  `- \`world graph --format dot\` (for comparison): ${fmt(dot)}`,
  `- Chromium, load to first drawing: ${drawMs} ms; project graph: ${projects.nodes} nodes, ${projects.edges} edges, ${projects.highlighted.length} affected`,
  `- task graph: ${tasks.nodes} targets, ${tasks.edges} edges (${status})`,
  `- screenshots: ${join(out, `graph-${size}-projects.png`)}, ${join(out, `graph-${size}-tasks.png`)}`,
  '',
].join('\n');
writeFileSync(join(out, `graph-${size}.md`), report);
console.log(report);
