/** One `nix-instantiate` for the whole plan: every target's derivation, output and what it needs. */
import { WorldError, isRecord, isStorePathNamed, isValidName, targetId, type TargetId } from '@world/core';
import type { NixSettings } from '@world/config';
import { stripAnsi } from './build-log.js';
import { nixOptions, runNix } from './nix-process.js';

export type TargetKind = 'build' | 'test' | 'lint' | 'other';

export interface EvaluatedTarget {
  project: string;
  target: string;
  drv: string;
  out: string;
  kind: TargetKind;
  /** The targets whose outputs it links. */
  needs: TargetId[];
}

const KINDS: readonly string[] = ['build', 'test', 'lint', 'other'];

const isRef = (v: unknown): v is { project: string; target: string } =>
  isRecord(v) && typeof v.project === 'string' && typeof v.target === 'string' && isValidName(v.project) && isValidName(v.target);

/** entry.nix's `__world.targets`, checked: anything else is world's bug or a broken Nix, not a plan. */
const parseTargets = (stdout: string, nixFile: string): EvaluatedTarget[] => {
  let data: unknown;
  try {
    data = JSON.parse(stdout);
  } catch {
    data = undefined;
  }
  const bad = () =>
    new WorldError('NIX_FAILED', `nix-instantiate printed something that is not the plan's targets: ${JSON.stringify(stdout.slice(0, 200))}`, {
      hint: `check the Nix installation (\`nix-instantiate --version\`); the generated expression is ${nixFile}`,
    });
  if (!Array.isArray(data)) throw bad();
  return data.map((t: unknown): EvaluatedTarget => {
    if (!isRef(t)) throw bad();
    const { project, target } = t;
    const { kind, needs, drv, out } = t as Record<string, unknown>;
    if (typeof kind !== 'string' || !KINDS.includes(kind) || !Array.isArray(needs) || !needs.every(isRef)) throw bad();
    if (!isStorePathNamed(drv, `${project}-${target}.drv`) || !isStorePathNamed(out, `${project}-${target}`)) throw bad();
    return { project, target, drv, out, kind: kind as TargetKind, needs: needs.map((n) => targetId(n.project, n.target)) };
  });
};

/** Evaluates the plan; writes the .drv files (read-write mode). */
export const evaluatePlan = async (nixFile: string, nix: NixSettings): Promise<EvaluatedTarget[]> => {
  const r = await runNix(
    'nix-instantiate',
    [...nixOptions(nix), '--eval', '--strict', '--json', '--read-write-mode', nixFile, '-A', '__world.targets'],
    { allowFailure: true },
  );
  if (r.exitCode !== 0) {
    // Module-system errors name the option and the files defining it; show them as they are.
    const message = stripAnsi(r.stderr).replace(/^(\s*… while .*\n?)+/gm, '').trim().split('\n').slice(-25).join('\n');
    throw new WorldError('NIX_EVAL', `evaluating the build plan failed:\n${message}`, {
      hint: `the generated expression is ${nixFile}; \`world nix show <project:target>\` prints it`,
    });
  }
  return parseTargets(r.stdout, nixFile);
};
