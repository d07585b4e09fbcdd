/**
 * The affected set: projects whose inputs changed, plus the users of changed modules and
 * every project when a global input changed, closed over reverse dependencies. Each project
 * carries why it is in the set; breadth-first closure means the recorded dependency is on a
 * shortest chain back to a change, which is what `world why` prints.
 */
import { ANY_MODULE } from '@world/discovery';
import type { EdgeKind, EdgeOrigin, ProjectGraph } from '@world/graph';
import { classifier, type PathMeaning } from '@world/changes';

export type AffectReason =
  | { reason: 'changed'; files: string[] }
  | { reason: 'module'; module: string; files: string[] }
  | { reason: 'global'; files: string[] }
  /** Every project, without looking at changes (e.g. the base could not be resolved and the user opted in). */
  | { reason: 'everything'; why: string }
  /** Affected because `via`, one of its dependencies, is. */
  | { reason: 'dependency'; via: string };

export interface AffectedProject {
  name: string;
  /** World path, `//dir`. */
  path: string;
  reasons: AffectReason[];
}

export interface AffectedSet {
  /** In dependency order (deps first). */
  projects: AffectedProject[];
  /** Every changed path with what it means to the world. */
  changes: PathMeaning[];
}

export type ChangeInput = { paths: readonly string[] } | { everything: string };

export const computeAffected = (graph: ProjectGraph, input: ChangeInput): AffectedSet => {
  const classify = classifier(graph);
  const changes = 'paths' in input ? input.paths.map(classify) : [];
  const reasons = new Map<string, AffectReason[]>();
  const add = (name: string, r: AffectReason) => {
    const list = reasons.get(name);
    if (list) list.push(r);
    else reasons.set(name, [r]);
  };

  const byProject = new Map<string, string[]>();
  const byModule = new Map<string, string[]>();
  const globalFiles: string[] = [];
  for (const c of changes) {
    if (c.kind === 'project') byProject.set(c.project, [...(byProject.get(c.project) ?? []), c.path]);
    else if (c.kind === 'module') byModule.set(c.module, [...(byModule.get(c.module) ?? []), c.path]);
    else if (c.kind === 'global') globalFiles.push(c.path);
  }
  for (const [name, files] of byProject) add(name, { reason: 'changed', files });
  // Users of the modules directory as a whole (ANY_MODULE) are users of every module in it.
  for (const [module, files] of byModule) {
    for (const user of [...(graph.moduleUsers.get(module) ?? []), ...(module === ANY_MODULE ? [] : (graph.moduleUsers.get(ANY_MODULE) ?? []))]) add(user, { reason: 'module', module, files });
  }
  if ('everything' in input) for (const name of graph.projects.keys()) add(name, { reason: 'everything', why: input.everything });
  if (globalFiles.length > 0) for (const name of graph.projects.keys()) add(name, { reason: 'global', files: globalFiles });

  // Breadth-first over reverse edges from everything directly affected.
  const queue = [...reasons.keys()];
  for (let i = 0; i < queue.length; i++) {
    const name = queue[i]!;
    for (const user of graph.dependents(name)) {
      if (reasons.has(user)) continue;
      add(user, { reason: 'dependency', via: name });
      queue.push(user);
    }
  }

  const order = graph.topologicalOrder(new Set(reasons.keys()));
  return {
    changes,
    projects: order.map((name) => ({ name, path: graph.get(name)!.worldPath, reasons: reasons.get(name)! })),
  };
};

/** The edge a chain follows from a project to the dependency before it, and where it is written. */
export interface WhyEdge {
  kind: EdgeKind;
  origins: EdgeOrigin[];
}

export type WhyStep =
  | { step: 'file'; path: string; meaning: 'changed' | 'module' | 'global'; module?: string }
  | { step: 'everything'; why: string }
  /** `edge`: with a graph, for a project affected through a dependency. */
  | { step: 'project'; name: string; path: string; edge?: WhyEdge };

/**
 * The chain from a changed file to `name`: file → first affected project → … → name.
 * Given the graph, each project reached through a dependency says where that edge is written.
 * Returns undefined when the project is not affected.
 */
export const explain = (set: AffectedSet, name: string, graph?: ProjectGraph): WhyStep[] | undefined => {
  const byName = new Map(set.projects.map((p) => [p.name, p]));
  const chain: WhyStep[] = [];
  let current = byName.get(name);
  if (!current) return undefined;
  for (;;) {
    chain.unshift({ step: 'project', name: current.name, path: current.path });
    const direct = current.reasons.find((r) => r.reason !== 'dependency');
    if (direct) {
      if (direct.reason === 'module') chain.unshift({ step: 'file', path: direct.files[0]!, meaning: 'module', module: direct.module });
      else if (direct.reason === 'everything') chain.unshift({ step: 'everything', why: direct.why });
      else chain.unshift({ step: 'file', path: direct.files[0]!, meaning: direct.reason });
      return chain;
    }
    const via = current.reasons[0] as Extract<AffectReason, { reason: 'dependency' }>;
    const edge = graph?.edges(current.name).find((e) => e.to === via.via);
    if (edge) (chain[0] as Extract<WhyStep, { step: 'project' }>).edge = { kind: edge.kind, origins: edge.origins };
    current = byName.get(via.via);
    if (!current) return chain; // cannot happen: a dependency reason always names an affected project
  }
};
