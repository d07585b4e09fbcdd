/**
 * A fast path for the project.yaml files most worlds are made of: plain keys with plain
 * scalars, `[a, b]` lists and `- item` lists, and comments. The YAML library costs 0.3 to
 * 1.4 ms a file in a short-lived process — most of a cold `world affected` or `world clone`
 * on a world of thousands of projects — while these files need a few string operations.
 *
 * It answers only when it is sure to read the file as the YAML library would. Anything else
 * (a character outside printable ASCII — tabs, CR, a BOM, control characters, non-ASCII —,
 * quotes, flow mappings, anchors, aliases, tags, a scalar YAML would read as a number,
 * boolean or null, a duplicate or unknown key, nested mappings such as `config:`) returns
 * undefined and the full parser takes the file, with its checks, positions and messages.
 * A unit test holds the two to the same result on every file, hostile ones included.
 */
import type { Position } from './types.js';

export interface SimpleNode extends Position {
  /** A plain scalar, a list of them, or null for a key with no value. */
  value: string | SimpleNode[] | null;
}

/** Top-level key → its value. */
export type SimpleDocument = Map<string, SimpleNode>;

// Scalars that are strings to YAML whatever the schema: no leading digit or sign (numbers), no
// indicator characters (`*` and `?` only after the first character, as in a glob like
// `src/**`), no `: ` or ` #` inside. World paths (`//a/b`) are plain scalars too.
const SCALAR = /^(?:\/\/[A-Za-z0-9._/*?+-]*|[A-Za-z_][A-Za-z0-9._/*?+-]*)$/;
const NOT_A_STRING = /^(?:true|True|TRUE|false|False|FALSE|null|Null|NULL)$/;
const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_]*):(?: +(.*))?$/;
const ITEM_LINE = /^( *)- +(.*)$/;

const isPlain = (s: string): boolean => SCALAR.test(s) && !NOT_A_STRING.test(s);

/** The line without a trailing comment and trailing spaces; undefined when a `#` is not clearly a comment. */
const uncomment = (line: string): string | undefined => {
  const hash = line.indexOf('#');
  if (hash < 0) return line.trimEnd();
  if (hash > 0 && line[hash - 1] !== ' ') return undefined;
  return line.slice(0, hash).trimEnd();
};

/** `[a, b]` → its items with their columns (1-based), or undefined. */
const flowList = (text: string, line: number, col: number): SimpleNode[] | undefined => {
  if (!text.endsWith(']')) return undefined;
  const inner = text.slice(1, -1);
  if (inner.trim() === '') return [];
  const items: SimpleNode[] = [];
  let offset = 1;
  for (const part of inner.split(',')) {
    const value = part.trim();
    if (!isPlain(value)) return undefined;
    items.push({ value, line, col: col + offset + part.indexOf(value) });
    offset += part.length + 1;
  }
  return items;
};

export const readSimpleYaml = (text: string, knownKeys: readonly string[]): SimpleDocument | undefined => {
  if (/[^\x20-\x7e\n]/.test(text)) return undefined;
  const doc: SimpleDocument = new Map();
  const lines = text.split('\n');
  let open: { node: SimpleNode; indent: number | undefined } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = uncomment(lines[i]!);
    if (raw === undefined) return undefined;
    if (raw === '') continue;
    const lineNo = i + 1;
    const item = ITEM_LINE.exec(raw);
    if (item) {
      // A block list item belongs to the key above, at one indentation throughout.
      if (!open || (open.indent !== undefined && open.indent !== item[1]!.length) || !isPlain(item[2]!)) return undefined;
      open.indent = item[1]!.length;
      if (open.node.value === null) open.node.value = [];
      (open.node.value as SimpleNode[]).push({ value: item[2]!, line: lineNo, col: item[1]!.length + raw.slice(item[1]!.length).indexOf(item[2]!) + 1 });
      continue;
    }
    const m = KEY_LINE.exec(raw);
    if (!m) return undefined;
    const key = m[1]!;
    if (!knownKeys.includes(key) || doc.has(key)) return undefined;
    const rest = m[2];
    open = undefined;
    if (rest === undefined) {
      const node: SimpleNode = { value: null, line: lineNo, col: key.length + 2 };
      doc.set(key, node);
      open = { node, indent: undefined };
    } else {
      const col = raw.length - rest.length + 1;
      const value = rest.startsWith('[') ? flowList(rest, lineNo, col) : isPlain(rest) ? rest : undefined;
      if (value === undefined) return undefined;
      doc.set(key, { value, line: lineNo, col });
    }
  }
  return doc;
};
