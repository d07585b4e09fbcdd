/**
 * What `world graph --format html` hands to its page: the whole project graph, what is known
 * about each project's targets and where that knowledge comes from, and the affected set when
 * one was computed. Shared by the CLI (which writes it) and the page (which reads it), so it
 * is types only: no Node, no DOM.
 */

export type TargetKind = 'build' | 'test' | 'lint' | 'other';

export interface PageTarget {
  name: string;
  kind: TargetKind;
  /** Target ids (`project:target`) whose outputs it links: its project's `needs` and its dependencies' build. */
  needs: string[];
}

/**
 * A project's targets are known only once Nix has evaluated its modules: the page shows what
 * the cache index holds for the project's current sources, and says so when it holds nothing.
 */
export type TargetKnowledge =
  /** The cache index has an entry for the project's current fingerprint. */
  | { state: 'evaluated'; key: string; evaluatedAt: string; targets: PageTarget[] }
  /** No entry for the current fingerprint: the targets are unknown until world evaluates it. */
  | { state: 'not-evaluated'; key: string }
  /** The fingerprint itself could not be computed (the message says why). */
  | { state: 'unknown'; why: string };

export interface PageProject {
  name: string;
  /** World path, `//dir`. */
  path: string;
  /** Its project.yaml, repository-relative. */
  file: string;
  owners: string[];
  tags: string[];
  /** Indices (into `projects`) of its direct dependencies. */
  deps: number[];
  /** Why it is affected (empty: it is not); absent when no affected set was computed. */
  affected?: string[];
  targets: TargetKnowledge;
}

export interface PageAffected {
  /** The ref compared against and the merge-base it resolved to; null when the base was missing (--all-if-base-missing). */
  base: string | null;
  mergeBase: string | null;
  /** The head commit, plus "and uncommitted changes" when they counted. */
  head: string;
  uncommitted: boolean;
  count: number;
}

export interface PageData {
  version: 1;
  world: string;
  generatedAt: string;
  /** Whether the page starts with the transitive reduction drawn (the user can switch). */
  reduce: boolean;
  /** null: no affected set was asked for (no --base, --affected or --affected-highlight). */
  affected: PageAffected | null;
  /** Where target knowledge comes from, for the page to say. */
  targetsFrom: string;
  projects: PageProject[];
}

/** The id of the script element holding the data as JSON. */
export const PAGE_DATA_ID = 'world-graph-data';
