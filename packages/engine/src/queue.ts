/**
 * Merge-queue batching: candidates whose affected projects are disjoint can merge together.
 * Each candidate's affected set is computed against the base; candidates are dealt, in the
 * order given, into the first batch none of whose members shares an affected project.
 */
import type { EngineHooks } from './hooks.js';
import { loadAffected } from './workspace.js';

export interface QueueCandidate {
  ref: string;
  projects: string[];
}

export interface QueueBatch {
  candidates: QueueCandidate[];
  projects: string[];
}

export const planQueue = async (cwd: string, refs: readonly string[], base: string | undefined, hooks: EngineHooks = {}): Promise<{ candidates: QueueCandidate[]; batches: QueueBatch[] }> => {
  const candidates: QueueCandidate[] = [];
  for (const ref of refs) {
    const r = await loadAffected(cwd, { base, head: ref, uncommitted: false, allIfBaseMissing: false }, hooks);
    candidates.push({ ref, projects: r.affected.projects.map((p) => p.name) });
  }
  const batches: { candidates: QueueCandidate[]; projects: Set<string> }[] = [];
  for (const c of candidates) {
    const batch = batches.find((b) => c.projects.every((p) => !b.projects.has(p)));
    if (batch) {
      batch.candidates.push(c);
      for (const p of c.projects) batch.projects.add(p);
    } else batches.push({ candidates: [c], projects: new Set(c.projects) });
  }
  return { candidates, batches: batches.map((b) => ({ candidates: b.candidates, projects: [...b.projects].sort() })) };
};
