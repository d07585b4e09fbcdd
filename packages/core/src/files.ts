/** Small file helpers for world's state: atomic writes and forgiving JSON reads. */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { WorldError } from './errors.js';

/** Errors that mean "this place cannot be written" (permissions, a read-only or full disk, a file where a directory belongs). */
const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'EEXIST', 'EISDIR']);

/** A state write that failed for a reason the user can fix, as a WorldError naming the file. */
export const stateWriteError = (file: string, e: unknown): unknown => {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === undefined || !UNWRITABLE.has(code)) return e;
  return new WorldError('STATE_UNWRITABLE', `cannot write ${file} (${code})`, {
    hint: "world keeps its state under .git/world (and ~/.cache/world): make it writable and the disk not full; it is a cache, so removing it is safe",
  });
};

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
  const tmp = tempPathFor(file);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (e) {
    throw stateWriteError(file, e);
  }
};

/** A JSON file the user gave (a report, an event payload), or undefined when it is missing or not JSON. */
export const readJsonFile = <T>(file: string): T | undefined => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
};

/*
 * world's own state files (snapshots, parse caches, timings) are sealed: a first line with a
 * checksum of the JSON that follows. A file that was cut short, zeroed, or edited by hand does
 * not match its seal and reads as absent — the state is rebuilt, never trusted. (A checksum,
 * not a signature: whoever can write .git can change the repository itself.)
 */
const SEAL = 'world-state-1 ';
const checksum = (json: string): string => createHash('sha1').update(json).digest('hex');

const unseal = (text: string): unknown => {
  if (!text.startsWith(SEAL)) return undefined;
  const nl = text.indexOf('\n');
  if (nl < 0) return undefined;
  const json = text.slice(nl + 1);
  if (text.slice(SEAL.length, nl) !== checksum(json)) return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
};

/** Writes a state file, sealed, atomically. */
export const writeStateJson = (file: string, value: unknown): void => {
  const json = JSON.stringify(value);
  writeFileAtomic(file, `${SEAL}${checksum(json)}\n${json}`);
};

/** A state file's value, or undefined when it is missing, unreadable or does not match its seal. */
export const readStateJson = (file: string): unknown => {
  try {
    return unseal(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
};

const prefetched = new Map<string, Promise<unknown>>();

const readStateAsync = (file: string): Promise<unknown> => readFile(file, 'utf8').then(unseal, () => undefined);

/**
 * Starts reading and parsing a state file in the background, so that its parsing fills the
 * time the process otherwise spends waiting for git. `readStateJsonAsync` collects it.
 */
export const prefetchStateJson = (file: string): void => {
  if (!prefetched.has(file)) prefetched.set(file, readStateAsync(file));
};

/** Like readStateJson, without blocking; takes a prefetched read when there is one (once). */
export const readStateJsonAsync = async (file: string): Promise<unknown> => {
  const early = prefetched.get(file);
  prefetched.delete(file);
  return early ?? readStateAsync(file);
};

/** A plain object (not null, not an array): the first check of any state or payload read. */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
