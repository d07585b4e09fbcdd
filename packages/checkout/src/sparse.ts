/**
 * The worktree's real sparse-checkout state, read from git (not from world's record), and the
 * few git calls that change it. Patterns go to git on standard input, so a cone of thousands
 * of directories never meets the argument-length limit.
 */
import { CONTROL_CHARS, WorldError, git, splitNul } from '@world/core';

export interface SparseState {
  /** core.sparseCheckout: false means every file is on disk. */
  enabled: boolean;
  /** core.sparseCheckoutCone: world manages cone mode only. */
  cone: boolean;
  /** In cone mode, the cone's directories; otherwise the raw patterns. */
  dirs: string[];
}

const TRUE = /^(true|yes|on|1)$/i;

/** Undoes git's C-style quoting of a path (`"a\tb"`), as `sparse-checkout list` prints odd names. */
export const unquoteC = (s: string): string => {
  if (!s.startsWith('"') || !s.endsWith('"') || s.length < 2) return s;
  const bytes: number[] = [];
  const body = s.slice(1, -1);
  const named: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = body[++i]!;
    if (/[0-7]/.test(n)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(named[n] ?? n.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
};

export const readSparseState = async (root: string): Promise<SparseState> => {
  const config = await git(root, ['config', '-z', '--get-regexp', '^core\\.sparsecheckout(cone)?$'], { allowExitCodes: [1] });
  let enabled = false;
  let cone = false;
  for (const rec of splitNul(config.stdout)) {
    const [key, value = ''] = rec.split('\n');
    if (key === 'core.sparsecheckout') enabled = TRUE.test(value);
    if (key === 'core.sparsecheckoutcone') cone = TRUE.test(value);
  }
  if (!enabled) return { enabled, cone, dirs: [] };
  const list = await git(root, ['sparse-checkout', 'list'], { allowExitCodes: [128] });
  const dirs = list.exitCode === 0 ? list.stdout.toString('utf8').split('\n').filter(Boolean).map(unquoteC) : [];
  return { enabled, cone, dirs: cone ? dirs.sort() : dirs };
};

/**
 * A cone directory as `sparse-checkout set --stdin` reads it: git unquotes a line that starts
 * with a double quote, so such a name goes C-quoted. git's pattern file is line-based: a name
 * with a line break (or another control character) cannot be part of a cone.
 */
export const coneLine = (dir: string): string => {
  if (CONTROL_CHARS.test(dir)) {
    throw new WorldError('INVALID_WORLD_PATH', `directory ${JSON.stringify(dir)} has a control character in its name: git's cone-mode sparse checkout cannot hold it`, {
      hint: 'rename the directory (git mv), or run `world checkout set --all` for a full checkout',
    });
  }
  return dir.startsWith('"') ? `"${dir.replace(/["\\]/g, (c) => `\\${c}`)}"` : dir;
};

/** Sets the cone (cone mode) to `dirs`; git removes what leaves, keeping files that differ from the index. */
export const setCone = async (root: string, dirs: readonly string[]): Promise<string> =>
  (await git(root, ['sparse-checkout', 'set', '--cone', '--stdin'], { input: dirs.map((d) => `${coneLine(d)}\n`).join('') })).stderr;

/** Turns sparse checkout off: every file comes back on disk. */
export const disableSparse = async (root: string): Promise<void> => {
  await git(root, ['sparse-checkout', 'disable']);
};

/**
 * Fills a worktree whose index is still empty (`clone --no-checkout`, `worktree add
 * --no-checkout`) from HEAD, honouring the sparse patterns: git fetches the cone's missing
 * blobs of a partial clone in one batch.
 */
export const populateFromHead = async (root: string): Promise<void> => {
  await git(root, ['read-tree', '-mu', 'HEAD']);
};

const nulList = (paths: readonly string[]) => paths.map((p) => `${p}\0`).join('');

/**
 * Makes index entries outside the cone part of the working tree again (clears skip-worktree),
 * and writes `restore` (a subset) back from the index. After a narrowing, this puts back the
 * uncommitted work git hid: staged changes not edited since (git takes their files off the
 * disk; the content stays in the index) and deletions (a missing file looks unchanged to git,
 * so it marks the entry skip-worktree: the deletion drops out of `git status`, and the file
 * would come back with the next widening).
 */
export const unhide = async (root: string, entries: readonly string[], restore: readonly string[]): Promise<void> => {
  if (entries.length > 0) await git(root, ['update-index', '-z', '--no-skip-worktree', '--stdin'], { input: nulList(entries) });
  if (restore.length > 0) await git(root, ['checkout-index', '-z', '--stdin'], { input: nulList(restore) });
};
