/**
 * `world watch`: after each burst of file changes (what git ignores left out), the projects
 * they affect — among the watched ones and what those depend on — are rebuilt, and the watch
 * goes on whatever happens, a broken edit included. SIGINT or SIGTERM ends it. How a rebuild
 * runs and is shown is the caller's (the CLI gives it a reporter per rebuild).
 */
import { relative } from 'node:path';
import { computeAffected } from '@world/affected';
import { git, splitNul } from '@world/core';
import type { BuildOutcome } from './build.js';
import { notifier, type EngineHooks } from './hooks.js';
import { loadWorkspace } from './workspace.js';

/** Changes closer together than this are one burst. */
const DEBOUNCE_MS = 250;

export interface WatchRequest {
  cwd: string;
  /** Projects to watch (names or world paths); none: all. */
  projects: readonly string[];
}

export interface WatchHandlers {
  /** Builds the affected projects (their targets of the kinds the caller wants). */
  build: (projects: string[]) => Promise<BuildOutcome>;
  onRebuild?: (r: { changed: string[]; affected: string[]; outcome: BuildOutcome }) => void;
  onError?: (r: { changed: string[]; error: unknown }) => void;
}

export const watchWorld = async (req: WatchRequest, handlers: WatchHandlers, hooks: EngineHooks = {}): Promise<void> => {
  const notify = notifier(hooks);
  const { watch } = await import('chokidar');
  const ws = await loadWorkspace(req.cwd, undefined, hooks);
  const root = ws.root.root;
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running = false;

  const rebuild = async () => {
    if (running) return; // the running build picks the rest up when it ends
    running = true;
    let changed: string[] = [];
    try {
      while (pending.size > 0) {
        const paths = [...pending];
        pending.clear();
        const ignored = new Set(splitNul((await git(root, ['check-ignore', '-z', '--stdin'], { input: paths.join('\0'), allowExitCodes: [1] })).stdout));
        changed = paths.filter((p) => !ignored.has(p));
        if (changed.length === 0) continue;
        const current = await loadWorkspace(root, undefined, hooks);
        const watched = req.projects.length > 0 ? current.graph.dependencyClosure(req.projects.map((p) => current.graph.resolve(p).name)) : undefined;
        const affected = computeAffected(current.graph, { paths: changed }).projects.map((p) => p.name).filter((n) => !watched || watched.has(n));
        const files = `${changed.length} file${changed.length === 1 ? '' : 's'}`;
        notify({ level: 'info', message: `${files} changed → ${affected.length ? affected.join(', ') : 'nothing to rebuild'}` });
        if (affected.length === 0) continue;
        const outcome = await handlers.build(affected);
        handlers.onRebuild?.({ changed, affected, outcome });
        notify({ level: 'info', message: outcome.result.summary.ok ? 'watching…' : 'watching (fix and save to retry)…' });
      }
    } catch (error) {
      // A bad edit (a broken project.yaml, say) must not end the watch: report it and wait for the fix.
      handlers.onError?.({ changed, error });
      notify({ level: 'info', message: 'watching…' });
    } finally {
      running = false;
    }
  };

  const watcher = watch(root, {
    ignoreInitial: true,
    ignored: (p: string) => /(^|\/)(\.git|node_modules)(\/|$)/.test(relative(root, p)),
  });
  watcher.on('all', (_event, path) => {
    pending.add(relative(root, path).split('\\').join('/'));
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), DEBOUNCE_MS);
  });
  await new Promise<void>((resolve) => watcher.on('ready', () => resolve()));
  notify({ level: 'info', message: `watching ${ws.world.config.name} (${ws.graph.projects.size} projects); Ctrl-C to stop` });
  await new Promise<void>((resolve) => {
    const stop = () => {
      clearTimeout(timer);
      void watcher.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  notify({ level: 'info', message: 'stopped watching' });
};
