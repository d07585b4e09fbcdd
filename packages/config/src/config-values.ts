/**
 * project.yaml's `config:` — option values for the project's modules — as plain data for Nix.
 *
 * Keys are dotted paths at every level outside lists (`node.entry: x` is `node: { entry: x }`,
 * as the plan expands them), so one option can be written two ways; writing it twice is an
 * error naming both places, never a silent pick. Mappings are objects without a prototype,
 * and `__proto__`, `constructor` and `prototype` are refused as key parts wherever they stand,
 * so no key can reach Object.prototype here or in any later stage. Aliases are expanded, at
 * most MAX_ALIAS_VALUES values per file, and never into themselves. What Nix cannot hold
 * exactly is refused: NUL in strings, integers beyond 2^53, infinities and NaN.
 */
import { isAlias, isMap, isScalar, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import { WorldError, quote, type SourceLocation } from '@world/core';
import { MAX_ALIAS_VALUES, MAX_DEPTH } from './limits.js';
import { PLAIN_VALUES, type YamlFile } from './yaml-doc.js';

const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/** What an option path holds so far: a value, or options below it; and where and how it was written. */
type Slot = { kind: 'value'; at: SourceLocation; written: string } | { kind: 'options'; at: SourceLocation; written: string; below: Map<string, Slot> };

/** The options below a path (`node`), and the keys as written that lead there (`node:`). */
interface OptionLevel {
  slots: Map<string, Slot>;
  path: string;
  written: string;
}

const where = (at: SourceLocation): string => `line ${at.line}, column ${at.col}`;

class ConfigReader {
  private aliasValues = 0;
  /** Anchored nodes being expanded, to refuse an alias inside its own anchor. */
  private readonly expanding = new Set<Node>();

  constructor(private readonly y: YamlFile) {}

  /**
   * The value of `node`, `depth` levels down. `options` is set while keys are option paths
   * (outside lists); `alias` is the alias whose expansion this is, if any.
   */
  value(node: Node | null, depth: number, options: OptionLevel | undefined, alias: Node | undefined): unknown {
    if (depth > MAX_DEPTH) throw this.limit(node, `values nest more than ${MAX_DEPTH} levels deep`, 'flatten the structure');
    if (alias && ++this.aliasValues > MAX_ALIAS_VALUES) {
      throw this.limit(alias, `aliases expand to more than ${MAX_ALIAS_VALUES} values`, 'aliases that repeat aliases multiply; write the values out');
    }
    if (node === null) return null;
    if (isAlias(node)) {
      const target = this.y.deref(node);
      if (this.expanding.has(target)) this.y.fail(node, `the alias *${node.source} is used inside its own anchor`, 'an alias cannot stand for a value that contains it');
      this.expanding.add(target);
      const value = this.value(target, depth, options, alias ?? node);
      this.expanding.delete(target);
      return value;
    }
    if (isMap(node)) return this.mapping(node.items as Pair<Node, Node | null>[], depth, options, alias);
    if (isSeq(node)) return (node.items as Node[]).map((item) => this.value(item, depth + 1, undefined, alias));
    if (isScalar(node)) return this.scalar(node);
    return this.y.fail(node, 'this value is not supported', PLAIN_VALUES);
  }

  private mapping(pairs: Pair<Node, Node | null>[], depth: number, options: OptionLevel | undefined, alias: Node | undefined): Record<string, unknown> {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    const keyNodes = new Map<string, Node>();
    for (const pair of pairs) {
      const key = this.y.key(pair);
      const earlier = keyNodes.get(key);
      if (earlier) this.y.duplicate(key, pair.key, earlier);
      keyNodes.set(key, pair.key);
      const at = this.y.at(pair.key);
      if (!options) {
        if (RESERVED.has(key)) this.reserved(pair.key, key);
        out[key] = this.value(pair.value, depth + 1, undefined, alias);
        continue;
      }
      const parts = key.split('.');
      if (depth + parts.length > MAX_DEPTH) throw this.limit(pair.key, `the key ${quote(key)} has ${parts.length} parts; options nest at most ${MAX_DEPTH} levels deep`, 'options are paths of a few names: node.entry, command.build');
      for (const part of parts) {
        if (part === '') this.y.fail(pair.key, `the key ${quote(key)} has an empty part`, 'write option paths as names joined by single dots: node.entry');
        if (RESERVED.has(part)) this.reserved(pair.key, key);
      }
      const written = `${options.written}${options.written ? ' ' : ''}${key}:`;
      const below = this.claim(options, parts, isMap(this.y.deref(pair.value)), at, written);
      out[key] = this.value(pair.value, depth + parts.length, below, alias);
    }
    return out;
  }

  /**
   * Records that the option `parts` below `level` is set, to options (a mapping) or to a value,
   * at `at`; returns the level below it for options. Setting a value where anything else was
   * set, or anything where a value was, is a conflict.
   */
  private claim(level: OptionLevel, parts: string[], isOptions: boolean, at: SourceLocation, written: string): OptionLevel | undefined {
    let { slots, path } = level;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      path = path ? `${path}.${part}` : part;
      const last = i === parts.length - 1;
      const existing = slots.get(part);
      if (existing && (existing.kind === 'value' || (last && !isOptions))) this.conflict(path, existing, at, written);
      if (existing?.kind === 'options') {
        slots = existing.below;
        continue;
      }
      if (last && !isOptions) {
        slots.set(part, { kind: 'value', at, written });
        return undefined;
      }
      const below = new Map<string, Slot>();
      slots.set(part, { kind: 'options', at, written, below });
      slots = below;
    }
    return { slots, path, written };
  }

  private conflict(path: string, existing: Slot, at: SourceLocation, written: string): never {
    throw new WorldError('CONFIG_SCHEMA', `the option ${quote(path)} is set twice: by ${quote(written)} here and by ${quote(existing.written)} at ${where(existing.at)}`, {
      location: at,
      hint: 'a dotted key (node.entry: x) and a nested one (node: { entry: x }) name the same option: keep one',
    });
  }

  private reserved(node: Node, key: string): never {
    return this.y.fail(node, `the key ${quote(key)} uses the reserved name __proto__, constructor or prototype`, 'rename the option');
  }

  private limit(node: Node | null, message: string, hint: string): WorldError {
    return new WorldError('CONFIG_LIMIT', message, { location: this.y.at(node), hint });
  }

  private scalar(node: Scalar): unknown {
    const v = node.value;
    if (v === null || typeof v === 'boolean') return v;
    if (typeof v === 'string') {
      if (v.includes('\0')) this.y.fail(node, 'this string holds a NUL character, which Nix strings cannot hold', 'remove the \\0 (or \\x00) escape');
      return v;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) this.y.fail(node, `the number ${quote(String(node.source ?? v))} is not finite`, 'write it in quotes if it is meant as text');
      if (Number.isInteger(v) && !Number.isSafeInteger(v)) {
        this.y.fail(node, `the number ${quote(String(node.source ?? v))} is too large to pass on exactly`, 'integers may be at most 2^53 - 1; write it in quotes if it is meant as text');
      }
      return v;
    }
    return this.y.fail(node, 'this value is not supported', PLAIN_VALUES);
  }
}

/** The `config:` mapping as data, keys as written (`node.entry` stays dotted). */
export const configValues = (y: YamlFile, node: Node): Record<string, unknown> => {
  if (!isMap(y.deref(node))) y.fail(node, 'config must be a mapping (key: value)', 'write one `option: value` per line under config:');
  return new ConfigReader(y).value(node, 1, { slots: new Map(), path: '', written: '' }, undefined) as Record<string, unknown>;
};
