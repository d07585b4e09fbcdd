/**
 * A thin, position-aware reader over `yaml`'s document model. Every value read through it
 * can report file:line:col, which is what makes config errors actionable.
 */
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node, type Pair } from 'yaml';
import { WorldError, didYouMean, type SourceLocation } from '@world/core';
import type { Position } from './types.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class YamlFile {
  private readonly lines = new LineCounter();
  readonly root: Node | null;

  constructor(readonly file: string, bytes: Uint8Array | string) {
    let text: string;
    if (typeof bytes === 'string') text = bytes;
    else {
      try {
        text = utf8.decode(bytes);
      } catch {
        throw new WorldError('CONFIG_ENCODING', 'the file is not valid UTF-8', {
          location: { file },
          hint: 're-save the file as UTF-8',
        });
      }
    }
    const doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    const first = doc.errors[0];
    if (first) {
      const at = this.positionAt(first.pos[0]);
      throw new WorldError('CONFIG_YAML', `invalid YAML: ${first.message.split('\n')[0]}`, {
        location: { file, ...at },
        hint: 'fix the YAML syntax at this position',
      });
    }
    this.root = (doc.contents as Node | null) ?? null;
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

  entries(node: Node, knownKeys: readonly string[] | null, where: string): Map<string, Pair<Node, Node | null>> {
    if (!isMap(node)) this.fail(node, `${where || 'the file'} must be a mapping (key: value)`);
    const out = new Map<string, Pair<Node, Node | null>>();
    for (const pair of node.items as Pair<Node, Node | null>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) this.fail(pair.key, 'keys must be plain strings');
      if (knownKeys && !knownKeys.includes(key)) {
        throw new WorldError('CONFIG_UNKNOWN_KEY', `unknown key ${JSON.stringify(where ? `${where}.${key}` : key)}${didYouMean(key, knownKeys)}`, {
          location: this.at(pair.key),
          hint: `known keys${where ? ` of ${where}` : ''}: ${knownKeys.join(', ')}`,
        });
      }
      out.set(key, pair);
    }
    return out;
  }

  string(node: Node | null, what: string): string {
    if (!isScalar(node) || typeof node.value !== 'string') this.fail(node, `${what} must be a string`);
    return node.value;
  }

  optionalString(node: Node | null | undefined, what: string): string | null {
    if (node === undefined || node === null || (isScalar(node) && node.value === null)) return null;
    return this.string(node, what);
  }

  bool(node: Node | null | undefined, what: string, fallback: boolean): boolean {
    if (node === undefined || node === null) return fallback;
    if (!isScalar(node) || typeof node.value !== 'boolean') this.fail(node, `${what} must be true or false`);
    return node.value;
  }

  /** A list of strings, with each entry's position. A single string is not silently accepted. */
  stringList(node: Node | null | undefined, what: string): { values: string[]; positions: Position[] } {
    if (node === undefined || node === null || (isScalar(node) && node.value === null)) return { values: [], positions: [] };
    if (!isSeq(node)) this.fail(node, `${what} must be a list`, `write it as [a, b] or one "- item" per line`);
    const values: string[] = [];
    const positions: Position[] = [];
    for (const item of node.items as Node[]) {
      values.push(this.string(item, `each entry of ${what}`));
      positions.push(item.range ? this.positionAt(item.range[0]) : { line: 0, col: 0 });
    }
    return { values, positions };
  }

  /** Any YAML value as plain data (used for module option values). */
  data(node: Node | null | undefined): unknown {
    if (node === undefined || node === null) return null;
    return node.toJSON();
  }
}
