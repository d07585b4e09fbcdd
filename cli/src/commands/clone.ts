import { Args, Flags } from '@oclif/core';
import { cloneWorld, formatBytes } from '@world/checkout';
import { printNotice } from '@world/reporters/notice';
import { WorldCommand } from '../lib/base-command.js';
import { coneLines } from '../lib/checkout-output.js';

export default class Clone extends WorldCommand<typeof Clone> {
  static override summary = 'Clone a world with just the projects you work on (a sparse, blob-less partial clone).';
  static override description =
    'Runs `git clone --filter=blob:none --no-checkout`, reads the world from the fetched commit, sets the sparse cone to the projects, their ' +
    'transitive dependencies and checkout.always, and only then checks out: file contents outside the cone are never fetched. ' +
    'Every other project is still part of the world (world affected, world build read them from git).';
  static override examples = [
    '<%= config.bin %> clone https://git.example.com/acme/world.git --project payments-api',
    '<%= config.bin %> clone ssh://git@host/acme/world.git acme --project payments-api --project shop-web --branch release',
  ];
  static override args = {
    url: Args.string({ description: 'the world repository (https://, ssh://, file://, a path); never an option-like value or an ext::/fd:: command URL', required: true }),
    dir: Args.string({ description: 'directory to clone into (default: from the URL)', required: false }),
  };
  static override flags = {
    project: Flags.string({ char: 'p', summary: 'A project to check out (repeatable), by name or world path.', multiple: true }),
    branch: Flags.string({ char: 'b', summary: 'Branch (or tag) to check out instead of the remote HEAD.' }),
  };

  async run() {
    const json = this.jsonEnabled();
    const r = await cloneWorld({
      cwd: this.cwd,
      url: this.args.url,
      dir: this.args.dir,
      projects: this.flags.project ?? [],
      branch: this.flags.branch,
      // Progress is for people watching a terminal; scripts read the summary (or --json).
      onProgress: json || !process.stderr.isTTY ? undefined : (m) => printNotice(process.stderr, { level: 'info', message: `${m}…` }),
    });
    this.print(
      [
        `cloned ${r.url} into ${r.dir} (${r.branch ?? r.commit.slice(0, 12)}${r.partial ? ', partial clone: other files are fetched when needed' : ', full clone: the server ignored --filter'})`,
        ...coneLines(r),
        `files:        ${r.files} (${formatBytes(r.bytes)}), .git ${formatBytes(r.gitBytes)}`,
      ].join('\n'),
    );
    return r;
  }
}
