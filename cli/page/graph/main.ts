/**
 * The graph page: reads the data the CLI embedded, draws the project graph (and, on demand,
 * the task graph) and wires search, selection, focus and the reduction switch. Everything it
 * needs is in the page; it fetches nothing.
 */
import type { PageData } from '../../src/lib/graph-html/page-data.js';
import { PAGE_DATA_ID } from '../../src/lib/graph-html/page-data.js';
import { projectGraph, taskGraph, type Graph, type TaskGraph } from './model.js';
import { Scene } from './scene.js';
import { projectPanel, taskPanel, type PanelActions } from './panel.js';
import { button, byId, h } from './dom.js';
import css from './page.css';
import type { PageSnapshot, Tab } from './snapshot.js';

const data = JSON.parse(byId<HTMLScriptElement>(PAGE_DATA_ID).textContent ?? '') as PageData;
const projects = projectGraph(data);
const tasks = taskGraph(data);
const taskIndex = new Map(tasks.ids.map((id, i) => [id, i]));

const setState = (state: 'loading' | 'ready' | 'error') => (document.body.dataset.state = state);

// ---- the page's frame ----
const style = document.createElement('style');
style.textContent = css;
document.head.append(style);

const search = h('input', { id: 'search', type: 'search', placeholder: 'Search projects  ( / )', list: 'search-names', autocomplete: 'off', spellcheck: 'false' });
const names = h('datalist', { id: 'search-names' });
const reduceBox = h('input', { id: 'reduce', type: 'checkbox' });
reduceBox.checked = data.reduce;
const tabButton = (tab: Tab, label: string) => button(label, () => void showTab(tab), { 'data-tab': tab, role: 'tab' });
const notice = h('div', { id: 'notice' });
const focusBar = h('div', { id: 'focus-bar', hidden: '' });
const panel = h('aside', { id: 'panel' });
const status = h('footer', { id: 'status' });
const overlay = h('div', { id: 'overlay' }, 'Loading…');
const canvases: Record<Tab, HTMLElement> = { projects: h('div', { id: 'canvas-projects', class: 'canvas' }), tasks: h('div', { id: 'canvas-tasks', class: 'canvas', hidden: '' }) };

document.body.append(
  h(
    'header',
    {},
    h('h1', {}, data.world),
    h('nav', { role: 'tablist' }, tabButton('projects', 'Projects'), tabButton('tasks', 'Tasks')),
    search,
    names,
    h('label', { class: 'toggle' }, reduceBox, ' transitive reduction'),
    button('Fit', () => scenes[tab]?.fit(), { id: 'fit', title: 'Show the whole drawing' }),
    h('span', { class: 'legend' }, h('i', { class: 'swatch affected' }), 'affected', h('i', { class: 'swatch dep' }), 'depends on', h('i', { class: 'swatch user' }), 'used by'),
  ),
  notice,
  focusBar,
  h('main', {}, h('div', { class: 'stage' }, canvases.projects, canvases.tasks, overlay), panel),
  status,
);

const describeAffected = (): string => {
  const a = data.affected;
  if (!a) return 'No affected set: give --base <ref> (or --affected) to highlight what a change affects.';
  const against = a.base === null ? 'every project (the base could not be resolved)' : `${a.base} (merge-base ${a.mergeBase?.slice(0, 10)})`;
  return `Affected: ${a.count} of ${data.projects.length} projects, comparing ${a.head.slice(0, 10)}${a.uncommitted ? ' and uncommitted changes' : ''} with ${against}.`;
};
notice.append(describeAffected());

// ---- the two scenes ----
const isAffected = (project: number | undefined) => project !== undefined && (data.projects[project]?.affected?.length ?? 0) > 0;

const scenes: Partial<Record<Tab, Scene>> = {};
let tab: Tab = 'projects';
const graphOf = (t: Tab): Graph => (t === 'projects' ? projects : tasks);

const actions: PanelActions = {
  showProject: (i) => void showTab('projects').then(() => selectNode(i, true)),
  showTask: (i) => void showTab('tasks').then(() => selectNode(i, true)),
  focus: (depth) => void focusOn(depth),
};

