/**
 * A target's identity, `project:target`. Both halves are names (NAME_PATTERN: no `:`), so
 * the first colon splits an id unambiguously. Ids are made and read only here; everything
 * else passes the typed value around.
 */
import { isValidName } from './names.js';

declare const targetIdBrand: unique symbol;
export type TargetId = string & { readonly [targetIdBrand]: true };

export interface TargetRef {
  project: string;
  target: string;
}

export const targetId = (project: string, target: string): TargetId => `${project}:${target}` as TargetId;

/** `money:build` → its halves; undefined when `s` is not a well-formed id. */
export const parseTargetId = (s: string): TargetRef | undefined => {
  const colon = s.indexOf(':');
  if (colon < 0) return undefined;
  const project = s.slice(0, colon);
  const target = s.slice(colon + 1);
  return isValidName(project) && isValidName(target) ? { project, target } : undefined;
};

/** An id read from a file or a flag, checked. */
export const asTargetId = (s: string): TargetId | undefined => (parseTargetId(s) ? (s as TargetId) : undefined);
