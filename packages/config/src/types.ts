/** What world.yaml and project.yaml say, after validation. Plain data: cacheable as JSON. */

export interface NixSettings {
  /** 'builtin' or a path (relative to the world root) to a nixpkgs-compatible `lib` directory. */
  lib: string;
  /** Optional path to nixpkgs; when set, modules receive `pkgs`. */
  nixpkgs: string | null;
  substituters: string[];
  trustedPublicKeys: string[];
  /** A binary cache URL outputs are copied to after a build. */
  push: string | null;
  /** Where the key that signs pushed paths comes from: a file path or `env:VARIABLE`. */
  signingKey: string | null;
  /** Opt-in to pushing unsigned paths. */
  pushUnsigned: boolean;
  builders: string[];
  /** Host directories builds may run tools from when no nixpkgs is configured. */
  hostPath: string[];
}

export interface WorldConfig {
  /** Repository-relative path of the file, for messages. */
  file: string;
  name: string;
  /** Globs of directories where project.yaml files are looked for. */
  projects: string[];
  /** Globs of files whose change affects every project. */
  global: string[];
  /** Directory holding the shared Nix modules. */
  modules: string;
  /** Branch `--base` defaults to; found from origin/HEAD, main or master when unset. */
  defaultBranch: string | null;
  checkout: { always: string[] };
  /** Where projects' dependencies come from besides project.yaml. */
  deps: DepsSettings;
  nix: NixSettings;
}

/** Package manifests world can read dependencies from. */
export const MANIFEST_KINDS = ['package.json'] as const;
export type ManifestKind = (typeof MANIFEST_KINDS)[number];

export interface DepsSettings {
  /**
   * Manifests in each project's directory whose dependencies on other projects count as the
   * project's own, combined with project.yaml's `deps`/`devDeps` (world.yaml `deps.from`).
   */
  from: ManifestKind[];
}

/** Where a value stood in its file, so later stages (graph, modules) can point at it. */
export interface Position {
  line: number;
  col: number;
}

export interface ProjectConfig {
  /** Repository-relative directory ('' is the root). */
  dir: string;
  /** Repository-relative path of project.yaml. */
  file: string;
  name: string;
  /** Runtime dependencies: every target of the project links their `build` outputs. */
  deps: string[];
  /** Test-only dependencies: only its test and lint targets link them (they count fully for `affected`). */
  devDeps: string[];
  modules: string[];
  /** Option values for the modules; keys may be dotted paths (`node.entry`). */
  config: Record<string, unknown>;
  /** Globs (relative to the project) of the files that count; null means all of them. */
  inputs: string[] | null;
  owners: string[];
  tags: string[];
  /** Positions of list entries, for errors raised after parsing (unknown dep, cycle…). */
  positions: { deps: Position[]; devDeps: Position[]; modules: Position[]; name: Position | null };
}