const renderPanel = () => {
  const scene = scenes[tab];
  panel.replaceChildren();
  if (!scene || scene.selected === null) {
    panel.append(
      h('h2', {}, tab === 'projects' ? 'Projects' : 'Tasks'),
      h('p', {}, 'Click a node for its details; double-click to focus on its neighbourhood. Scroll to zoom, drag to pan, / to search, Esc to go back.'),
      tab === 'projects'
        ? h('p', { class: 'muted' }, 'An arrow a → b: a depends on b.')
        : h('p', { class: 'muted' }, `An arrow a → b: target a needs b's output. Targets as ${data.targetsFrom}.`),
    );
    return;
  }
  panel.append(tab === 'projects' ? projectPanel(data, projects, taskIndex, scene.selected, actions) : taskPanel(data, tasks as TaskGraph, scene.selected, actions));
};

const updateStatus = () => {
  const scene = scenes[tab];
  if (!scene) return;
  const g = scene.graph;
  const inside = scene.focus ? scene.shownEdges.length : g.edges.length;
  const what = tab === 'projects' ? 'projects' : 'targets';
  status.replaceChildren(
    `${scene.shown.size} ${what}${scene.focus ? ` (of ${g.ids.length})` : ''} · ${scene.shownEdges.length} edge${scene.shownEdges.length === 1 ? '' : 's'} drawn` +
      (scene.reduce ? ` (transitive reduction of ${scene.focus ? 'this neighbourhood' : `${inside} dependencies`})` : ' (every dependency)') +
      ` · laid out in ${(scene.layoutMs / 1000).toFixed(1)} s`,
  );
};

const updateFocusBar = () => {
  const scene = scenes[tab]!;
  focusBar.replaceChildren();
  focusBar.hidden = scene.focus === null;
  if (scene.focus) {
    const depth = scene.focus.depth === Infinity ? 'all its dependencies and dependents' : `${scene.focus.depth} step${scene.focus.depth > 1 ? 's' : ''} each way`;
    focusBar.append(`Showing the neighbourhood of ${scene.graph.ids[scene.focus.node]} (${depth}). `, button('Show the whole graph', () => void unfocus()));
  }
};

/** Runs a layout with the overlay up, timing it. */
const laidOut = async (scene: Scene, message: string): Promise<void> => {
  overlay.textContent = message;
  overlay.hidden = false;
  setState('loading');
  // Let the browser paint the message before the layout takes the thread.
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  await scene.draw();
  overlay.hidden = true;
  updateStatus();
  updateFocusBar();
  renderPanel();
  setState('ready');
};

const sceneFor = async (t: Tab): Promise<Scene> => {
  const existing = scenes[t];
  if (existing) return existing;
  const scene = new Scene({
    container: canvases[t],
    graph: graphOf(t),
    label: (i) => graphOf(t).ids[i]!,
    classes: (i) =>
      t === 'projects'
        ? isAffected(i)
          ? ['affected']
          : []
        : [...(isAffected(tasks.tasks[i]!.project) ? ['affected'] : []), tasks.tasks[i]!.kind ? `kind-${tasks.tasks[i]!.kind}` : 'unlisted'],
    reduce: reduceBox.checked,
    onSelect: (i) => selectNode(i, false),
    onFocus: (i) => {
      selectNode(i, false);
      void focusOn(1);
    },
  });
  scenes[t] = scene;
  await laidOut(scene, `Laying out ${scene.graph.ids.length} ${t === 'projects' ? 'projects' : 'targets'}…`);
  return scene;
};

function selectNode(i: number | null, center: boolean): void {
  const scene = scenes[tab];
  if (!scene) return;
  scene.select(i);
  if (center && i !== null) scene.center(i);
  renderPanel();
}

async function focusOn(depth: number): Promise<void> {
  const scene = scenes[tab];
  if (!scene || scene.selected === null) return;
  scene.focus = { node: scene.selected, depth };
  await laidOut(scene, `Laying out the neighbourhood of ${scene.graph.ids[scene.selected]}…`);
}

async function unfocus(): Promise<void> {
  const scene = scenes[tab];
  if (!scene?.focus) return;
  scene.focus = null;
  await laidOut(scene, 'Drawing the whole graph…');
  if (scene.selected !== null) scene.center(scene.selected);
}

const notEvaluated = (): string | null => {
  const missing = data.projects.length - tasks.evaluated;
  if (missing === 0) return null;
  return `${missing} of ${data.projects.length} projects have no evaluated targets for their current sources: their targets are unknown until world evaluates them (world build -n does), so they are not in this graph.`;
};

