/** The side panel: what is known about the selected project or target, and where it comes from. */
import type { PageData, PageProject } from '../../src/lib/graph-html/page-data.js';
import type { Graph, TaskGraph } from './model.js';
import { button, h } from './dom.js';

export interface PanelActions {
  /** Select a project in the project graph. */
  showProject: (project: number) => void;
  /** Select a target in the task graph. */
  showTask: (task: number) => void;
  /** Show only this node's neighbourhood, `depth` steps each way (Infinity: all). */
  focus: (depth: number) => void;
}

const field = (name: string, ...value: (Node | string)[]) => h('div', { class: 'field' }, h('span', { class: 'key' }, name), h('span', { class: 'value' }, ...value));

const list = (items: (Node | string)[], empty: string): HTMLElement =>
  items.length === 0 ? h('p', { class: 'muted' }, empty) : h('ul', {}, ...items.map((i) => h('li', {}, i)));

const link = (label: string, onClick: () => void) => button(label, onClick, { class: 'link' });

const focusButtons = (actions: PanelActions): HTMLElement =>
  h(
    'div',
    { class: 'focus' },
    'Focus on its neighbourhood: ',
    button('1 step', () => actions.focus(1), { 'data-depth': '1' }),
    button('2 steps', () => actions.focus(2), { 'data-depth': '2' }),
    button('all deps and dependents', () => actions.focus(Infinity), { 'data-depth': 'all' }),
  );

const shortKey = (key: string) => key.slice(0, 12);

const targetsSection = (data: PageData, p: PageProject, taskIndex: ReadonlyMap<string, number>, actions: PanelActions): HTMLElement[] => {
  const t = p.targets;
  switch (t.state) {
    case 'evaluated':
      return [
        list(
          t.targets.map((x) => {
            const i = taskIndex.get(`${p.name}:${x.name}`);
            return h('span', {}, i === undefined ? x.name : link(x.name, () => actions.showTask(i)), h('span', { class: 'muted' }, ` (${x.kind})${x.needs.length > 0 ? ` needs ${x.needs.join(', ')}` : ''}`));
          }),
          'no targets: its modules declare none',
        ),
        h('p', { class: 'source' }, `From ${data.targetsFrom}: evaluated ${t.evaluatedAt} for the project's current sources (key ${shortKey(t.key)}…).`),
      ];
    case 'not-evaluated':
      return [
        h('p', { class: 'unknown' }, 'Not evaluated yet: ', `the cache index has no entry for this project's current sources (key ${shortKey(t.key)}…), so its targets are unknown until world evaluates it (any build, test or dry run: world build -n).`),
      ];
    case 'unknown':
      return [h('p', { class: 'unknown' }, `Unknown: ${t.why}`)];
  }
};

export const projectPanel = (data: PageData, g: Graph, taskIndex: ReadonlyMap<string, number>, i: number, actions: PanelActions): HTMLElement => {
  const p = data.projects[i]!;
  const name = (j: number) => link(data.projects[j]!.name, () => actions.showProject(j));
  const affected =
    p.affected === undefined
      ? h('p', { class: 'muted' }, 'No affected set was computed (run with --base, --head or --affected).')
      : p.affected.length === 0
        ? h('p', {}, 'Not affected.')
        : h('div', {}, h('p', { class: 'affected-label' }, 'Affected:'), list(p.affected, ''));
  return h(
    'section',
    { 'data-project': p.name },
    h('h2', {}, p.name),
    field('path', p.path),
    field('file', p.file),
    field('owners', p.owners.length > 0 ? p.owners.join(', ') : '—'),
    field('tags', p.tags.length > 0 ? p.tags.join(', ') : '—'),
    h('h3', {}, 'Why it is affected'),
    affected,
    h('h3', {}, 'Targets'),
    ...targetsSection(data, p, taskIndex, actions),
    h('h3', {}, `Depends on (${g.succ[i]!.length})`),
    list(g.succ[i]!.map(name), 'nothing'),
    h('h3', {}, `Used by (${g.pred[i]!.length})`),
    list(g.pred[i]!.map(name), 'no project'),
    focusButtons(actions),
  );
};

export const taskPanel = (data: PageData, tg: TaskGraph, i: number, actions: PanelActions): HTMLElement => {
  const t = tg.tasks[i]!;
  const project = t.project === undefined ? undefined : data.projects[t.project];
  const task = (j: number) => link(tg.ids[j]!, () => actions.showTask(j));
  const knowledge = project?.targets;
  return h(
    'section',
    { 'data-task': t.id },
    h('h2', {}, t.id),
    field('kind', t.kind ?? 'unknown'),
    field('project', project ? link(project.name, () => actions.showProject(t.project!)) : 'not a project of this world'),
    t.kind === undefined
      ? h('p', { class: 'unknown' }, `Named by another target's needs; ${project ? `${project.name}'s` : 'its project\'s'} current entry in the cache index does not list it.`)
      : knowledge?.state === 'evaluated'
        ? h('p', { class: 'source' }, `From ${data.targetsFrom}: evaluated ${knowledge.evaluatedAt}.`)
        : '',
    h('h3', {}, `Needs (${tg.succ[i]!.length})`),
    list(tg.succ[i]!.map(task), 'nothing'),
    h('h3', {}, `Needed by (${tg.pred[i]!.length})`),
    list(tg.pred[i]!.map(task), 'no target'),
    focusButtons(actions),
  );
};
