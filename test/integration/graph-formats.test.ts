/**
 * `world graph` on real repositories: the transitive reduction in dot and Mermaid (and every
 * edge in JSON), --affected-highlight, --output, the HTML page's file and data (targets as the
 * cache index knows them, after a real Nix evaluation), --open, and this repository's own world.
 */
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO_ROOT, TestRepo, WORLD_BIN, cleanupTempDirs, layeredWorld, makeRepo, parseError, sh, tempDir } from '../helpers/world-fixture.js';
import type { PageData } from '../../cli/src/lib/graph-html/page-data.js';

afterAll(cleanupTempDirs);

interface GraphJson {
  nodes: { name: string; path: string; affected?: boolean }[];
  edges: [string, string][];
}

/** The edges of a dot document, in order. */
const dotEdges = (dot: string): [string, string][] => [...dot.matchAll(/^ {2}"([^"]+)" -> "([^"]+)";$/gm)].map((m) => [m[1]!, m[2]!]);

/** Mermaid node ids → names, and its edges as names. */
const mermaidOf = (text: string) => {
  const ids = new Map([...text.matchAll(/^ {2}(\w+)\["([^"]+)"\]$/gm)].map((m) => [m[1]!, m[2]!]));
  const edges = [...text.matchAll(/^ {2}(\w+) --> (\w+)$/gm)].map((m) => [ids.get(m[1]!)!, ids.get(m[2]!)!]);
  const affected = (/^ {2}class ([\w,]+) affected$/m.exec(text)?.[1]?.split(',') ?? []).map((id) => ids.get(id)!);
  return { ids, edges, affected };
};

/** The page's embedded data, read back the way the page reads it. */
const pageDataOf = (html: string): PageData => {
  const m = /<script type="application\/json" id="world-graph-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no data element in the page');
  return JSON.parse(m[1]!) as PageData;
};

/**
 * An edge a → c is implied when some other path leads from a to c: the reduction by its
 * definition, computed the slow way (the graphs here are acyclic).
 */
const reducedByDefinition = (edges: [string, string][]): [string, string][] => {
  const succ = new Map<string, string[]>();
  for (const [a, b] of edges) succ.set(a, [...(succ.get(a) ?? []), b]);
  const reaches = (from: string, to: string, skip: [string, string]): boolean => {
    const stack = (succ.get(from) ?? []).filter((x) => !(from === skip[0] && x === skip[1]));
    const seen = new Set<string>();
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (v === to) return true;
      if (seen.has(v)) continue;
      seen.add(v);
      stack.push(...(succ.get(v) ?? []));
    }
    return false;
  };
  return edges.filter((e) => !reaches(e[0], e[1], e));
};

/**
 * The layered world, where payments-api also depends on money directly (implied through
 * payments-core), on a branch that changed modules/base.nix (imported by modules/node.nix):
 * ui-kit and its users payments-api and shop-web are affected.
 */
let repo: TestRepo;
beforeAll(() => {
  const files = layeredWorld();
  files['areas/payments/api/project.yaml'] = 'name: payments-api\ndeps: [payments-core, //libs/ui-kit, money]\nmodules: [node]\ntags: [service]\nowners: [team-payments]\n';
  repo = makeRepo(files);
  repo.git('checkout', '-q', '-b', 'feature');
  repo.commit('base module', { 'modules/base.nix': '{ ... }: { config = { }; }\n' });
});

const ALL_EDGES: [string, string][] = [
  ['payments-api', 'money'],
  ['payments-api', 'payments-core'],
  ['payments-api', 'ui-kit'],
  ['payments-core', 'money'],
  ['shop-web', 'ui-kit'],
];
const REDUCED = ALL_EDGES.filter(([a, b]) => !(a === 'payments-api' && b === 'money'));
const AFFECTED = ['payments-api', 'shop-web', 'ui-kit'];

describe('transitive reduction', () => {
  test('json lists every dependency; dot and mermaid draw the reduction, --all-edges every edge', () => {
    expect(repo.worldJson<GraphJson>('graph').json.edges).toEqual(ALL_EDGES);

    const dot = repo.world('graph', '--format', 'dot');
    expect(dot.code).toBe(0);
    expect(dotEdges(dot.stdout)).toEqual(REDUCED);
    expect(dotEdges(repo.world('graph', '--format', 'dot', '--all-edges').stdout)).toEqual(ALL_EDGES);

    expect(mermaidOf(repo.world('graph', '--format', 'mermaid').stdout).edges).toEqual(REDUCED);
    expect(mermaidOf(repo.world('graph', '--format', 'mermaid', '--all-edges').stdout).edges).toEqual(ALL_EDGES);
  });

  test('--affected reduces the affected subgraph on its own', () => {
    const dot = repo.world('graph', '--format', 'dot', '--affected', '--base', 'main').stdout;
    expect(dotEdges(dot)).toEqual([
      ['payments-api', 'ui-kit'],
      ['shop-web', 'ui-kit'],
    ]);
  });

  test("this repository's own world: dot draws exactly the reduction of every dependency", () => {
    const all = JSON.parse(sh(REPO_ROOT, process.execPath, [WORLD_BIN, 'graph', '--format', 'json']).stdout) as GraphJson;
    const dot = sh(REPO_ROOT, process.execPath, [WORLD_BIN, 'graph', '--format', 'dot']);
    expect(dot.code).toBe(0);
    const drawn = dotEdges(dot.stdout);
    expect(drawn).toEqual(reducedByDefinition(all.edges));
    // The packages depend on core, config… through each other: most edges are implied.
    expect(drawn.length).toBeLessThan(all.edges.length / 2);
  });
});

describe('--affected-highlight', () => {
  test('dot: every project, the affected ones filled', () => {
    const r = repo.world('graph', '--format', 'dot', '--affected-highlight', '--base', 'main');
    expect(r.code).toBe(0);
    const filled = [...r.stdout.matchAll(/^ {2}"([^"]+)" \[[^\]]*fillcolor="#f6a04d"\];$/gm)].map((m) => m[1]);
    expect(filled).toEqual(AFFECTED);
    expect([...r.stdout.matchAll(/^ {2}"([^"]+)" \[/gm)].map((m) => m[1])).toEqual(['money', 'payments-api', 'payments-core', 'shop-web', 'ui-kit']);
    expect(dotEdges(r.stdout)).toEqual(REDUCED);
  });

  test('mermaid: every project, the affected ones in class `affected`', () => {
    const text = repo.world('graph', '--format', 'mermaid', '--affected-highlight', '--base', 'main').stdout;
    const m = mermaidOf(text);
    expect([...m.ids.values()]).toEqual(['money', 'payments-api', 'payments-core', 'shop-web', 'ui-kit']);
    expect(m.affected).toEqual(AFFECTED);
    expect(text).toMatch(/^ {2}classDef affected fill:#f6a04d,stroke:#a4511a$/m);
  });

  test('json: every node says whether it is affected; nothing affected: no class line', () => {
    const { json } = repo.worldJson<GraphJson>('graph', '--affected-highlight', '--base', 'main');
    expect(json.nodes.filter((n) => n.affected).map((n) => n.name)).toEqual(AFFECTED);
    expect(json.nodes.every((n) => typeof n.affected === 'boolean')).toBe(true);
    expect(json.edges).toEqual(ALL_EDGES);

    const none = repo.world('graph', '--format', 'mermaid', '--affected-highlight', '--base', 'feature').stdout;
    expect(none).not.toContain('class ');
  });
});

describe('--output and --open', () => {
  test('--output writes the drawing to the file and nothing to stdout', () => {
    const file = join(tempDir('world-graph-out-'), 'world.dot');
    const r = repo.world('graph', '--format', 'dot', '--output', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(dotEdges(readFileSync(file, 'utf8'))).toEqual(REDUCED);
  });

  test('an --output that cannot be written is a usage error naming the flag', () => {
    const notADir = join(tempDir('world-graph-out-'), 'file');
    writeFileSync(notADir, 'x');
    const r = repo.world('graph', '--format', 'dot', '--output', join(notADir, 'world.dot'));
    expect(r.code).toBe(2);
    expect(parseError(r.stderr)?.code).toBe('USAGE');
    expect(r.stderr).toContain('--output');
    expect(readFileSync(notADir, 'utf8')).toBe('x');
  });

  test('--open is for the html page only', () => {
    const r = repo.world('graph', '--format', 'dot', '--open');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format html --open');
  });

  test("--open runs $BROWSER with the page's path; a browser that cannot start is exit 4, the page written", () => {
    const dir = tempDir('world-graph-browser-');
    const record = join(dir, 'opened.txt');
    const browser = join(dir, 'browser.sh');
    writeFileSync(browser, `#!/bin/sh\nprintf '%s\\n' "$@" > ${JSON.stringify(record)}\n`);
    chmodSync(browser, 0o755);
    const page = join(dir, 'graph page.html');
    const r = sh(repo.dir, process.execPath, [WORLD_BIN, 'graph', '--format', 'html', '--output', page, '--open'], { BROWSER: browser });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(page);
    // Detached: give the script a moment to write.
    for (let i = 0; i < 100 && !existsSync(record); i++) sh(dir, 'sleep', ['0.05']);
    expect(readFileSync(record, 'utf8')).toBe(`${page}\n`);

    const missing = join(dir, 'other.html');
    const bad = sh(repo.dir, process.execPath, [WORLD_BIN, 'graph', '--format', 'html', '--output', missing, '--open'], { BROWSER: join(dir, 'no-such-browser') });
    expect(bad.code).toBe(4);
    expect(parseError(bad.stderr)?.code).toBe('BROWSER_FAILED');
    expect(existsSync(missing)).toBe(true);
  });
});

describe('--format html', () => {
  test('writes one page to .git/world/graph.html by default; its data is the whole graph, affected marked with reasons', () => {
    const r = repo.world('graph', '--format', 'html', '--base', 'main');
    expect(r.code).toBe(0);
    const file = join(repo.dir, '.git', 'world', 'graph.html');
    expect(r.stdout.trim()).toBe(file);
    const html = readFileSync(file, 'utf8');
    // Self-contained: no external script, stylesheet or image, and a policy that forbids fetching.
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img/i);
    expect(html).toContain("default-src 'none'");
    expect(html.match(/<\/script>/g)).toHaveLength(2);

    const data = pageDataOf(html);
    expect(data.world).toBe('acme');
    expect(data.projects.map((p) => p.name)).toEqual(['money', 'payments-api', 'payments-core', 'shop-web', 'ui-kit']);
    const edges = data.projects.flatMap((p) => p.deps.map((d) => [p.name, data.projects[d]!.name]));
    expect(edges.sort()).toEqual([...ALL_EDGES].sort());
    expect(data.affected).toMatchObject({ base: 'main', count: 3, uncommitted: true });
    const byName = Object.fromEntries(data.projects.map((p) => [p.name, p]));
    expect(byName['ui-kit']!.affected).toEqual(['module base changed (modules/base.nix)']);
    expect(byName['shop-web']!.affected).toEqual(['depends on ui-kit']);
    expect(byName['money']!.affected).toEqual([]);
    expect(byName['payments-api']).toMatchObject({ path: '//areas/payments/api', file: 'areas/payments/api/project.yaml', owners: ['team-payments'], tags: ['service'] });
    // Nothing was evaluated: the targets are unknown, and said to be.
    for (const p of data.projects) expect(p.targets.state).toBe('not-evaluated');
  });

  test('without --base or --affected: no affected set, and --json summarises what was written', () => {
    const out = join(tempDir('world-graph-html-'), 'g.html');
    const { code, json } = repo.worldJson('graph', '--format', 'html', '-o', out);
    expect(code).toBe(0);
    expect(json).toEqual({ file: out, projects: 5, edges: 5, affected: null, targets: { evaluated: 0, notEvaluated: 5, unknown: 0 } });
    const data = pageDataOf(readFileSync(out, 'utf8'));
    expect(data.affected).toBeNull();
    expect(data.projects.every((p) => p.affected === undefined)).toBe(true);
  });

  test('--output - prints the page', () => {
    const r = repo.world('graph', '--format', 'html', '--output', '-');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('<!doctype html>')).toBe(true);
    expect(pageDataOf(r.stdout).projects).toHaveLength(5);
  });

  test('a world whose fingerprints cannot be taken is still drawn, its targets "unknown" with the reason', () => {
    const bad = makeRepo({ 'world.yaml': 'name: t\nnix:\n  lib: ./no-such-lib\n', 'a/project.yaml': 'name: a\n' });
    const r = bad.world('graph', '--format', 'html', '--output', '-');
    expect(r.code).toBe(0);
    const [a] = pageDataOf(r.stdout).projects;
    expect(a!.targets.state).toBe('unknown');
    expect(a!.targets.state === 'unknown' && a!.targets.why).toMatch(/^its fingerprint could not be computed: world\.yaml: nix\.lib is "\.\/no-such-lib"/);
  });

  test('text from project files reaches the page as data, never as markup', () => {
    const evil = '</script><script>document.title="pwned"</script><!--';
    const r = makeRepo({
      'world.yaml': 'name: t\n',
      'a/project.yaml': `name: a\nowners: [${JSON.stringify(evil)}]\n`,
    });
    const html = r.world('graph', '--format', 'html', '--output', '-').stdout;
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toContain('<!--');
    expect(pageDataOf(html).projects[0]!.owners).toEqual([evil]);
  });
});

describe('targets in the page: what the cache index knows, after a real evaluation', () => {
  let world: TestRepo;
  beforeAll(() => {
    world = makeRepo({
      'world.yaml': 'name: tasks\n',
      'lib/project.yaml': "name: lib\nmodules: [command]\nconfig:\n  command.build: 'mkdir -p $out'\n  command.test: 'true'\n",
      'lib/x.txt': 'x\n',
      'app/project.yaml': "name: app\ndeps: [lib]\nmodules: [command]\nconfig:\n  command.build: 'mkdir -p $out'\n  command.test: 'true'\n",
      'app/y.txt': 'y\n',
      'docs/project.yaml': 'name: docs\n',
    });
  });

  test('evaluated projects list their targets and needs exactly as the index holds them; an edit makes them unknown again', () => {
    const dry = world.worldJson<{ targets: { id: string; key: string }[] }>('build', '-n');
    expect(dry.code).toBe(0);
    const keys = Object.fromEntries(dry.json.targets.map((t) => [t.id.split(':')[0], t.key]));

    const data = pageDataOf(world.world('graph', '--format', 'html', '-o', '-').stdout);
    const byName = Object.fromEntries(data.projects.map((p) => [p.name, p.targets]));
    expect(byName['lib']).toMatchObject({ state: 'evaluated', key: keys['lib'] });
    expect(byName['app']).toMatchObject({ state: 'evaluated', key: keys['app'] });
    // What the index files say, read directly.
    const indexDir = join(world.dir, '.git', 'world', 'cache', 'index');
    // Entries live in the two-hex shard directories; the index's top level holds the run's pack.
    const entries = readdirSync(indexDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.parentPath !== indexDir)
      .map((e) => JSON.parse(readFileSync(join(e.parentPath, e.name), 'utf8')) as { key: string; project: string; targets: Record<string, { kind: string; needs: string[] }> });
    const entryOf = (name: string) => entries.find((e) => e.project === name && e.key === keys[name])!;
    for (const name of ['lib', 'app']) {
      const t = byName[name]!;
      if (t.state !== 'evaluated') throw new Error('not evaluated');
      expect(t.targets).toEqual(Object.entries(entryOf(name).targets).map(([n, v]) => ({ name: n, kind: v.kind, needs: v.needs })).sort((a, b) => (a.name < b.name ? -1 : 1)));
    }
    // The task edges the page draws: app's targets need lib's build; test needs its own build.
    const app = byName['app']!;
    if (app.state !== 'evaluated') throw new Error('not evaluated');
    expect(app.targets.find((t) => t.name === 'build')!.needs).toEqual(['lib:build']);
    expect([...app.targets.find((t) => t.name === 'test')!.needs].sort()).toEqual(['app:build', 'lib:build']);
    // docs has no modules: evaluated, with no targets.
    expect(byName['docs']).toMatchObject({ state: 'evaluated', targets: [] });

    // An edit to lib changes its key and app's: their old entries are for other sources.
    world.write({ 'lib/x.txt': 'changed\n' });
    const after = pageDataOf(world.world('graph', '--format', 'html', '-o', '-').stdout);
    const state = Object.fromEntries(after.projects.map((p) => [p.name, p.targets.state]));
    expect(state).toEqual({ app: 'not-evaluated', docs: 'evaluated', lib: 'not-evaluated' });
  });
});
