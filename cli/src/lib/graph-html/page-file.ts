/**
 * The graph page as one self-contained HTML file: the data as JSON and the page's script
 * (its own code with cytoscape and elkjs, bundled by `npm run build` into
 * dist/world-graph-page.js) inlined. A Content-Security-Policy forbids every fetch, so the
 * page works, and is known to work, with no network.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorldError } from '@world/core';
import { PAGE_DATA_ID, type PageData } from './page-data.js';

export const PAGE_SCRIPT = 'world-graph-page.js';

/**
 * The bundled page script, in cli/dist: found walking up from this module (cli/dist/lib/graph-html/,
 * cli/dist/bundle/ when bundled, or cli/src/lib/graph-html/ when run from source).
 */
const pageScript = (): string => {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; ) {
    const candidate = [join(dir, PAGE_SCRIPT), join(dir, 'dist', PAGE_SCRIPT)].find((f) => existsSync(f));
    if (candidate) return readFileSync(candidate, 'utf8');
    const up = dirname(dir);
    if (up === dir) {
      throw new WorldError('GRAPH_PAGE_MISSING', `world's graph page (${PAGE_SCRIPT}) is not in any directory above ${here}`, {
        hint: 'it is made by `npm run build` in world\'s checkout; the other formats (--format dot, mermaid, json) work without it',
      });
    }
    dir = up;
  }
};

/**
 * Text that is safe inside a <script> element: no `</script` (any case) to end it early and no
 * `<!--` to change how it is parsed. In JSON `<` becomes \u003c; in the script (where esbuild
 * leaves none today) `\x3C`, which means `<` in strings, templates and regular expressions alike.
 */
const jsonInScript = (data: unknown): string => JSON.stringify(data).replace(/</g, '\\u003c');
const scriptInScript = (js: string): string => js.replace(/<(?=\/script|!--)/gi, '\\x3C');

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:";

export const renderPage = (data: PageData): string =>
  [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(data.world)} — world graph</title>`,
    '</head>',
    '<body>',
    '<noscript>This page draws the graph with JavaScript: allow scripts for this file.</noscript>',
    `<script type="application/json" id="${PAGE_DATA_ID}">${jsonInScript(data)}</script>`,
    `<script>${scriptInScript(pageScript())}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
