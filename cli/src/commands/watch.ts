import { relative } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { git, splitNul, WorldError } from '@world/core';
import { computeAffected } from '@world/affected';
import { WorldCommand } from '../lib/base-command.js';
import { toOclifFlags } from '../lib/oclif-flags.js';
import { buildFlags, runBuildCommand, runResultJson } from '../lib/build-run.js';
import { loadWorkspace } from '@world/engine/workspace';
import type { OutputLogs } from '@world/reporters';

const DEBOUNCE_MS = 250;

export default class Watch extends WorldCommand<typeof Watch> {
  static override summary = 'Rebuild what each change affects, as you edit.';
  static override description =
    'Watches the world (ignoring what git ignores); after each burst of changes it rebuilds the targets of the affected projects ' +
    '(only among PROJECTs and what they depend on, when given), shows the result and keeps watching, failures included. Ctrl-C stops it. ' +
    'With --json, stdout gets one JSON object per line for each rebuild (`"event": "rebuild"`: the changed files, the affected projects ' +
    'and the run as `world build --json` gives it) and for each change that could not be built (`"event": "error"`).';
  static override strict = false;
  static override args = { projects: Args.string({ description: 'projects to watch (default: all)', required: false }) };
  static override flags = {
    test: Flags.boolean({ summary: 'Also run the affected test targets.', default: false }),
    ...toOclifFlags({ jobs: buildFlags.jobs, 'keep-going': buildFlags['keep-going'], 'output-logs': buildFlags['output-logs'] }),
  };
  static override examples = ['<%= config.bin %> watch', '<%= config.bin %> watch web --test'];

  async run() {
    // The shared flag specs come through untyped; these are their values.
    const flags = this.flags as { test: boolean; jobs: number; 'keep-going': boolean; 'output-logs'?: OutputLogs };
    const json = this.jsonEnabled();
    // One line each, written as it happens: a consumer reads them as they come.
    const emit = (line: Record<string, unknown>) => {
      if (json) process.stdout.write(`${JSON.stringify(line)}\n`);
    };
    const { watch } = await import('chokidar');
    const ws = await loadWorkspace(this.cwd);
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
          const current = await loadWorkspace(root);
          const watched = this.positional.length > 0 ? current.graph.dependencyClosure(this.positional.map((p) => current.graph.resolve(p).name)) : undefined;
          const affected = computeAffected(current.graph, { paths: changed }).projects.map((p) => p.name).filter((n) => !watched || watched.has(n));
          process.stderr.write(`\nworld: ${changed.length} file(s) changed → ${affected.length ? affected.join(', ') : 'nothing to rebuild'}\n`);
          if (affected.length === 0) continue;
          const outcome = await runBuildCommand({
            cwd: root,
            argv: affected,
            flags: {
              affected: false,
              uncommitted: true,
              'all-if-base-missing': false,
              jobs: flags.jobs,
              'keep-going': flags['keep-going'],
              'dry-run': false,
              ...(flags['output-logs'] ? { 'output-logs': flags['output-logs'] } : {}),
            },
            json,
            kinds: flags.test ? ['build', 'lint', 'other', 'test'] : ['build', 'lint', 'other'],
          });
          const { summary } = outcome.result;
          emit({ event: 'rebuild', changed, affected, ...runResultJson(outcome) });
          process.stderr.write(summary.failed + summary.skipped > 0 ? 'world: watching (fix and save to retry)…\n' : 'world: watching…\n');
        }
      } catch (e) {
        // A bad edit (broken project.yaml, say) must not end the watch: report and wait for the fix.
        emit({ event: 'error', changed, error: e instanceof WorldError ? e.toJSON() : { message: e instanceof Error ? e.message : String(e) } });
        process.stderr.write(`world: ${e instanceof Error ? e.message : String(e)}\nworld: watching…\n`);
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
    process.stderr.write(`world: watching ${ws.world.config.name} (${ws.graph.projects.size} projects); Ctrl-C to stop\n`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        clearTimeout(timer);
        void watcher.close().then(resolve);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    process.stderr.write('world: stopped watching\n');
    // With --json every line has been written; oclif must not add an object of its own.
    return json ? undefined : { stopped: true };
  }
}
