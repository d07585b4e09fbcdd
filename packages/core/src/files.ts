/** Small file helpers for world's state: atomic writes and forgiving JSON reads. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

let tempSeq = 0;

/**
 * A temporary name beside `file` that no other write uses, in this process (several writes of
 * the same file may be under way at once) or in another.
 */
export const tempPathFor = (file: string): string => `${file}.${process.pid}.${++tempSeq}.tmp`;

/**
 * Writes through a temporary file renamed into place, so a reader never sees half a file and
 * an interrupted run leaves at most a stray `.tmp`.
 */
export const writeFileAtomic = (file: string, content: string): void => {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = tempPathFor(file);
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

const prefetched = new Map<string, Promise<unknown>>();

const readJson = (file: string): Promise<unknown> => readFile(file, 'utf8').then((text) => JSON.parse(text) as unknown).catch(() => undefined);

/**
 * Starts reading and parsing a JSON state file in the background, so that its parsing fills
 * the time the process otherwise spends waiting for git. `readJsonFileAsync` collects it.
 */
export const prefetchJsonFile = (file: string): void => {
  if (!prefetched.has(file)) prefetched.set(file, readJson(file));
};

/** Like readJsonFile, without blocking; takes a prefetched read when there is one (once). */
export const readJsonFileAsync = async <T>(file: string): Promise<T | undefined> => {
  const early = prefetched.get(file);
  prefetched.delete(file);
  return (await (early ?? readJson(file))) as T | undefined;
};
