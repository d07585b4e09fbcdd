/**
 * A thin, position-aware reader over `yaml`'s document model. Every value read through it
 * can report file:line:col, which is what makes config errors actionable.
 *
 * It also refuses, each at its place, what a config file has no business holding: more than
 * MAX_CONFIG_BYTES, bytes that are not UTF-8, control characters, tags beyond plain data
 * (`!!binary`, `!!js/function`, `!custom`), nesting deeper than MAX_DEPTH, merge keys (`<<`),
 * keys that are not plain strings or appear twice, and aliases without an anchor. Aliases
 * are resolved here, once for the whole file (the library's own lookup walks the document
 * again for every alias).
 */
import { LineCounter, parseDocument, isAlias, isMap, isScalar, isSeq, type Alias, type Node, type Pair } from 'yaml';
import { WorldError, checkConfigSize, didYouMean, quote, type SourceLocation } from '@world/core';
import { MAX_DEPTH } from './limits.js';
import type { Position } from './types.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Characters YAML does not allow in a stream: outside its printable set. */
const NOT_PRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]/;

/** No key, name, path or list entry holds one of these (option values may hold tabs and newlines). */
export const CONTROL_CHARACTER = /[\x00-\x1f\x7f-\x9f]/;

/** What config values may be, for hints. */
export const PLAIN_VALUES = 'config values are plain strings, numbers, booleans, null, lists and mappings';

/** Tags that only say what a value already is. Any other (`!!binary`, `!!set`, `!custom`) is refused. */
const PLAIN_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'seq', 'map'].map((t) => `tag:yaml.org,2002:${t}`));

/** Where the first byte that is not UTF-8 is (TextDecoder says whether, not where), or -1. */
const invalidUtf8At = (b: Uint8Array): number => {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const extra = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (extra < 0) return i;
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const low = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const high = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= extra; k++) {
      const x = b[i + k];
      if (x === undefined || x < (k === 1 ? low : 0x80) || x > (k === 1 ? high : 0xbf)) return i;
    }
    i += extra + 1;
  }
  return -1;
};

/** Line and column (1-based, in UTF-16 units as the YAML library counts) of an offset. */
const positionIn = (text: string, offset: number): Position => {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < lineStart; i = text.indexOf('\n', i + 1)) line++;
  return { line, col: offset - lineStart + 1 };
};

const decode = (file: string, bytes: Uint8Array | string): string => {
  if (typeof bytes === 'string') return bytes;
  try {
    return utf8.decode(bytes);
  } catch {
    const at = invalidUtf8At(bytes);
    const before = utf8.decode(bytes.subarray(0, at));
    throw new WorldError('CONFIG_ENCODING', `the file is not valid UTF-8 (byte 0x${bytes[at]!.toString(16).toUpperCase()})`, {
      location: { file, ...positionIn(before, before.length) },
      hint: 're-save the file as UTF-8',
    });
  }
};

export class YamlFile {
  private readonly lines = new LineCounter();
  readonly root: Node | null;
  /** Each alias and the node its anchor names: the last anchor of that name before it. */
  private readonly anchored = new Map<Alias, Node>();

