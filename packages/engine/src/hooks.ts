/**
 * How the engine talks back while it works: build events (progress, each target's fate) and
 * notices (a warning, a piece of information) — values the CLI hands to its reporter, never
 * lines the engine prints itself.
 */
import type { BuildEvent, Notice } from '@world/executor';
import type { WorldRoot } from '@world/discovery';
import type { ProjectGraph } from '@world/graph';

export type { Notice } from '@world/executor';

export interface EngineHooks {
  onEvent?: (e: BuildEvent) => void;
  notify?: (n: Notice) => void;
  /** The world a build or ci run was read from, before anything is built (a reporter maps log paths to its projects' directories). */
  onWorkspace?: (ws: { root: WorldRoot; graph: ProjectGraph }) => void;
}

export const notifier = (hooks: EngineHooks): ((n: Notice) => void) => hooks.notify ?? (() => {});
