/**
 * package.json as world reads it: the package's name and version, its dependencies by
 * section with the line and column of each entry (so an edge the graph draws from one can be
 * pointed at), and a workspace root's `workspaces`. Only what world uses is checked; a file
 * that is not JSON, or whose dependency sections are not name → string maps, is refused at
 * the place that is wrong. Maps are prototype-free: a dependency named `__proto__` is a name.
 */
import { WorldError, checkConfigSize, quote } from '@world/core';
import type { Position } from './types.js';

export const MANIFEST_FILE = 'package.json';

/** The sections that name other packages; devDependencies are test-only edges, the rest runtime. */
export const DEP_SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;
export type DepSection = (typeof DEP_SECTIONS)[number];

export interface ManifestDep extends Position {
  /** The package name as written (`@scope/name`). */
  name: string;
  /** The version spec (`workspace:*`, `^1.2.3`, `file:../x`). */
  spec: string;
  section: DepSection;
}

export interface PackageManifest {
  /** Repository-relative path of the file. */
  file: string;
  name: string | null;
  /** Where `name` is written, for messages. */
  namePosition: Position | null;
  version: string | null;
  deps: ManifestDep[];
  /** `workspaces` (a list, or yarn's `{ packages: [...] }`), or null when absent. */
  workspaces: string[] | null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

const fail = (file: string, at: Position | undefined, message: string, hint: string): never => {
  throw new WorldError('MANIFEST_INVALID', message, { location: { file, ...(at ?? {}) }, hint });
};

/** Line and column (1-based) of a character offset. */
const positionAt = (text: string, offset: number): Position => {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
};

const SCALAR = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
const STRING = /"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/**
 * The offset of the first character that makes `text` invalid JSON (or its length when it
 * ends too early): JSON.parse does not always say where. A scan with an explicit stack, so
 * deep nesting cannot overflow the call stack.
 */
const jsonErrorOffset = (text: string): number => {
  const stack: string[] = [];
  let state: 'value' | 'first-value' | 'key' | 'first-key' | 'colon' | 'after' = 'value';
  let i = 0;
  const match = (re: RegExp): boolean => {
    re.lastIndex = i;
    if (!re.test(text)) return false;
    i = re.lastIndex;
    return true;
  };
  for (;;) {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
    if (i >= text.length) return i;
    const c = text[i]!;
    if (state === 'after') {
      const top = stack[stack.length - 1];
      if (top === undefined) return i;
      if (c === ',') state = top === '{' ? 'key' : 'value';
      else if (c === (top === '{' ? '}' : ']')) stack.pop();
      else return i;
      i++;
    } else if (state === 'colon') {
      if (c !== ':') return i;
      i++;
      state = 'value';
    } else if (state === 'key' || state === 'first-key') {
      if (state === 'first-key' && c === '}') {
        stack.pop();
        i++;
        state = 'after';
      } else if (c === '"' && match(STRING)) state = 'colon';
      else return i;
    } else if (state === 'first-value' && c === ']') {
      stack.pop();
      i++;
      state = 'after';
    } else if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      state = c === '{' ? 'first-key' : 'first-value';
    } else if ((c === '"' && match(STRING)) || match(SCALAR)) state = 'after';
    else return i;
  }
};

/**
 * Positions of the top-level keys and of the keys one level inside them, in one pass over
 * text JSON.parse has accepted: strings are skipped whole, brackets counted. A key written
 * twice keeps its last position, as JSON.parse keeps the last value.
 */
const keyPositions = (text: string): Map<string, { at: Position; inner: Map<string, Position> }> => {
  const top = new Map<string, { at: Position; inner: Map<string, Position> }>();
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let current: { at: Position; inner: Map<string, Position> } | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) depth--;
    else if (c === 34) {
      const start = i;
      for (i++; text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
      let j = i + 1;
      while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r' || text[j] === '\n')) j++;
      if (text[j] !== ':' || depth > 2) continue;
      const key = JSON.parse(text.slice(start, i + 1)) as string;
      const at = { line, col: start - lineStart + 1 };
      if (depth === 1) top.set(key, (current = { at, inner: new Map() }));
      else current?.inner.set(key, at);
    }
  }
  return top;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const parsePackageManifest = (bytes: Uint8Array | string, file: string): PackageManifest => {
  checkConfigSize(file, typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length);
  let text: string;
  try {
    text = typeof bytes === 'string' ? bytes : utf8.decode(bytes);
  } catch {
    return fail(file, undefined, 'the file is not valid UTF-8', 're-save the file as UTF-8');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a BOM: npm reads past it too
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const offset = jsonErrorOffset(text);
    const found = offset < text.length ? JSON.stringify(text[offset]) : 'the end of the file';
    return fail(file, positionAt(text, offset), `invalid JSON: unexpected ${found}`, 'fix the JSON syntax at this position (npm would refuse the file too)');
  }
  if (!isObject(data)) return fail(file, { line: 1, col: 1 }, 'a package manifest must be a JSON object', 'write the manifest as { "name": …, "dependencies": { … } }');
  const keys = keyPositions(text);
  const at = (key: string): Position | undefined => keys.get(key)?.at;
  const optionalString = (key: string): string | null => {
    const v = data[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') fail(file, at(key), `${quote(key)} must be a string`, `write "${key}": "…"`);
    return v as string;
  };

  const deps: ManifestDep[] = [];
  for (const section of DEP_SECTIONS) {
    const value = data[section];
    if (value === undefined || value === null) continue;
    if (!isObject(value)) fail(file, at(section), `${quote(section)} must be an object of package names and versions`, `write "${section}": { "name": "^1.0.0" }`);
    const inner = keys.get(section)?.inner;
    for (const [name, spec] of Object.entries(value as Record<string, unknown>)) {
      const pos = inner?.get(name) ?? at(section) ?? { line: 1, col: 1 };
      if (typeof spec !== 'string') fail(file, pos, `the version of ${quote(name)} in ${section} must be a string`, 'write a version range ("^1.2.3"), "workspace:*" or "file:../path"');
      deps.push({ name, spec: spec as string, section, line: pos.line, col: pos.col });
    }
  }

  const ws = data.workspaces;
  const wsList = isObject(ws) ? ws.packages : ws;
  let workspaces: string[] | null = null;
  if (wsList !== undefined && wsList !== null) {
    if (!Array.isArray(wsList) || wsList.some((w) => typeof w !== 'string')) {
      fail(file, at('workspaces'), '"workspaces" must be a list of glob strings (or { "packages": [...] })', 'write "workspaces": ["packages/*"]');
    }
    workspaces = wsList as string[];
  }
  return { file, name: optionalString('name'), namePosition: at('name') ?? null, version: optionalString('version'), deps, workspaces };
};
