/**
 * What `world build` and `world test` share: choose the projects (named, affected, or all),
 * run their targets of the wanted kinds, report progress, and map failures to exit 1.
 */
import { availableParallelism } from 'node:os';
import { Args, Flags } from '@oclif/core';
import { WorldError, isWorldPath, isValidName } from '@world/core';
import { runTargets, type RunResult, type TargetSelection } from '@world/executor';
import type { TargetKind } from '@world/nix';
import { pickReporter } from '@world/reporters';
import type { ProjectGraph } from '@world/graph';
import { changeFlags, changeRequest } from './flags.js';
import { toOclifFlags } from './oclif-flags.js';
import { loadAffected, loadWorkspace, type Workspace } from './workspace.js';

export const buildArgs = {
  targets: Args.string({ description: 'PROJECT or PROJECT:TARGET (name or world path); default: every project', required: false }),
};

export const buildFlags = {
  affected: Flags.boolean({ summary: 'Only the projects affected by the change (see `world affected`).', default: false }),
  ...toOclifFlags(changeFlags),
  jobs: Flags.integer({ char: 'j', summary: 'How many derivations Nix builds at once.', default: availableParallelism(), min: 1 }),
  'keep-going': Flags.boolean({ char: 'k', summary: 'Keep building other targets after a failure.', default: false }),
  'dry-run': Flags.boolean({ char: 'n', summary: 'Show what would be built and what is cached; build nothing.', default: false }),
};

/** `pay`, `pay:build`, `//areas/pay:test` → a selection. */
export const parseSelector = (graph: ProjectGraph, s: string): TargetSelection => {
  const colon = s.lastIndexOf(':');
  const target = colon > (isWorldPath(s) ? 1 : -1) ? s.slice(colon + 1) : undefined;
  const project = target === undefined ? s : s.slice(0, colon);
  if (target !== undefined && !isValidName(target)) {
    throw new WorldError('USAGE', `${JSON.stringify(s)}: ${JSON.stringify(target)} is not a target name`, { hint: 'write PROJECT or PROJECT:TARGET, e.g. payments-api:test' });
  }
  return { project: graph.resolve(project, 'argument').name, ...(target !== undefined ? { target } : {}) };
};

export interface BuildFlagValues {
  affected: boolean;
  base?: string | undefined;
  head?: string | undefined;
  uncommitted: boolean;
  'all-if-base-missing': boolean;
  jobs: number;
  'keep-going': boolean;
  'dry-run': boolean;
}

export interface BuildCommandInput {
  cwd: string;
  argv: string[];
  flags: BuildFlagValues;
  json: boolean;
  kinds: readonly TargetKind[];
}

export const runBuildCommand = async (input: BuildCommandInput): Promise<{ ws: Workspace; result: RunResult }> => {
  const { flags } = input;
  let ws: Workspace;
  let projects: string[];
  if (flags.affected) {
    const r = await loadAffected(input.cwd, changeRequest({ ...flags }));
    ws = r;
    projects = r.affected.projects.map((p) => p.name);
  } else {
    ws = await loadWorkspace(input.cwd, flags.head);
    projects = [...ws.graph.projects.keys()];
  }
  const selection = input.argv.length > 0
    ? input.argv.map((a) => parseSelector(ws.graph, a)).filter((s) => !flags.affected || projects.includes(s.project))
    : projects.map((project) => ({ project }));
  const reporter = pickReporter({ json: input.json, stream: process.stderr });
  const result = await runTargets({
    world: ws.world,
    graph: ws.graph,
    source: ws.source,
    selection,
    kinds: input.kinds,
    jobs: flags.jobs,
    keepGoing: flags['keep-going'],
    dryRun: flags['dry-run'],
    onEvent: (e) => reporter.onEvent(e),
  });
  reporter.finish(result);
  return { ws, result };
};

/** The JSON shape of `world build --json` / `world test --json`. */
export const runResultJson = (result: RunResult) => ({
  summary: result.summary,
  evaluated: result.evaluated,
  plan: result.plan?.nixFile ?? null,
  targets: result.results,
});
