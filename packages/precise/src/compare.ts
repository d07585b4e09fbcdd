/** Pure comparisons of the two sides: source file lists and option values. */
import { isRecord } from '@world/core';
import type { SourceFile } from '@world/fingerprint';
import { expandDottedKeys } from '@world/nix';

export interface FileChange {
  /** Repository-relative. */
  path: string;
  change: 'added' | 'deleted' | 'modified' | 'mode';
}

/** Which files differ between two lists of a project's (or module's) sources, by git object id and mode. */
export const diffSourceFiles = (base: readonly SourceFile[], head: readonly SourceFile[]): FileChange[] => {
  const b = new Map(base.map((f) => [f.path, f]));
  const h = new Map(head.map((f) => [f.path, f]));
  const out: FileChange[] = [];
  for (const path of [...new Set([...b.keys(), ...h.keys()])].sort()) {
    const bf = b.get(path);
    const hf = h.get(path);
    if (!bf) out.push({ path, change: 'added' });
    else if (!hf) out.push({ path, change: 'deleted' });
    else if (bf.oid !== hf.oid) out.push({ path, change: 'modified' });
    else if (bf.mode !== hf.mode) out.push({ path, change: 'mode' });
  }
  return out;
};

export interface OptionChange {
  /** Dotted option path, as written in project.yaml's `config:` (`command.env.GREETING`). */
  option: string;
  /** The value at each side; undefined where it is not set. */
  base?: unknown;
  head?: unknown;
}


/** `{ node: { entry: x } }` → `node.entry` = x; lists and scalars are leaves. */
export const flattenOptions = (config: Record<string, unknown>): Map<string, unknown> => {
  const out = new Map<string, unknown>();
  const walk = (prefix: string, v: unknown) => {
    if (isRecord(v) && Object.keys(v).length > 0) {
      for (const [k, child] of Object.entries(v)) walk(prefix ? `${prefix}.${k}` : k, child);
    } else out.set(prefix, v);
  };
  walk('', expandDottedKeys(config));
  return out;
};

/** Option values set in project.yaml that differ between the two sides. */
export const diffOptions = (base: Record<string, unknown>, head: Record<string, unknown>): OptionChange[] => {
  const b = flattenOptions(base);
  const h = flattenOptions(head);
  const out: OptionChange[] = [];
  for (const option of [...new Set([...b.keys(), ...h.keys()])].sort()) {
    if (JSON.stringify(b.get(option)) === JSON.stringify(h.get(option))) continue;
    out.push({ option, ...(b.has(option) ? { base: b.get(option) } : {}), ...(h.has(option) ? { head: h.get(option) } : {}) });
  }
  return out;
};

/**
 * A line diff of two texts (longest common subsequence), as `- line` / `+ line` entries,
 * unchanged lines left out. Meant for short values such as a target's command.
 */
export const lineDiff = (base: string, head: string): string[] => {
  const a = base.replace(/\n$/, '').split('\n');
  const b = head.replace(/\n$/, '').split('\n');
  if (a.length * b.length > 250_000) return [...a.map((l) => `- ${l}`), ...b.map((l) => `+ ${l}`)];
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) out.push(`- ${a[i++]}`);
    else out.push(`+ ${b[j++]}`);
  }
  return out;
};
