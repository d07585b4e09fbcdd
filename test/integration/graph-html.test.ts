/**
 * The graph page in a real headless Chromium (Debian's package, driven by playwright-core):
 * it loads with no console errors and no network, draws every project, highlights the
 * affected set, finds a project by search, shows what is known about it on click, focuses on
 * a neighbourhood, draws the task graph from the cache index — on a small world with evaluated
 * targets and on a generated world of 1,000 projects, of which it takes a screenshot.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { PageSnapshot as Snapshot } from '../../cli/page/graph/snapshot.js';
import { REPO_ROOT, TestRepo, cleanupTempDirs, layeredWorld, makeRepo, tempDir } from '../helpers/world-fixture.js';
import { launchChromium, openPage, ready } from '../helpers/graph-browser.mjs';
import { generateWorld, reverseClosure } from '../bench/generate-world.mjs';

const TIMEOUT = 180_000;

let browser: Awaited<ReturnType<typeof launchChromium>>;
beforeAll(async () => {
  browser = await launchChromium();
}, TIMEOUT);
afterAll(async () => {
  await browser?.close();
  cleanupTempDirs();
});

const snapshot = (page: Page): Promise<Snapshot> => page.evaluate(() => window.worldGraph.snapshot());

/** Writes the page with the CLI and opens it; the page must draw without a single complaint. */
const openGraph = async (repo: TestRepo, ...args: string[]) => {
  const file = join(tempDir('world-graph-page-'), 'graph.html');
  const r = repo.world('graph', '--format', 'html', '-o', file, ...args);
  expect(r.code, r.stderr).toBe(0);
  const { page, problems } = await openPage(browser.context, file);
  await ready(page);
  return { page, problems, file };
};

/** Clicks a drawn node where it is on the canvas: through cytoscape's own hit testing. */
const clickNode = async (page: Page, id: string) => {
  const at = await page.evaluate((n) => window.worldGraph.where(n), id);
  if (!at) throw new Error(`${id} is not drawn`);
  const box = (await page.locator('.canvas:not([hidden])').boundingBox())!;
  await page.mouse.click(box.x + at.x, box.y + at.y);
};

