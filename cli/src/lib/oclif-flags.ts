/** Neutral flag specs → oclif flags and args. */
import { Args, Flags } from '@oclif/core';
import type { ArgSpec, FlagSpecs } from './flag-spec.js';

export const toOclifFlags = (specs: FlagSpecs) =>
  Object.fromEntries(
    Object.entries(specs).map(([name, s]) => {
      const char = s.char as 'a' | undefined;
      if (s.type === 'boolean') {
        return [name, Flags.boolean({ summary: s.summary, default: s.default ?? false, allowNo: s.allowNo ?? false, ...(char ? { char } : {}) })];
      }
      if (s.type === 'integer') {
        return [name, Flags.integer({ summary: s.summary, ...(s.default !== undefined ? { default: s.default } : {}), ...(s.min !== undefined ? { min: s.min } : {}), ...(char ? { char } : {}) })];
      }
      return [
        name,
        s.multiple
          ? Flags.string({ summary: s.summary, multiple: true, ...(s.helpValue ? { helpValue: s.helpValue } : {}), ...(char ? { char } : {}) })
          : Flags.string({
              summary: s.summary,
              ...(s.helpValue ? { helpValue: s.helpValue } : {}),
              ...(s.options ? { options: [...s.options] } : {}),
              ...(s.default !== undefined ? { default: s.default } : {}),
              ...(char ? { char } : {}),
            }),
      ];
    }),
  );

export const toOclifArgs = (specs: readonly ArgSpec[]) =>
  Object.fromEntries(specs.map((a) => [a.name, Args.string({ description: a.description, required: a.required })]));
