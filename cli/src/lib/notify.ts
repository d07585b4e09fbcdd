/** The engine's notices for the commands that have no build reporter: printed on stderr as they come. */
import type { EngineHooks } from '@world/engine/workspace';
import { printNotice } from '@world/reporters/notice';

export const cliHooks: EngineHooks = { notify: (n) => printNotice(process.stderr, n) };
