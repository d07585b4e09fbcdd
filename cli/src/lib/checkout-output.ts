/** What the checkout, clone and tree commands share: loading the world, and printing a cone. */
import { Flags } from '@oclif/core';
import type { ApplyResult, CheckoutContext, DirtyFile } from '@world/checkout';
import { discover, findWorldRoot, readWorktreeStatus } from '@world/discovery';
import { ProjectGraph } from '@world/graph';

/** The worktree's world (index plus dirty files), without the sparse-drift warning: these commands report drift themselves. */
export const loadCheckoutContext = async (cwd: string): Promise<CheckoutContext> => {
  const root = findWorldRoot(cwd);
  const world = await discover(root, { kind: 'worktree', status: await readWorktreeStatus(root.root) });
  return { root, graph: new ProjectGraph(world) };
};

export const forceFlag = Flags.boolean({
  summary: 'Narrow even when files with uncommitted work would leave the checkout (they stay as they are), or replace patterns changed outside world.',
  default: false,
});

const names = (xs: readonly string[]) => (xs.length ? xs.join(', ') : '(none)');

export const dirtyLines = (files: readonly DirtyFile[], max = 12): string[] => [
  ...files.slice(0, max).map((f) => `  ${f.status} ${f.path}`),
  ...(files.length > max ? [`  … and ${files.length - max} more`] : []),
];

/** Roots, what they pulled in, and what is on disk. */
export const coneLines = (c: { roots: readonly string[]; dependencies: readonly string[]; always: readonly string[]; projectsOnDisk: number; projectsInWorld: number }): string[] => [
  `roots:        ${names(c.roots)}`,
  `dependencies: ${names(c.dependencies)}`,
  `always:       ${names(c.always)}`,
  `on disk:      ${c.projectsOnDisk} of ${c.projectsInWorld} projects`,
];

export const applyText = (r: ApplyResult): string => {
  if (r.full) return `full checkout: all ${r.projectsInWorld} projects on disk`;
  const lines = coneLines(r);
  const moves = [r.added.length ? `+${r.added.length} dir${r.added.length === 1 ? '' : 's'}` : '', r.removed.length ? `-${r.removed.length} dir${r.removed.length === 1 ? '' : 's'}` : '']
    .filter(Boolean)
    .join(', ');
  lines.push(`changed:      ${moves || 'nothing'}`);
  if (r.keptOutside.length > 0) lines.push('kept outside the checkout as you left them (uncommitted work):', ...dirtyLines(r.keptOutside));
  return lines.join('\n');
};
