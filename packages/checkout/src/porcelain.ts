/**
 * Porcelain git (clone, worktrees) through simple-git, loaded only by the commands that need
 * it: `world affected` and friends import this package for its cheap state checks and must
 * not pay simple-git's start-up. Failures become WorldErrors carrying git's own message.
 */
import { WorldError, type ErrorCode } from '@world/core';
import type { SimpleGit } from 'simple-git';

export const porcelain = async (baseDir: string): Promise<SimpleGit> => {
  const { simpleGit } = await import('simple-git');
  return simpleGit({ baseDir, config: ['core.quotepath=off'] });
};

/** git's message without simple-git's decorations, first lines only. */
export const gitMessage = (e: unknown): string =>
  (e instanceof Error ? e.message : String(e))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^(hint|Cloning into|remote: )/.test(l))
    .slice(0, 6)
    .join('; ');

/** Runs a simple-git task; a failure becomes a WorldError with `code`, git's message and `hint`. */
export const runPorcelain = async <T>(what: string, task: () => Promise<T>, code: ErrorCode, hint: string): Promise<T> => {
  try {
    return await task();
  } catch (e) {
    if (e instanceof WorldError) throw e;
    throw new WorldError(code, `${what} failed: ${gitMessage(e)}`, { hint });
  }
};
