/** After a build: the run's outputs to the binary cache world.yaml's nix.push names. */
import { pushToBinaryCache, readSigningKey, signingKeySource, type PushResult } from '@world/nix';
import type { RunResult } from '@world/executor';
import { notifier, type EngineHooks } from './hooks.js';
import type { Workspace } from './workspace.js';

/** Whether this run pushes; checks the signing key up front, so a bad credential fails before the build, not after. */
export const willPush = (ws: Workspace, opts: { push: boolean; dryRun: boolean }): boolean => {
  const nix = ws.world.config.nix;
  if (!nix.push || !opts.push || opts.dryRun) return false;
  readSigningKey(signingKeySource(nix, ws.root.root));
  return true;
};

/** Copies the run's outputs (built or cached: valid store paths) to nix.push. */
export const pushRunOutputs = async (ws: Workspace, result: RunResult, hooks: EngineHooks = {}): Promise<PushResult> => {
  const paths = result.results.filter((t) => t.status === 'built' || t.status === 'cached').map((t) => t.out);
  const pushed = await pushToBinaryCache(paths, ws.world.config.nix, ws.root.root);
  if (pushed.paths.length > 0) {
    const n = pushed.paths.length;
    notifier(hooks)({ level: 'info', message: `pushed ${n} output${n === 1 ? '' : 's'} (with their closures) to ${pushed.url}${pushed.signedBy ? `, signed by ${pushed.signedBy}` : ', unsigned'}` });
  }
  return pushed;
};
