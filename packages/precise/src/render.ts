/** Plain-text rendering of a precise explanation, nix-diff style, indented by dependency depth. */
import { storeName } from './derivation.js';
import { lineDiff } from './compare.js';
import type { Change, Explanation } from './explain.js';
import type { FileChange } from './compare.js';

const show = (v: unknown): string => (v === undefined ? '(unset)' : JSON.stringify(v));
const asText = (v: unknown): string | null => (v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v, null, 2));
const shortPath = (p: string | null): string => (p === null ? '(none)' : p.replace(/^(\/nix\/store\/[0-9a-z]{8})[0-9a-z]{24}/, '$1…'));
const MAX_FILES = 20;
const MAX_DIFF_LINES = 40;

const fileLines = (files: readonly FileChange[], pad: string): string[] => [
  ...files.slice(0, MAX_FILES).map((f) => `${pad}${f.change} ${f.path}`),
  ...(files.length > MAX_FILES ? [`${pad}… and ${files.length - MAX_FILES} more`] : []),
];

const valueChange = (label: string, base: string | null, head: string | null, pad: string): string[] => {
  const short = (v: string | null) => v === null || (v.length <= 60 && !v.replace(/\n$/, '').includes('\n'));
  if (short(base) && short(head)) return [`${pad}${label}: ${base === null ? '(unset)' : JSON.stringify(base)} → ${head === null ? '(unset)' : JSON.stringify(head)}`];
  const diff = lineDiff(base ?? '', head ?? '');
  return [`${pad}${label}:`, ...diff.slice(0, MAX_DIFF_LINES).map((l) => `${pad}  ${l}`), ...(diff.length > MAX_DIFF_LINES ? [`${pad}  … ${diff.length - MAX_DIFF_LINES} more lines`] : [])];
};

export const renderChanges = (changes: readonly Change[], depth = 1): string[] => {
  const pad = '  '.repeat(depth);
  const out: string[] = [];
  for (const c of changes) {
    switch (c.kind) {
      case 'option':
      {
        const reach = c.env.length > 0 ? `, reaching env ${c.env.join(', ')}` : '';
        if (show(c.base).length <= 60 && show(c.head).length <= 60) out.push(`${pad}option ${c.option} (${c.file}): ${show(c.base)} → ${show(c.head)}${reach}`);
        else if (c.env.length > 0) out.push(`${pad}option ${c.option} (${c.file}) changed${reach}`);
        else out.push(...valueChange(`option ${c.option} (${c.file})`, asText(c.base), asText(c.head), pad));
      }
        break;
      case 'module':
        out.push(`${pad}module ${c.module}:`, ...fileLines(c.files, `${pad}  `));
        break;
      case 'env':
        out.push(...valueChange(`env ${c.name}`, c.base, c.head, pad));
        break;
      case 'field':
        out.push(...valueChange(c.name, c.base, c.head, pad));
        break;
      case 'source': {
        const path = c.head ?? c.base;
        out.push(
          `${pad}sources of ${c.project} (${path ? storeName(path) : `${c.project}-src`}): ${c.files.length === 1 ? '1 file differs' : `${c.files.length} files differ`}`,
          ...fileLines(c.files, `${pad}  `),
        );
        break;
      }
      case 'input':
        out.push(`${pad}input ${c.name}: ${shortPath(c.base)} → ${shortPath(c.head)}`);
        break;
      case 'dependency':
        if (c.base === null) out.push(`${pad}new dependency ${c.target}`);
        else if (c.head === null) out.push(`${pad}dependency ${c.target} removed`);
        else if (c.repeated) out.push(`${pad}dependency ${c.target} changed (as above)`);
        else out.push(`${pad}dependency ${c.target} changed${c.changes.length > 0 ? ':' : ''}`, ...renderChanges(c.changes, depth + 1));
        break;
    }
  }
  return out;
};

/** `headLabel`: what the head is, for the first line ("the working tree", a commit). */
export const renderExplanation = (e: Explanation, headLabel: string): string => {
  const lines: string[] = [];
  for (const t of e.targets) {
    const where = `base ${e.baseCommit.slice(0, 12)} → ${headLabel}`;
    if (t.status === 'changed') {
      lines.push(`${t.id}: derivation changed (${where})`, `  ${shortPath(t.baseDrv)} → ${shortPath(t.headDrv)}`, ...renderChanges(t.changes));
      if (t.changes.length === 0) lines.push('  (no difference found in the derivation\'s values, sources or dependencies)');
    } else lines.push(`${t.id}: ${t.status} (${where}): ${t.note ?? ''}`.replace(/: $/, ''));
  }
  return lines.join('\n');
};
