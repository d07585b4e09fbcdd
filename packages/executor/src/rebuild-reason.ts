/**
 * Why a target is not cached: what differs between its key now and the key its project had
 * when it was last built on this machine — both keys' parts are known (fingerprints keep them,
 * cache entries record them), so the answer is exact, not a guess from timestamps.
 */
import type { CacheEntry, LastBuild } from '@world/cache';
import type { KeyParts } from '@world/fingerprint';

export type KeyChange =
  /** The project's own input files (repository paths). */
  | { kind: 'files'; added: string[]; removed: string[]; modified: string[] }
  /** Global inputs (repository paths). */
  | { kind: 'globals'; added: string[]; removed: string[]; modified: string[] }
  | { kind: 'modules'; changed: string[] }
  | { kind: 'dependencies'; changed: string[] }
  | { kind: 'setting'; what: 'world Nix code' | 'nix.lib' | 'nix.nixpkgs' | 'host tools' | 'modules directory' | 'world name' | 'project directory' | 'project.nix or modules'; detail?: string[] };

export type RebuildReason =
  /** Never built on this machine (or nothing recorded of it). */
  | { reason: 'new' }
  /** Built before with this very key; the output is gone from the store (collected or deleted). */
  | { reason: 'output-missing'; since: string }
  | { reason: 'changed'; since: string; changes: KeyChange[] };

const diffMaps = (before: Record<string, string>, now: Record<string, string>, prefix: string) => {
  const at = (p: string) => (prefix === '' ? p : `${prefix}/${p}`);
  const added: string[] = [];
  const removed: string[] = [];
  const modified: string[] = [];
  for (const [p, v] of Object.entries(now)) {
    if (!(p in before)) added.push(at(p));
    else if (before[p] !== v) modified.push(at(p));
  }
  for (const p of Object.keys(before)) if (!(p in now)) removed.push(at(p));
  return { added: added.sort(), removed: removed.sort(), modified: modified.sort() };
};

const record = (v: unknown): Record<string, string> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, string>) : {});

const changedKeys = (before: Record<string, string>, now: Record<string, string>): string[] =>
  [...new Set([...Object.keys(before), ...Object.keys(now)])].filter((k) => before[k] !== now[k]).sort();

/** What differs between a recorded key's parts and today's (parts read from a state file are untrusted: compared only). */
export const keyChanges = (before: KeyParts, now: KeyParts): KeyChange[] => {
  const changes: KeyChange[] = [];
  const bw = (before.world ?? {}) as Partial<KeyParts['world']>;
  const nw = now.world;
  if (bw.nixCode !== nw.nixCode) changes.push({ kind: 'setting', what: 'world Nix code' });
  if (bw.name !== nw.name) changes.push({ kind: 'setting', what: 'world name' });
  if (bw.modulesDir !== nw.modulesDir) changes.push({ kind: 'setting', what: 'modules directory' });
  if (bw.lib !== nw.lib) changes.push({ kind: 'setting', what: 'nix.lib' });
  if (bw.nixpkgs !== nw.nixpkgs) changes.push({ kind: 'setting', what: 'nix.nixpkgs' });
  const tools = (t: unknown) => Object.fromEntries(Array.isArray(t) ? (t as [string, string][]) : []);
  const toolDirs = changedKeys(tools(bw.hostTools), tools(nw.hostTools));
  if (toolDirs.length > 0 || JSON.stringify((bw.hostTools ?? []).map((t) => t[0])) !== JSON.stringify(nw.hostTools.map((t) => t[0]))) {
    changes.push({ kind: 'setting', what: 'host tools', detail: toolDirs });
  }
  const globals = diffMaps(record(bw.globals), nw.globals, '');
  if (globals.added.length + globals.removed.length + globals.modified.length > 0) changes.push({ kind: 'globals', ...globals });
  if (before.dir !== now.dir) changes.push({ kind: 'setting', what: 'project directory', detail: [String(before.dir), now.dir] });
  const files = diffMaps(record(before.files), now.files, now.dir);
  if (files.added.length + files.removed.length + files.modified.length > 0) changes.push({ kind: 'files', ...files });
  if ((before.nixSources ?? null) !== now.nixSources) changes.push({ kind: 'setting', what: 'project.nix or modules' });
  const modules = changedKeys(record(before.modules), now.modules);
  if (modules.length > 0) changes.push({ kind: 'modules', changed: modules });
  const deps = changedKeys(record(before.deps), now.deps);
  if (deps.length > 0) changes.push({ kind: 'dependencies', changed: deps });
  return changes;
};

/** Why a project's targets are not cached, given its key now and its last build. */
export const rebuildReason = (parts: KeyParts, key: string, last: LastBuild | undefined, lastEntry: CacheEntry | undefined): RebuildReason => {
  if (!last) return { reason: 'new' };
  if (last.key === key) return { reason: 'output-missing', since: last.at };
  return { reason: 'changed', since: last.at, changes: lastEntry?.parts ? keyChanges(lastEntry.parts, parts) : [] };
};

const list = (paths: readonly string[], max = 3): string => (paths.length <= max ? paths.join(', ') : `${paths.slice(0, max).join(', ')} and ${paths.length - max} more`);

const describeChange = (c: KeyChange): string => {
  switch (c.kind) {
    case 'files':
    case 'globals': {
      const what = c.kind === 'globals' ? 'global input ' : '';
      const parts = [
        c.modified.length > 0 ? `${what}${list(c.modified)} changed` : '',
        c.added.length > 0 ? `${what}${list(c.added)} added` : '',
        c.removed.length > 0 ? `${what}${list(c.removed)} removed` : '',
      ];
      return parts.filter(Boolean).join('; ');
    }
    case 'modules':
      return `module${c.changed.length === 1 ? '' : 's'} ${list(c.changed)} changed`;
    case 'dependencies':
      return `dependenc${c.changed.length === 1 ? 'y' : 'ies'} ${list(c.changed)} changed`;
    case 'setting':
      return `${c.what} changed${c.detail && c.detail.length > 0 && c.what === 'host tools' ? ` (${list(c.detail)})` : ''}`;
  }
};

/** One line: "libs/money/src/money.c changed; dependency money changed". */
export const describeRebuild = (r: RebuildReason): string => {
  switch (r.reason) {
    case 'new':
      return 'new: never built on this machine';
    case 'output-missing':
      return 'its output is gone from the store (collected); same inputs as its last build';
    case 'changed':
      return r.changes.length > 0 ? r.changes.map(describeChange).join('; ') : 'its inputs changed since its last build (no record of that build\'s inputs)';
  }
};