describe('a small world', () => {
  let repo: TestRepo;
  const evil = '</script><script>document.title="pwned"</script>';
  beforeAll(() => {
    const files = layeredWorld();
    // payments-api → money is implied through payments-core; ui-kit and its users get targets.
    files['areas/payments/api/project.yaml'] = `name: payments-api\ndeps: [payments-core, //libs/ui-kit, money]\nmodules: [command]\nconfig:\n  command.build: 'mkdir -p $out'\n  command.test: 'true'\nowners: [team-payments, ${JSON.stringify(evil)}]\n`;
    files['libs/ui-kit/project.yaml'] = "name: ui-kit\nmodules: [node, command]\nconfig:\n  command.build: 'mkdir -p $out'\n";
    repo = makeRepo(files);
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('base module', { 'modules/base.nix': '{ ... }: { config = { }; }\n' });
    expect(repo.world('build', '-n').code).toBe(0);
    // After the evaluation, shop-web's sources change: its targets are no longer known.
    repo.write({ 'areas/shop/web/src/app.js': 'export const changed = 1;\n' });
  });

  test('draws every project and the reduced edges, the affected ones highlighted, with no errors and no network', { timeout: TIMEOUT }, async () => {
    const { page, problems } = await openGraph(repo, '--base', 'main');
    const s = await snapshot(page);
    expect(s).toMatchObject({ state: 'ready', tab: 'projects', nodes: 5, edges: 4, selected: null });
    expect(s.highlighted.sort()).toEqual(['payments-api', 'shop-web', 'ui-kit']);
    expect(await page.textContent('#status')).toContain('5 projects · 4 edges drawn (transitive reduction of 5 dependencies)');
    expect(await page.textContent('#notice')).toMatch(/Affected: 3 of 5 projects, comparing [0-9a-f]{10} and uncommitted changes with main/);

    // Every edge, on request.
    await page.click('#reduce');
    expect((await snapshot(page)).edges).toBe(5);
    await page.click('#reduce');
    expect((await snapshot(page)).edges).toBe(4);
    expect(problems).toEqual([]);
    await page.close();
  });

  test('a click on a project shows its path, owners, why it is affected and its targets; markup in a value stays text', { timeout: TIMEOUT }, async () => {
    const { page, problems } = await openGraph(repo, '--base', 'main');
    await clickNode(page, 'payments-api');
    expect((await snapshot(page)).selected).toBe('payments-api');
    const panel = page.locator('#panel');
    await expect.poll(() => panel.locator('h2').textContent()).toBe('payments-api');
    const text = (await panel.textContent())!;
    expect(text).toContain('//areas/payments/api');
    expect(text).toContain(`team-payments, ${evil}`);
    expect(await page.title()).not.toBe('pwned');
    expect(text).toContain('depends on ui-kit');
    expect(text).toContain('build (build) needs ui-kit:build');
    expect(text).toMatch(/test \(test\) needs (payments-api:build, ui-kit:build|ui-kit:build, payments-api:build)/);
    expect(text).toContain('From the cache index (.git/world/cache/index): evaluated');

    // shop-web was edited after the evaluation: said so, not guessed.
    await clickNode(page, 'shop-web');
    await expect.poll(() => panel.locator('h2').textContent()).toBe('shop-web');
    expect(await panel.textContent()).toContain('Not evaluated yet');
    // money is not affected.
    await clickNode(page, 'money');
    await expect.poll(() => panel.locator('h2').textContent()).toBe('money');
    expect(await panel.textContent()).toContain('Not affected.');

    // A double click focuses on the node's neighbourhood: money, payments-core and payments-api.
    const at = (await page.evaluate(() => window.worldGraph.where('money')))!;
    const box = (await page.locator('.canvas:not([hidden])').boundingBox())!;
    await page.mouse.dblclick(box.x + at.x, box.y + at.y);
    await page.waitForFunction(() => window.worldGraph.snapshot().focus !== null && document.body.dataset.state === 'ready');
    expect(await snapshot(page)).toMatchObject({ focus: { node: 'money', depth: 1 }, nodes: 3, selected: 'money' });
    expect(await page.textContent('#focus-bar')).toContain('Showing the neighbourhood of money (1 step each way).');
    await page.keyboard.press('Escape'); // unselects
    await page.keyboard.press('Escape'); // leaves the focus
    await page.waitForFunction(() => window.worldGraph.snapshot().focus === null && document.body.dataset.state === 'ready');
    expect((await snapshot(page)).nodes).toBe(5);
    expect(problems).toEqual([]);
    await page.close();
  });

  test("the task graph: evaluated projects' targets, edges from the cache index, the unknown ones named", { timeout: TIMEOUT }, async () => {
    const { page, problems } = await openGraph(repo);
    await page.click('nav button[data-tab="tasks"]');
    await page.waitForFunction(() => window.worldGraph.snapshot().tab === 'tasks' && document.body.dataset.state === 'ready');
    const s = await snapshot(page);
    // payments-api: build, test; ui-kit: build; money, payments-core: evaluated, no targets.
    expect(s.nodes).toBe(3);
    // payments-api:build → ui-kit:build; payments-api:test → payments-api:build, ui-kit:build (implied).
    expect(s.edges).toBe(2);
    expect(await page.textContent('#notice')).toContain('1 of 5 projects have no evaluated targets');

    await clickNode(page, 'payments-api:test');
    const panel = page.locator('#panel');
    await expect.poll(() => panel.locator('h2').textContent()).toBe('payments-api:test');
    expect(await panel.textContent()).toMatch(/Needs \(2\)payments-api:buildui-kit:build/);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('a world of 1,000 projects', () => {
  const N = 1000;
  let repo: TestRepo;
  let plan: ReturnType<typeof generateWorld>;
  beforeAll(() => {
    const dir = tempDir('world-graph-1000-');
    plan = generateWorld(dir, N, 42);
    repo = new TestRepo(dir);
    repo.git('checkout', '-q', '-b', 'feature');
    // p00130 (layer 1) changes: it and everything above it that uses it are affected.
    repo.commit('change one project', { [`${plan.projects[130].dir}/src/file0.txt`]: 'changed\n' });
  }, TIMEOUT);

  test('loads with no errors, draws every project, highlights the affected ones; search focuses a node; a screenshot is taken', { timeout: TIMEOUT }, async () => {
    const { page, problems } = await openGraph(repo, '--base', 'main');
    const s = await snapshot(page);
    expect(s.nodes).toBe(N);
    const dotEdges = repo.world('graph', '--format', 'dot').stdout.match(/ -> /g)!.length;
    expect(s.edges).toBe(dotEdges);
    const affected = reverseClosure(plan, [130]);
    expect(new Set(s.highlighted)).toEqual(affected);

    const shots = join(REPO_ROOT, 'bench-results');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'graph-1000-whole.png') });

    // Search: the project is selected, brought to the middle of the canvas, and described.
    // A project in the middle, with dependencies and dependents: the one with the most users in layer 3.
    const usersOf = (i: number) => plan.projects.filter((p: { deps: number[] }) => p.deps.includes(i)).length;
    const pick = plan.projects.filter((p: { layer: number }) => p.layer === 3).reduce((a: { index: number }, b: { index: number }) => (usersOf(b.index) > usersOf(a.index) ? b : a)).index as number;
    const name = plan.projects[pick].name;
    await page.fill('#search', name);
    await page.press('#search', 'Enter');
    await expect.poll(async () => (await snapshot(page)).selected).toBe(name);
    const found = await snapshot(page);
    expect(Math.abs(found.selectedAt!.x - found.canvas.width / 2)).toBeLessThan(2);
    expect(Math.abs(found.selectedAt!.y - found.canvas.height / 2)).toBeLessThan(2);
    expect(found.zoom).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#panel h2').textContent()).toBe(name);
    expect(await page.locator('#panel').textContent()).toContain(`//${plan.projects[pick].dir}`);

    await page.screenshot({ path: join(shots, 'graph-1000-search.png') });

    // Back to the whole picture.
    await page.click('#fit');
    // (within a few per cent: the selection's thicker border counts in the drawing's bounds)
    expect(Math.abs((await snapshot(page)).zoom / s.zoom - 1)).toBeLessThan(0.05);

    // Focus: its direct dependencies and dependents, laid out on their own.
    await page.click('#panel button[data-depth="1"]');
    await page.waitForFunction(() => window.worldGraph.snapshot().focus !== null && document.body.dataset.state === 'ready');
    expect((await snapshot(page)).nodes).toBe(1 + plan.projects[pick].deps.length + usersOf(pick));
    await page.screenshot({ path: join(shots, 'graph-1000-focus.png') });
    await page.click('#focus-bar button');
    await page.waitForFunction(() => window.worldGraph.snapshot().focus === null && document.body.dataset.state === 'ready');
    expect((await snapshot(page)).nodes).toBe(N);

    for (const shot of ['whole', 'search', 'focus']) {
      const png = readFileSync(join(shots, `graph-1000-${shot}.png`));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(statSync(join(shots, `graph-1000-${shot}.png`)).size).toBeGreaterThan(20_000);
    }
    expect(problems).toEqual([]);
    await page.close();
  });
});
