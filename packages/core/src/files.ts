/** Small file helpers for world's state: atomic writes and forgiving JSON reads. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes through a temporary file renamed into place, so a reader never sees half a file and
 * an interrupted run leaves at most a stray `.tmp`.
 */
export const writeFileAtomic = (file: string, content: string): void => {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
};

/** A JSON state file, or undefined when it is missing or unreadable (state files are caches). */
export const readJsonFile = <T>(file: string): T | undefined => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
};
