/**
 * Reading .drv files (`nix show-derivation`) and comparing two of them the way nix-diff
 * does: which environment values, input sources and input derivations differ. The
 * comparison is pure; only `showDerivations` runs Nix.
 */
import { WorldError, storePathName } from '@world/core';
import type { NixSettings } from '@world/config';
import { NIX_COMMAND, nixOptions, runNix } from '@world/nix';

export interface Derivation {
  outputs: Record<string, { path?: string }>;
  inputSrcs: string[];
  /** .drv path → the outputs used. */
  inputDrvs: Record<string, string[]>;
  system: string;
  builder: string;
  args: string[];
  env: Record<string, string>;
}

/** Every derivation asked for, in one `nix show-derivation` call. */
export const showDerivations = async (drvs: readonly string[], nix: NixSettings): Promise<Map<string, Derivation>> => {
  const unique = [...new Set(drvs)];
  if (unique.length === 0) return new Map();
  const r = await runNix('nix', [...NIX_COMMAND, 'show-derivation', ...nixOptions(nix), ...unique], { allowFailure: true });
  if (r.exitCode !== 0) {
    throw new WorldError('NIX_FAILED', `nix show-derivation failed:\n${r.stderr.trim().split('\n').slice(-10).join('\n')}`, {
      hint: 'a derivation may have been garbage-collected since it was evaluated: run the command again to re-evaluate',
    });
  }
  return new Map(Object.entries(JSON.parse(r.stdout) as Record<string, Derivation>));
};

const STORE_PATH = /\/nix\/store\/[0-9a-z]{32}-/g;

/** A store path's name: `/nix/store/<hash>-app-src` → `app-src`; `.drv` dropped. */
export const storeName = (path: string): string => (storePathName(path) ?? path).replace(/\.drv$/, '');

/** A value with every store path's hash hidden: equal results mean "differs only through its inputs". */
const withoutHashes = (value: string): string => value.replace(STORE_PATH, '/nix/store/…-');

export interface ValueDiff {
  name: string;
  base: string | null;
  head: string | null;
}

export interface PathPair {
  /** Store name shared by both sides (`app-src`, `lib-build`). */
  name: string;
  base: string | null;
  head: string | null;
}

export interface DerivationDiff {
  /** builder, system, args: differences not explained by changed inputs. */
  fields: ValueDiff[];
  /** Environment values that differ other than through store paths of changed inputs. */
  env: ValueDiff[];
  /** Input sources (plain store paths: project sources, world's builder) that differ, paired by name. */
  sources: PathPair[];
  /** Input derivations that differ, paired by name. */
  dependencies: PathPair[];
}

/** Pairs two path lists by store name; keeps only the names whose paths differ. */
const pairByName = (base: readonly string[], head: readonly string[]): PathPair[] => {
  const b = new Map(base.map((p) => [storeName(p), p]));
  const h = new Map(head.map((p) => [storeName(p), p]));
  const out: PathPair[] = [];
  for (const name of [...new Set([...b.keys(), ...h.keys()])].sort()) {
    const bp = b.get(name) ?? null;
    const hp = h.get(name) ?? null;
    if (bp !== hp) out.push({ name, base: bp, head: hp });
  }
  return out;
};

export const diffDerivations = (base: Derivation, head: Derivation): DerivationDiff => {
  const outputNames = new Set([...Object.keys(base.outputs), ...Object.keys(head.outputs)]);
  const env: ValueDiff[] = [];
  for (const name of [...new Set([...Object.keys(base.env), ...Object.keys(head.env)])].sort()) {
    if (outputNames.has(name)) continue; // the output paths change whenever anything does
    const b = base.env[name] ?? null;
    const h = head.env[name] ?? null;
    if (b === h) continue;
    if (b !== null && h !== null && withoutHashes(b) === withoutHashes(h)) continue;
    env.push({ name, base: b, head: h });
  }
  const fields: ValueDiff[] = [];
  const field = (name: string, b: string, h: string) => {
    if (withoutHashes(b) !== withoutHashes(h)) fields.push({ name, base: b, head: h });
  };
  field('builder', base.builder, head.builder);
  field('system', base.system, head.system);
  field('args', JSON.stringify(base.args), JSON.stringify(head.args));
  return {
    fields,
    env,
    sources: pairByName(base.inputSrcs, head.inputSrcs),
    dependencies: pairByName(Object.keys(base.inputDrvs), Object.keys(head.inputDrvs)),
  };
};
