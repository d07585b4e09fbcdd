import { Args, Flags } from '@oclif/core';
import { WorldError } from '@world/core';
import { watchWorld } from '@world/engine';
import { printNotice } from '@world/reporters/notice';
import { WorldCommand } from '../lib/base-command.js';
import { toOclifFlags } from '../lib/oclif-flags.js';
import { buildFlags, runBuildCommand, runResultJson } from '../lib/build-run.js';
import { cliHooks } from '../lib/notify.js';
import type { OutputLogs } from '@world/reporters';

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
    await watchWorld(
      { cwd: this.cwd, projects: this.positional },
      {
        build: (affected) =>
          runBuildCommand({
            cwd: this.cwd,
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
            command: 'watch',
          }),
        onRebuild: ({ changed, affected, outcome }) => emit({ event: 'rebuild', changed, affected, ...runResultJson(outcome) }),
        onError: ({ changed, error }) => {
          emit({ event: 'error', changed, error: error instanceof WorldError ? error.toJSON() : { message: error instanceof Error ? error.message : String(error) } });
          printNotice(process.stderr, error instanceof WorldError
            ? { level: 'warning', code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) }
            : { level: 'warning', message: error instanceof Error ? error.message : String(error) });
        },
      },
      cliHooks,
    );
    // With --json every line has been written; oclif must not add an object of its own.
    return json ? undefined : { stopped: true };
  }
}
