/**
 * Porcelain git (worktrees) through simple-git, loaded only by the commands that need it:
 * `world affected` and friends import this package for its cheap state checks and must not pay
 * simple-git's start-up. Failures of these steps (and of `git clone`, which runs through core's
 * git) become WorldErrors carrying git's own message.
 */
import { WorldError, type ErrorCode } from '@world/core';
import type { SimpleGit } from 'simple-git';

export const porcelain = async (baseDir: string): Promise<SimpleGit> => {
  const { simpleGit } = await import('simple-git');
  return simpleGit({ baseDir, config: ['core.quotepath=off'] });
};

/** git's own message (its stderr), without simple-git's decorations, first lines only. */
export const gitMessage = (e: unknown): string =>
  (e instanceof WorldError && typeof e.details?.stderr === 'string' ? e.details.stderr : e instanceof Error ? e.message : String(e))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^(hint|Cloning into|remote: )/.test(l))
    .slice(0, 6)
    .join('; ');

/** Runs a git step (simple-git or core's git); a failure of git becomes a WorldError with `code`, git's message and `hint`. */
export const runPorcelain = async <T>(what: string, task: () => Promise<T>, code: ErrorCode, hint: string): Promise<T> => {
  try {
    return await task();
  } catch (e) {
    if (e instanceof WorldError && e.code !== 'GIT_FAILED') throw e;
    throw new WorldError(code, `${what} failed: ${gitMessage(e)}`, { hint });
  }
};
