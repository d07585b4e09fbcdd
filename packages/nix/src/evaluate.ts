/** One `nix-instantiate` for the whole plan: every target's derivation and output path. */
import { WorldError } from '@world/core';
import type { NixSettings } from '@world/config';
import { nixOptions, runNix } from './nix-process.js';

export type TargetKind = 'build' | 'test' | 'lint' | 'other';

export interface EvaluatedTarget {
  drv: string;
  out: string;
  kind: TargetKind;
}

/** `project:target` → derivation and output. Writes the .drv files (read-write mode). */
export const evaluatePlan = async (nixFile: string, nix: NixSettings): Promise<Map<string, EvaluatedTarget>> => {
  const r = await runNix(
    'nix-instantiate',
    [...nixOptions(nix), '--eval', '--strict', '--json', '--read-write-mode', nixFile, '-A', '__world.targets'],
    { allowFailure: true },
  );
  if (r.exitCode !== 0) {
    // Module-system errors name the option and the files defining it; show them as they are.
    const message = r.stderr.replace(/^(\s*… while .*\n?)+/gm, '').trim().split('\n').slice(-25).join('\n');
    throw new WorldError('NIX_EVAL', `evaluating the build plan failed:\n${message}`, {
      hint: `the generated expression is ${nixFile}; \`world nix show <project:target>\` prints it`,
    });
  }
  const data = JSON.parse(r.stdout) as Record<string, EvaluatedTarget>;
  return new Map(Object.entries(data));
};
