import { Flags } from '@oclif/core';
import { findWorldRoot } from '@world/discovery';
import { collectGarbage } from '@world/engine';
import { WorldCommand } from '../../lib/base-command.js';

export default class CacheGc extends WorldCommand<typeof CacheGc> {
  static override summary = 'Forget cache entries not used recently and release their GC roots.';
  static override description =
    'Removes index entries last used (and source records written) before --older-than, and the GC roots of outputs and sources no entry refers to. ' +
    'The store paths themselves are freed by Nix: pass --collect to run `nix-store --gc` afterwards.';
  static override examples = ['<%= config.bin %> cache gc --older-than 14', '<%= config.bin %> cache gc --older-than 0 --collect'];
  static override flags = {
    'older-than': Flags.integer({ summary: 'Age in days of the entries to remove.', default: 30, min: 0 }),
    collect: Flags.boolean({ summary: 'Run `nix-store --gc` after releasing the roots.', default: false }),
  };

  async run() {
    const r = await collectGarbage(findWorldRoot(this.cwd), { olderThanDays: this.flags['older-than'], collect: this.flags.collect });
    this.print(`removed ${r.removedEntries} index entries, ${r.removedSources} source records and ${r.removedRuns} recorded runs, released ${r.releasedRoots} GC roots${r.nix ? `; nix: ${r.nix}` : ''}`);
    return r;
  }
}
