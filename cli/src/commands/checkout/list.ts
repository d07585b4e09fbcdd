import { checkoutStatus, projectsInCone } from '@world/checkout';
import { WorldCommand } from '../../lib/base-command.js';
import { coneLines, loadCheckoutContext } from '../../lib/checkout-output.js';

export default class CheckoutList extends WorldCommand<typeof CheckoutList> {
  static override summary = 'Show the sparse checkout: its roots, what they pulled in, and whether git agrees.';
  static override examples = ['<%= config.bin %> checkout list', '<%= config.bin %> checkout list --json'];

  async run() {
    const ctx = await loadCheckoutContext(this.cwd);
    const s = await checkoutStatus(ctx);
    const total = ctx.graph.projects.size;
    const onDisk = !s.sparse.enabled ? total : s.sparse.cone ? projectsInCone(ctx.graph, s.sparse.dirs).length : null;
    const lines: string[] = [];
    if (!s.record && !s.sparse.enabled) lines.push(`full checkout: all ${total} projects on disk`);
    else if (!s.record) lines.push('sparse checkout not set up by world', `patterns: ${s.sparse.dirs.join(', ') || '(none)'}`);
    else {
      lines.push(...coneLines({ ...s.cone!, projectsOnDisk: onDisk ?? 0, projectsInWorld: total }));
      if (s.unknownRoots.length) lines.push(`unknown roots: ${s.unknownRoots.join(', ')} (world checkout remove them)`);
    }
    if (s.drift) lines.push(`${s.drift.kind === 'stale' ? 'stale' : 'mismatch'}: ${s.drift.message}`, `  hint: ${s.drift.kind === 'stale' ? 'world checkout sync' : 'world checkout set <projects> applies world\'s cone again'}`);
    this.print(lines.join('\n'));
    return {
      sparse: s.sparse.enabled,
      managed: s.record !== undefined,
      roots: s.cone?.roots ?? [],
      dependencies: s.cone?.dependencies ?? [],
      always: s.cone?.always ?? [],
      dirs: s.cone?.dirs ?? [],
      patterns: s.sparse.dirs,
      recordedDirs: s.record?.dirs ?? [],
      unknownRoots: s.unknownRoots,
      projectsOnDisk: onDisk,
      projectsInWorld: total,
      drift: s.drift ?? null,
    };
  }
}
