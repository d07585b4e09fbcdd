/** The page's data from a loaded world: projects, their deps, targets and, when asked, the affected set. */
import { relative } from 'node:path';
import type { AffectedResult, Workspace } from '@world/engine/workspace';
import { describeReason } from '../describe.js';
import type { PageAffected, PageData, TargetKnowledge } from './page-data.js';

const affectedSummary = (r: AffectedResult): PageAffected => {
  const head = r.revisions?.head;
  return {
    base: r.revisions?.baseRef ?? null,
    mergeBase: r.revisions?.mergeBase ?? null,
    head: head?.commit ?? 'HEAD',
    uncommitted: head?.kind === 'worktree' && head.uncommitted,
    count: r.affected.projects.length,
  };
};

export const collectPageData = (
  ws: Workspace,
  affected: AffectedResult | undefined,
  targets: ReadonlyMap<string, TargetKnowledge>,
  reduce: boolean,
): PageData => {
  const projects = [...ws.graph.projects.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  const at = new Map(projects.map((p, i) => [p.name, i]));
  const reasons = affected ? new Map(affected.affected.projects.map((p) => [p.name, p.reasons.map(describeReason)])) : undefined;
  return {
    version: 1,
    world: ws.world.config.name,
    generatedAt: new Date().toISOString(),
    reduce,
    affected: affected ? affectedSummary(affected) : null,
    targetsFrom: `the cache index (${relative(ws.root.root, ws.root.sharedStateDir) || '.'}/cache/index)`,
    projects: projects.map((p) => ({
      name: p.name,
      path: p.worldPath,
      file: p.config.file,
      owners: p.config.owners,
      tags: p.config.tags,
      deps: p.deps.map((d) => at.get(d)!),
      ...(reasons ? { affected: reasons.get(p.name) ?? [] } : {}),
      targets: targets.get(p.name) ?? { state: 'unknown', why: 'not looked up' },
    })),
  };
};