  constructor(readonly file: string, bytes: Uint8Array | string) {
    checkConfigSize(file, typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length);
    const text = decode(file, bytes);
    const control = NOT_PRINTABLE.exec(text);
    if (control) {
      const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      throw new WorldError('CONFIG_YAML', `the file holds the control character U+${code}, which YAML does not allow`, {
        location: { file, ...positionIn(text, control.index) },
        hint: 'remove it; inside a double-quoted string, an escape such as "\\t" stands for a control character',
      });
    }
    const doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem) {
      const location = { file, ...this.positionAt(problem.pos[0]) };
      // The library turns its own stack overflow on deep nesting into this code.
      if (problem.code === 'RESOURCE_EXHAUSTION') throw this.tooDeep(location);
      const tag = problem.code === 'TAG_RESOLVE_FAILED' ? /^Unresolved tag: (\S+)/.exec(problem.message)?.[1] : undefined;
      if (tag) throw this.unsupportedTag(tag, location);
      throw new WorldError('CONFIG_YAML', `invalid YAML: ${problem.message.split('\n')[0]}`, { location, hint: 'fix the YAML syntax at this position' });
    }
    this.root = (doc.contents as Node | null) ?? null;
    if (this.root) this.inspect(this.root, 1, new Map());
  }

  private tooDeep(location: SourceLocation): WorldError {
    return new WorldError('CONFIG_LIMIT', `values nest more than ${MAX_DEPTH} levels deep`, {
      location,
      hint: 'flatten the structure; config values are option settings, not data sets',
    });
  }

  private unsupportedTag(tag: string, location: SourceLocation): WorldError {
    return new WorldError('CONFIG_SCHEMA', `the tag ${tag.replace('tag:yaml.org,2002:', '!!')} is not supported`, {
      location,
      hint: `${PLAIN_VALUES}: remove the tag`,
    });
  }

  /** One pass in document order: depth and tags checked, each alias tied to its anchor. */
  private inspect(node: Node, depth: number, anchors: Map<string, Node>): void {
    if (depth > MAX_DEPTH) throw this.tooDeep(this.at(node));
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) {
        throw new WorldError('CONFIG_YAML', `alias *${node.source} has no anchor &${node.source} before it`, {
          location: this.at(node),
          hint: 'an alias repeats a value given earlier in the file with an anchor: `base: &defaults {…}` … `other: *defaults`',
        });
      }
      this.anchored.set(node, target);
      return;
    }
    if (node.tag !== undefined && !PLAIN_TAGS.has(node.tag)) throw this.unsupportedTag(node.tag, this.at(node));
    if (node.anchor) anchors.set(node.anchor, node);
    if (isMap(node)) {
      for (const pair of node.items as Pair<Node | null, Node | null>[]) {
        if (pair.key) this.inspect(pair.key, depth + 1, anchors);
        if (pair.value) this.inspect(pair.value, depth + 1, anchors);
      }
    } else if (isSeq(node)) for (const item of node.items as Node[]) this.inspect(item, depth + 1, anchors);
  }

  /** The node itself, or for an alias the node its anchor names. */
  deref(node: Node): Node;
  deref(node: Node | null | undefined): Node | null | undefined;
  deref(node: Node | null | undefined): Node | null | undefined {
    return isAlias(node) ? this.anchored.get(node)! : node;
  }

  positionAt(offset: number): Position {
    const p = this.lines.linePos(offset);
    return { line: p.line, col: p.col };
  }

  at(node: Node | null | undefined): SourceLocation {
    if (!node?.range) return { file: this.file };
    return { file: this.file, ...this.positionAt(node.range[0]) };
  }

  fail(node: Node | null | undefined, message: string, hint?: string): never {
    throw new WorldError('CONFIG_SCHEMA', message, { location: this.at(node), ...(hint ? { hint } : {}) });
  }

  /** The top-level mapping's entries; an empty file is an empty mapping. */
  topLevel(knownKeys: readonly string[]): Map<string, Pair<Node, Node | null>> {
    if (this.root === null || (isScalar(this.root) && this.root.value === null)) return new Map();
    return this.entries(this.root, knownKeys, '');
  }

  /** A mapping key as a string: a plain scalar, no control characters, not a merge key. */
  key(pair: Pair<Node | null, unknown>): string {
    const node = pair.key;
    const value: unknown = isScalar(node) ? node.value : undefined;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') this.fail(node, 'keys must be plain strings', 'write each key as a name followed by a colon: `key: value`');
    const key = String(value);
    if (CONTROL_CHARACTER.test(key)) this.fail(node, `the key ${quote(key)} holds a control character`, 'keys are names: letters, digits, dots, dashes, underscores');
    if (key === '<<') {
      this.fail(node, 'merge keys (<<) are not supported', 'write the keys out; to repeat a whole value, give it an anchor (&name) and use an alias (*name)');
    }
    return key;
  }

  entries(node: Node, knownKeys: readonly string[] | null, where: string): Map<string, Pair<Node, Node | null>> {
    const map = this.deref(node);
    if (!isMap(map)) this.fail(node, `${where || 'the file'} must be a mapping (key: value)`, 'write one `key: value` per line');
    const out = new Map<string, Pair<Node, Node | null>>();
    for (const pair of map.items as Pair<Node, Node | null>[]) {
      const key = this.key(pair);
      if (knownKeys && !knownKeys.includes(key)) {
        throw new WorldError('CONFIG_UNKNOWN_KEY', `unknown key ${quote(where ? `${where}.${key}` : key)}${didYouMean(key, knownKeys)}`, {
          location: this.at(pair.key),
          hint: `known keys${where ? ` of ${where}` : ''}: ${knownKeys.join(', ')}`,
        });
      }
      const earlier = out.get(key);
      if (earlier) this.duplicate(key, pair.key, earlier.key);
      out.set(key, pair);
    }
    return out;
  }

  /** `1:` and `"1":` are different to YAML and the same key to world. */
  duplicate(key: string, node: Node, earlier: Node): never {
    const first = this.at(earlier);
    throw new WorldError('CONFIG_YAML', `the key ${quote(key)} appears twice (first at line ${first.line}, column ${first.col})`, {
      location: this.at(node),
      hint: 'keep one of them',
    });
  }

  string(node: Node | null, what: string): string {
    const value = this.deref(node);
    if (!isScalar(value) || typeof value.value !== 'string') this.fail(node, `${what} must be a string`);
    if (CONTROL_CHARACTER.test(value.value)) this.fail(node, `${what} holds a control character: ${quote(value.value)}`, 'remove it: names, paths and patterns are printable text');
    return value.value;
  }

  optionalString(node: Node | null | undefined, what: string): string | null {
    const value = this.deref(node);
    if (value === undefined || value === null || (isScalar(value) && value.value === null)) return null;
    return this.string(node!, what);
  }

  bool(node: Node | null | undefined, what: string, fallback: boolean): boolean {
    const value = this.deref(node);
    if (value === undefined || value === null) return fallback;
    if (!isScalar(value) || typeof value.value !== 'boolean') this.fail(node, `${what} must be true or false`);
    return value.value;
  }

  /** A list of strings, with each entry's position. A single string is not silently accepted. */
  stringList(node: Node | null | undefined, what: string): { values: string[]; positions: Position[] } {
    const list = this.deref(node);
    if (list === undefined || list === null || (isScalar(list) && list.value === null)) return { values: [], positions: [] };
    if (!isSeq(list)) this.fail(node, `${what} must be a list`, `write it as [a, b] or one "- item" per line`);
    const values: string[] = [];
    const positions: Position[] = [];
    for (const item of list.items as Node[]) {
      values.push(this.string(item, `each entry of ${what}`));
      positions.push(item.range ? this.positionAt(item.range[0]) : { line: 0, col: 0 });
    }
    return { values, positions };
  }
}
