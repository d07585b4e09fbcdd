/**
 * How the engine talks back while it works: build events (progress, each target's fate) and
 * notices (a warning, a piece of information) — values the CLI hands to its reporter, never
 * lines the engine prints itself.
 */
import type { BuildEvent, Notice } from '@world/executor';

export type { Notice } from '@world/executor';

export interface EngineHooks {
  onEvent?: (e: BuildEvent) => void;
  notify?: (n: Notice) => void;
}

export const notifier = (hooks: EngineHooks): ((n: Notice) => void) => hooks.notify ?? (() => {});
