/**
 * A real headless Chromium (the system's package, driven by playwright-core) for the graph
 * page's tests and bench. No silent skip: without Chromium this throws, and says how to get it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

/** The Chromium to drive: $WORLD_CHROMIUM, else `chromium` on PATH (Debian's package). */
export const chromiumPath = () => {
  if (process.env.WORLD_CHROMIUM) return process.env.WORLD_CHROMIUM;
  const found = spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).stdout.trim();
  if (!found) {
    throw new Error('Chromium is not installed: the graph page is tested in a real browser. Run `bash scripts/setup.sh` (apt-get install chromium), or set WORLD_CHROMIUM to a Chromium binary.');
  }
  return found;
};

/** A browser with a fresh profile and nothing that reaches the network; `close` removes the profile. */
export const launchChromium = async ({ width = 1600, height = 1000 } = {}) => {
  const profile = mkdtempSync(join(tmpdir(), 'world-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width, height },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
};

/**
 * Opens a page file and records what a user would not want to see: console errors and
 * warnings, uncaught exceptions, and any request that is not for the file itself.
 */
export const openPage = async (context, file) => {
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== url) problems.push(`request: ${r.url()}`);
  });
  await page.goto(url);
  return { page, problems };
};

/** Waits until the page has drawn (its body says data-state="ready"), failing on an error state. */
export const ready = async (page, timeout = 120_000) => {
  await page.waitForFunction(() => document.body.dataset.state === 'ready' || document.body.dataset.state === 'error', null, { timeout });
  const state = await page.evaluate(() => document.body.dataset.state);
  if (state !== 'ready') throw new Error(`the page did not draw: ${await page.textContent('#overlay')}`);
};