async function showTab(t: Tab): Promise<void> {
  tab = t;
  for (const [k, el] of Object.entries(canvases)) el.hidden = k !== t;
  for (const b of document.querySelectorAll<HTMLButtonElement>('nav button')) b.setAttribute('aria-selected', String(b.dataset.tab === t));
  search.placeholder = t === 'projects' ? 'Search projects  ( / )' : 'Search targets  ( / )';
  search.value = '';
  search.classList.remove('no-match');
  names.replaceChildren(...graphOf(t).ids.map((id) => h('option', { value: id })));
  document.body.dataset.tab = t;
  notice.replaceChildren(describeAffected(), ...(t === 'tasks' && notEvaluated() ? [h('div', { class: 'warning' }, notEvaluated()!)] : []));
  if (t === 'tasks' && tasks.ids.length === 0) {
    overlay.textContent = 'No project has evaluated targets yet, so there is no task graph to draw.';
    overlay.hidden = false;
    panel.replaceChildren();
    status.replaceChildren('0 targets');
    setState('ready');
    return;
  }
  const scene = await sceneFor(t);
  scene.resize();
  updateStatus();
  updateFocusBar();
  renderPanel();
}

// ---- search ----
const findNode = (query: string): number | null => {
  const q = query.trim().toLowerCase();
  if (q === '') return null;
  const ids = graphOf(tab).ids;
  const exact = ids.findIndex((id) => id.toLowerCase() === q);
  if (exact >= 0) return exact;
  if (tab === 'projects') {
    const byPath = data.projects.findIndex((p) => p.path.toLowerCase() === q || p.path.toLowerCase() === `//${q.replace(/^\/+/, '')}`);
    if (byPath >= 0) return byPath;
  }
  const partial = ids.findIndex((id) => id.toLowerCase().includes(q));
  return partial >= 0 ? partial : null;
};

const runSearch = async () => {
  const i = findNode(search.value);
  const scene = scenes[tab];
  if (i === null || !scene) {
    search.classList.toggle('no-match', search.value.trim() !== '');
    return;
  }
  search.classList.remove('no-match');
  if (!scene.shown.has(i)) {
    scene.focus = null;
    await laidOut(scene, 'Drawing the whole graph…');
  }
  selectNode(i, true);
};

search.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') void runSearch();
});
search.addEventListener('change', () => void runSearch());
document.addEventListener('keydown', (e) => {
  if (e.key === '/' && document.activeElement !== search) {
    e.preventDefault();
    search.focus();
    search.select();
  } else if (e.key === 'Escape') {
    const scene = scenes[tab];
    if (scene?.selected !== null && scene?.selected !== undefined) selectNode(null, false);
    else void unfocus();
  }
});

reduceBox.addEventListener('change', () => {
  for (const scene of Object.values(scenes)) scene.setReduce(reduceBox.checked);
  updateStatus();
});
window.addEventListener('resize', () => scenes[tab]?.resize());

window.worldGraph = {
  snapshot: (): PageSnapshot => {
    const scene = scenes[tab];
    const cy = scene?.cy;
    const sel = scene?.selected ?? null;
    const at = sel !== null && cy ? cy.getElementById(`n${sel}`).renderedPosition() : null;
    return {
      state: document.body.dataset.state ?? '',
      tab,
      nodes: cy?.nodes().length ?? 0,
      edges: cy?.edges().length ?? 0,
      selected: sel === null || !scene ? null : scene.graph.ids[sel]!,
      selectedAt: at ? { x: at.x, y: at.y } : null,
      canvas: { width: cy?.width() ?? 0, height: cy?.height() ?? 0 },
      zoom: cy?.zoom() ?? 0,
      focus: scene?.focus ? { node: scene.graph.ids[scene.focus.node]!, depth: scene.focus.depth } : null,
      highlighted: cy ? cy.nodes('.affected').map((n) => scene!.graph.ids[Number(n.id().slice(1))]!) : [],
    };
  },
  where: (id) => {
    const scene = scenes[tab];
    const i = scene?.graph.ids.indexOf(id) ?? -1;
    const n = i >= 0 ? scene!.cy.getElementById(`n${i}`) : undefined;
    if (!n || n.empty()) return null;
    const p = n.renderedPosition();
    return { x: p.x, y: p.y };
  },
};

showTab('projects').catch((e: unknown) => {
  setState('error');
  overlay.hidden = false;
  overlay.textContent = `The graph could not be drawn: ${e instanceof Error ? e.message : String(e)}`;
  throw e;
});
