/**
 * What a reporter knows of a run while it goes: the phase, how many of the requested targets
 * have an outcome, which builders are running since when, and how long each build took.
 * Counts come from each target's latest outcome, not from adding events up: the engine may
 * say a target's fate again when Nix has exited (a builder that finished but whose output Nix
 * refused is failed, not built), and a target counts once.
 */
import type { BuildEvent, RunPhase, TargetId, TargetStatus } from '@world/executor';

export interface Running {
  since: number;
  /** False for a dependency built only because a requested target needs it. */
  requested: boolean;
}

export interface Counts {
  total: number;
  /** Requested targets with an outcome (cached, built, failed, skipped, cancelled, not started). */
  done: number;
  cached: number;
  built: number;
  failed: number;
  /** Not attempted: something they need failed. */
  skipped: number;
  /** Cancelled or not started: the run stopped first. */
  stopped: number;
}

export class RunProgress {
  phase: RunPhase | undefined;
  private total = 0;
  readonly running = new Map<TargetId, Running>();
  /** The latest outcome of each requested target. */
  private readonly outcomes = new Map<TargetId, TargetStatus>();
  /** How long each target built in this run took, dependencies too. */
  private readonly buildTimes = new Map<TargetId, number>();

  constructor(private readonly now: () => number = Date.now) {}

  onEvent(e: BuildEvent): void {
    switch (e.type) {
      case 'phase':
        this.phase = e.phase;
        return;
      case 'planned':
        this.total = e.total;
        return;
      case 'started':
        this.running.set(e.id, { since: this.now(), requested: e.requested });
        return;
      case 'finished': {
        const t = e.result;
        this.running.delete(t.id);
        if (e.requested) this.outcomes.set(t.id, t.status);
        if (t.status === 'built' && t.durationMs !== undefined) this.buildTimes.set(t.id, t.durationMs);
        else this.buildTimes.delete(t.id);
        return;
      }
      default:
        return;
    }
  }

  counts(): Counts {
    const c: Counts = { total: this.total, done: 0, cached: 0, built: 0, failed: 0, skipped: 0, stopped: 0 };
    for (const status of this.outcomes.values()) {
      c.done++;
      if (status === 'cached') c.cached++;
      else if (status === 'built') c.built++;
      else if (status === 'failed') c.failed++;
      else if (status === 'skipped') c.skipped++;
      else if (status !== 'would-build') c.stopped++;
    }
    return c;
  }

  /** The `n` longest builds of this run, longest first. */
  slowest(n: number): { id: TargetId; ms: number }[] {
    return [...this.buildTimes]
      .map(([id, ms]) => ({ id, ms }))
      .sort((a, b) => b.ms - a.ms || (a.id < b.id ? -1 : 1))
      .slice(0, n);
  }
}
