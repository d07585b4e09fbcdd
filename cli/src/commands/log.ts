import { Args } from '@oclif/core';
import { WorldError, targetId } from '@world/core';
import { LogPaths } from '@world/reporters';
import { readFileSync } from 'node:fs';
import { logFileOf, lookupProject } from '@world/executor';
import { readBuildLog, stripAnsi } from '@world/nix';
import { WorldCommand } from '../lib/base-command.js';
import { loadWorkspace } from '@world/engine/workspace';
import { cliHooks } from '../lib/notify.js';
import { parseSelector } from '@world/engine/selection';

const readWorldLog = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

export default class Log extends WorldCommand<typeof Log> {
  static override summary = "Print a target's whole build log (also for failed builds).";
  static override examples = ['<%= config.bin %> log payments-api:test', '<%= config.bin %> log money:build --json'];
  static override args = {
    target: Args.string({ description: 'PROJECT:TARGET', required: true }),
  };

  async run() {
    const ws = await loadWorkspace(this.cwd, undefined, cliHooks);
    const sel = parseSelector(ws.graph, this.args.target);
    if (sel.target === undefined) throw new WorldError('USAGE', `name a target: ${this.args.target}:<target>`, { hint: 'e.g. `world log money:build`' });
    const found = await lookupProject(ws.world, ws.graph, ws.source, sel.project);
    const entry = found.current ?? found.latest;
    const t = entry?.targets[sel.target];
    if (!entry || !t) {
      throw new WorldError('UNKNOWN_TARGET', `${sel.project}:${sel.target} has not been built yet`, { hint: `run \`world build ${sel.project}\` (or \`world test\`) first` });
    }
    // Nix keeps the log of every build it finished or failed; world keeps those Nix does not (cancelled builds).
    const raw = (await readBuildLog(t.drv)) ?? readWorldLog(logFileOf(ws.world, t.drv));
    if (raw === undefined) {
      throw new WorldError('UNKNOWN_TARGET', `there is no log for ${sel.project}:${sel.target} (${t.drv})`, {
        hint: 'it has not run on this machine since it last changed, or its output came from a binary cache',
      });
    }
    // Paths into the build's directory or a store source name the repository's files instead.
    const paths = new LogPaths((project) => ws.graph.projects.get(project)?.dir);
    const owner = { project: sel.project, drv: t.drv };
    const rewritten = raw.split('\n').map((line) => paths.rewrite(line, owner)).join('\n');
    const log = this.flags.json ? stripAnsi(rewritten) : rewritten;
    if (!found.current) cliHooks.notify?.({ level: 'info', message: 'the project changed since; this is the log of its last evaluated version' });
    this.print(log);
    return { target: targetId(sel.project, sel.target), drv: t.drv, out: t.out, current: found.current !== undefined, log };
  }
}
