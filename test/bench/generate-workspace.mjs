/**
 * Generates a JavaScript monorepo the way real ones look, for `world init` tests and the
 * bench: npm workspaces (`packages/*\/*` and nested fixtures), scoped and plain package names,
 * a layered graph of `dependencies` written as `workspace:*`, `workspace:^`, a semver range the
 * workspace version satisfies, or a `file:` path; ranges the workspace does not satisfy and
 * registry packages (no edges); peerDependencies; devDependencies that point up the layers
 * and so close cycles (a → b through b's test helpers, and a few long ones from base packages
 * to the top layer); and fixture packages inside other
 * packages' directories. No project.yaml, no world.yaml: that is `world init`'s job.
 *
 * The generator returns the package graph as data (which entries are edges), so a test can
 * compute the expected affected set on its own with a plain breadth-first search.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { rng } from './generate-world.mjs';

const LAYERS = 6;

/**
 * The workspace as data. Each package: { index, name (package name), dir, version, deps:
 * [{ to, section, spec }] where `to` is the index of the package it links, or -1 when the
 * entry is no edge (a registry package or an unsatisfied range) }.
 */
export const planWorkspace = (n, seed = 7) => {
  const random = rng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const packages = [];
  const main = Math.ceil(n * 0.9);
  const perLayer = Math.ceil(main / LAYERS);
  for (let i = 0; i < main; i++) {
    const layer = Math.floor(i / perLayer);
    const scoped = i % 3 !== 0;
    const short = `pkg${String(i).padStart(4, '0')}`;
    packages.push({
      index: i,
      layer,
      name: scoped ? `@scope${i % 4}/${short}` : `plain-${short}`,
      dir: `packages/g${i % 12}/${short}`,
      version: `1.${i % 5}.0`,
      deps: [],
      fixtureOf: null,
    });
  }
  // Fixture packages inside other packages' directories, up to n in all.
  for (let i = main, k = 0; i < n; i++, k++) {
    const outer = packages[(k * 7) % main];
    packages.push({ index: i, layer: -1, name: `fixture-${String(k).padStart(4, '0')}`, dir: `${outer.dir}/test/fixtures/fx${k}`, version: '0.0.0', deps: [], fixtureOf: outer.index });
  }
  const rel = (from, to) => {
    const a = from.split('/');
    const b = to.split('/');
    let common = 0;
    while (common < a.length && a[common] === b[common]) common++;
    return [...a.slice(common).map(() => '..'), ...b.slice(common)].join('/') || '.';
  };
  for (const p of packages.slice(0, main)) {
    if (p.layer > 0) {
      const count = 1 + Math.floor(random() * 3);
      for (let k = 0; k < count; k++) {
        const layer = random() < 0.7 ? p.layer - 1 : Math.floor(random() * p.layer);
        const to = packages[Math.min(main - 1, layer * perLayer + Math.floor(random() * perLayer))];
        if (to.layer >= p.layer || p.deps.some((d) => d.to === to.index)) continue;
        const kind = random();
        const [major, minor] = to.version.split('.');
        const spec = kind < 0.3 ? 'workspace:*' : kind < 0.5 ? 'workspace:^' : kind < 0.8 ? `^${major}.${minor}.0` : `file:${rel(p.dir, to.dir)}`;
        p.deps.push({ to: to.index, section: random() < 0.1 ? 'peerDependencies' : 'dependencies', spec });
      }
      // A range the workspace version does not satisfy: npm takes the registry's package.
      if (random() < 0.1) {
        const to = packages[Math.floor(random() * p.layer * perLayer)];
        if (!p.deps.some((d) => d.to === to.index)) p.deps.push({ to: -1, name: to.name, section: 'dependencies', spec: '^9.0.0' });
      }
    }
    p.deps.push({ to: -1, name: pick(['lodash', 'react', '@types/node', 'left-pad']), section: 'dependencies', spec: '^1.0.0' });
  }
  // Test helpers from packages that depend on this one: cycles through devDependencies.
  for (const p of packages.slice(0, main)) {
    if (random() >= 0.25) continue;
    const users = packages.slice(0, main).filter((q) => q.deps.some((d) => d.to === p.index));
    if (users.length > 0) p.deps.push({ to: pick(users).index, section: 'devDependencies', spec: 'workspace:*' });
  }
  // A few base packages test with a package far up that depends on them through many others:
  // one large cycle, like the 91-package one real repositories have.
  const users = new Map();
  for (const q of packages.slice(0, main)) for (const d of q.deps) if (d.to >= 0 && d.section !== 'devDependencies') users.set(d.to, [...(users.get(d.to) ?? []), q.index]);
  const reachOf = (i) => {
    const reach = new Set([i]);
    const queue = [i];
    while (queue.length > 0) for (const u of users.get(queue.pop()) ?? []) if (!reach.has(u)) (reach.add(u), queue.push(u));
    return reach;
  };
  const bases = packages.slice(0, 20).map((p) => [p, reachOf(p.index)]).sort((a, b) => b[1].size - a[1].size || a[0].index - b[0].index).slice(0, 3);
  for (const [p, reach] of bases) {
    // The top package with the most of those on its dependency paths down to p: the largest cycle.
    const onPaths = (t) => {
      const seen = new Set([t]);
      const stack = [t];
      while (stack.length > 0) for (const d of packages[stack.pop()].deps) if (d.to >= 0 && d.section !== 'devDependencies' && reach.has(d.to) && !seen.has(d.to)) (seen.add(d.to), stack.push(d.to));
      return seen.size;
    };
    const top = [...reach].filter((i) => packages[i].layer === LAYERS - 1).map((i) => [i, onPaths(i)]).sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
    if (top && !p.deps.some((d) => d.to === top[0])) p.deps.push({ to: top[0], section: 'devDependencies', spec: 'workspace:*' });
  }
  // Some packages test against one of their own fixtures.
  for (const f of packages.slice(main)) {
    const outer = packages[f.fixtureOf];
    if (f.index % 2 === 0 && !outer.deps.some((d) => d.to === f.index)) outer.deps.push({ to: f.index, section: 'devDependencies', spec: 'workspace:*' });
  }
  return { n, seed, packages };
};

