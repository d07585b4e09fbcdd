import { CacheIndex, GcRoots } from '@world/cache';
import { findWorldRoot } from '@world/discovery';
import { runNix, validStorePaths } from '@world/nix';
import { WorldCommand } from '../../lib/base-command.js';

export default class CacheStats extends WorldCommand<typeof CacheStats> {
  static override summary = "Show what world's build cache holds.";
  static override examples = ['<%= config.bin %> cache stats', '<%= config.bin %> cache stats --json'];

  async run() {
    const root = findWorldRoot(this.cwd);
    const index = new CacheIndex(root.sharedStateDir);
    const roots = new GcRoots(root.sharedStateDir).list();
    let entries = 0;
    let targets = 0;
    const outs: string[] = [];
    const projects = new Set<string>();
    let oldest: Date | undefined;
    for (const { entry, lastUsed } of index.entries()) {
      entries++;
      projects.add(entry.project);
      for (const t of Object.values(entry.targets)) {
        targets++;
        outs.push(t.out);
      }
      if (!oldest || lastUsed < oldest) oldest = lastUsed;
    }
    // Valid paths only: a failed build can leave an unregistered output on disk.
    const valid = await validStorePaths([...outs, ...roots.values()]);
    const built = outs.filter((p) => valid.has(p)).length;
    const live = [...roots.values()].filter((p) => valid.has(p));
    let bytes = 0;
    if (live.length > 0) {
      const r = await runNix('nix-store', ['-q', '--size', ...live], { allowFailure: true });
      bytes = r.stdout.split('\n').filter(Boolean).reduce((sum, n) => sum + Number(n), 0);
    }
    this.print(
      [
        `index entries: ${entries} (${projects.size} projects)`,
        `targets known: ${targets}, outputs in the store: ${built}`,
        `GC roots: ${roots.size} (${live.length} live, ${(bytes / 1024 / 1024).toFixed(1)} MiB)`,
        `least recently used entry: ${oldest ? oldest.toISOString() : '—'}`,
        `index: ${root.sharedStateDir}/cache`,
      ].join('\n'),
    );
    return { entries, projects: projects.size, targets, outputsInStore: built, roots: roots.size, liveRoots: live.length, bytes, oldestUse: oldest?.toISOString() ?? null };
  }
}
