/**
 * The two sides of a comparison — the base commit and the head (a commit or the working
 * tree) — and their targets' derivations. A side's projects, sources and fingerprints come
 * from git objects, so the base needs no checkout. Each side is evaluated like a dry-run
 * build: from the cache index when its fingerprints are known, otherwise with one
 * `nix-instantiate` for all of its projects.
 */
import { discover, type HeadSource, type World, type WorldRoot } from '@world/discovery';
import { ProjectGraph } from '@world/graph';
import { computeFingerprints, readSourceTree, HostDigests, type Fingerprints } from '@world/fingerprint';
import { planTargets } from '@world/executor';
import type { TargetKind } from '@world/nix';

export interface Side {
  world: World;
  graph: ProjectGraph;
  source: HeadSource;
}

export interface SideTarget {
  id: string;
  project: string;
  target: string;
  kind: TargetKind;
  drv: string;
  out: string;
}

export interface EvaluatedSide {
  /** Target id → its derivation. */
  targets: Map<string, SideTarget>;
  /** Whether Nix evaluated (false: everything came from the cache index). */
  evaluated: boolean;
}

const ALL_KINDS: readonly TargetKind[] = ['build', 'test', 'lint', 'other'];

/** The world as a commit has it: discovery and graph from that commit's tree. */
export const loadCommitSide = async (root: WorldRoot, commit: string): Promise<Side> => {
  const source: HeadSource = { kind: 'commit', oid: commit };
  const world = await discover(root, source);
  return { world, graph: new ProjectGraph(world), source };
};

/** Every target of `projects` (names this side knows), with derivations; builds nothing. */
export const evaluateSide = async (side: Side, projects: readonly string[]): Promise<EvaluatedSide> => {
  const known = projects.filter((p) => side.graph.projects.has(p));
  if (known.length === 0) return { targets: new Map(), evaluated: false };
  const r = await planTargets({
    world: side.world,
    graph: side.graph,
    source: side.source,
    selection: known.map((project) => ({ project })),
    kinds: ALL_KINDS,
  });
  const targets = new Map<string, SideTarget>(r.targets.map((t) => [t.id, { id: t.id, project: t.project, target: t.target, kind: t.kind, drv: t.drv, out: t.out }]));
  return { targets, evaluated: r.evaluated };
};

/** The side's fingerprints (input files per project, module files) for `projects` and their deps. */
export const sideFingerprints = async (side: Side, projects: readonly string[]): Promise<Fingerprints> => {
  const tree = await readSourceTree(side.world.root.root, side.source);
  return computeFingerprints(side.graph, tree, projects.filter((p) => side.graph.projects.has(p)), new HostDigests());
};