/** package.json of one package. */
export const manifestOf = (plan, p) => {
  const sections = {};
  for (const d of p.deps) {
    const name = d.to >= 0 ? plan.packages[d.to].name : d.name;
    (sections[d.section] ??= {})[name] = d.spec;
  }
  return `${JSON.stringify({ name: p.name, version: p.version, private: p.fixtureOf !== null || undefined, main: 'index.js', ...sections }, null, 2)}\n`;
};

export const filesOf = (plan) => {
  const files = new Map();
  files.set('package.json', `${JSON.stringify({ name: '@scope0/monorepo', private: true, workspaces: ['packages/*/*', 'packages/*/*/test/fixtures/*'] }, null, 2)}\n`);
  files.set('package-lock.json', '{ "lockfileVersion": 3 }\n');
  files.set('.gitignore', 'node_modules/\n');
  files.set('README.md', 'a generated monorepo\n');
  for (const p of plan.packages) {
    files.set(`${p.dir}/package.json`, manifestOf(plan, p));
    files.set(`${p.dir}/index.js`, `module.exports = ${JSON.stringify(p.name)};\n`);
    files.set(`${p.dir}/src/lib.js`, `export const id = ${p.index};\n`);
  }
  return files;
};

/** Package indices that depend, directly or transitively, on any of `indices` — those included — over every edge kind. */
export const reverseClosure = (plan, indices) => {
  const users = new Map();
  for (const p of plan.packages) for (const d of p.deps) if (d.to >= 0) users.set(d.to, [...(users.get(d.to) ?? []), p.index]);
  const seen = new Set(indices);
  const queue = [...indices];
  while (queue.length > 0) for (const u of users.get(queue.pop()) ?? []) if (!seen.has(u)) (seen.add(u), queue.push(u));
  return seen;
};

const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 'gen', GIT_AUTHOR_EMAIL: 'gen@world.invalid', GIT_COMMITTER_NAME: 'gen', GIT_COMMITTER_EMAIL: 'gen@world.invalid' };

/** Writes the workspace as one commit on main in a new repository at `dir` (git fast-import), checked out. */
export const writeWorkspace = (dir, plan) => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const git = (args, input) => {
    const r = spawnSync('git', args, { cwd: dir, input, env: gitEnv, maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  };
  git(['init', '-q', '-b', 'main']);
  const chunks = ['commit refs/heads/main\ncommitter gen <gen@world.invalid> 1700000000 +0000\ndata 10\nworkspace\n'];
  for (const [path, content] of filesOf(plan)) chunks.push(`M 100644 inline ${path}\ndata ${Buffer.byteLength(content)}\n${content}\n`);
  git(['fast-import', '--quiet'], chunks.join(''));
  git(['reset', '-q', '--hard', 'main']);
};
