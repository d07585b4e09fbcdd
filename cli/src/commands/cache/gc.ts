import { Flags } from '@oclif/core';
import { WorldError } from '@world/core';
import { CacheIndex, GcRoots, SourceIndex } from '@world/cache';
import { findWorldRoot } from '@world/discovery';
import { runNix } from '@world/nix';
import { WorldCommand } from '../../lib/base-command.js';

const DAY = 24 * 60 * 60 * 1000;

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
    const root = findWorldRoot(this.cwd);
    const index = new CacheIndex(root.sharedStateDir);
    const roots = new GcRoots(root.sharedStateDir);
    const cutoff = Date.now() - this.flags['older-than'] * DAY;
    const kept = new Set<string>();
    // The store paths the kept entries refer to: their roots stay.
    const keptPaths = new Set<string>();
    let removed = 0;
    for (const { entry, lastUsed } of index.entries()) {
      if (lastUsed.getTime() < cutoff) {
        index.remove(entry.key);
        removed++;
        continue;
      }
      kept.add(entry.key);
      keptPaths.add(entry.src);
      for (const t of Object.values(entry.targets)) keptPaths.add(t.out);
    }
    const removedSources = new SourceIndex(root.sharedStateDir).prune(cutoff);
    let released = 0;
    for (const [name, storePath] of roots.list()) {
      if (!keptPaths.has(storePath)) {
        roots.remove(name);
        released++;
      }
    }
    let freed: string | null = null;
    if (this.flags.collect) {
      const r = await runNix('nix-store', ['--gc'], { allowFailure: true });
      if (r.exitCode !== 0) throw new WorldError('NIX_FAILED', `nix-store --gc failed: ${r.stderr.trim()}`);
      freed = r.stderr.split('\n').find((l) => l.includes('freed')) ?? null;
    }
    this.print(`removed ${removed} index entries and ${removedSources} source records, released ${released} GC roots${freed ? `; nix: ${freed}` : ''}`);
    return { removedEntries: removed, removedSources, releasedRoots: released, kept: kept.size, nix: freed };
  }
}
