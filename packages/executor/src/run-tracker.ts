/**
 * Each target's fate, from Nix's structured log as it streams. Pure: it is told the time and
 * Nix's events, and says what happened to which target — the moment it happens — and, when
 * Nix has exited, the final verdict for every target. No I/O, so the unit tests drive it with
 * recorded logs.
 *
 * The rules:
 * - a target is running from its builder's start to its builder's last line (world's builder
 *   prints TARGET_FINISHED), or to Nix's "builder for … failed" message: failed, right then;
 * - its output counts only if it is a valid store path when Nix is done (else it failed);
 * - a target that never started is "skipped" when a target in its own closure failed, naming
 *   just those; "not-started" when the run stopped first (a failure without --keep-going, or
 *   Nix failing as a whole, with Nix's message);
 * - without --keep-going Nix kills the builds still running at the first failure: those are
 *   "cancelled", never "failed".
 */
import type { TargetId } from '@world/core';
import type { NixLogEvent } from '@world/nix';
import type { PlannedTarget, TargetPlan } from './plan.js';
import type { BuildEvent, TargetCause, TargetResult } from './events.js';

/** The lines modules/world/builder.sh ends every build with: success, or failure and why. */
export const TARGET_FINISHED = 'world: target finished';
const TARGET_FAILED = 'world: target failed (';
/** A failed test's JUnit XML comes through the log between these, base64-encoded. */
const JUNIT_BEGIN = 'world: junit begin';
const JUNIT_END = 'world: junit end';

const LOG_TAIL = 25;
/** A target's whole log is kept for `world log` up to this many characters. */
const LOG_LIMIT = 2_000_000;

interface Progress {
  target: PlannedTarget;
  startedAt?: number;
  endedAt?: number;
  machine: string;
  state: 'waiting' | 'running' | 'succeeded' | 'failed';
  failure?: string;
  log: string[];
  logChars: number;
  junit?: string[];
  /** Between the junit markers. */
  inJunit?: boolean;
}

export interface TrackerOptions {
  keepGoing: boolean;
  now: () => number;
  emit: (e: BuildEvent) => void;
}

export interface TrackedRun {
  /** The plan's targets, then any needed target that failed (so its log is shown). */
  results: TargetResult[];
  /** Whole logs of the targets that ran and did not succeed (Nix keeps none for cancelled builds). */
  logs: Map<string, string>;
  /** What Nix said that is no target's own failure. */
  nixErrors: string[];
  /** Nix's warnings: a substitute refused, a builder unreachable. */
  warnings: string[];
  /** Every target built by this run, needed ones included: target → its project's key. */
  built: Map<TargetId, string>;
}

export class RunTracker {
  private readonly byDrv = new Map<string, Progress>();
  private readonly requested: ReadonlySet<TargetId>;
  private readonly substituted = new Set<string>();
  /** Derivations that are not targets (a target's `sources` selection) whose build failed. */
  private readonly otherFailures: string[] = [];
  private readonly nixErrors: string[] = [];
  private readonly warnings: string[] = [];
  private firstFailure: TargetId | undefined;
  /** The status each target's last 'finished' event said. */
  private readonly announced = new Map<TargetId, TargetResult['status']>();

  constructor(
    private readonly plan: TargetPlan,
    private readonly opts: TrackerOptions,
  ) {
    this.requested = new Set(plan.targets.map((t) => t.id));
    for (const t of plan.closure.values()) {
      if (!t.inStore) this.byDrv.set(t.drv, { target: t, machine: '', state: 'waiting', log: [], logChars: 0 });
    }
  }

  onNix(e: NixLogEvent): void {
    switch (e.type) {
      case 'build-started': {
        const p = this.byDrv.get(e.drv);
        if (!p) return;
        p.state = 'running';
        p.startedAt = this.opts.now();
        p.machine = e.machine;
        this.opts.emit({ type: 'started', id: p.target.id, drv: e.drv, requested: this.requested.has(p.target.id), machine: e.machine });
        return;
      }
      case 'build-log': {
        const p = this.byDrv.get(e.drv);
        if (!p) return;
        if (p.inJunit) {
          if (e.line === JUNIT_END) p.inJunit = false;
          else p.junit!.push(e.line);
          return;
        }
        if (e.line === JUNIT_BEGIN) {
          p.inJunit = true;
          p.junit = [];
          return;
        }
        if (e.line === TARGET_FINISHED) {
          p.state = 'succeeded';
          p.endedAt = this.opts.now();
          this.announce(this.resultOf(p, 'built'));
          return;
        }
        if (p.logChars < LOG_LIMIT) {
          p.log.push(e.line);
          p.logChars += e.line.length + 1;
        }
        this.opts.emit({ type: 'log', id: p.target.id, line: e.line });
        if (e.line.startsWith(TARGET_FAILED)) this.fail(p, `its command failed (${e.line.slice(TARGET_FAILED.length)}`);
        return;
      }
      case 'build-failed': {
        const p = this.byDrv.get(e.drv);
        if (!p) this.otherFailures.push(e.message);
        // Known already when the builder said so; else (a killed builder) now.
        else if (p.state !== 'failed') this.fail(p, e.message);
        return;
      }
      case 'dependencies-failed':
        return; // worked out from the closure when Nix is done
      case 'substituting':
        this.substituted.add(e.path);
        return;
      case 'warning':
        this.warnings.push(e.message);
        this.opts.emit({ type: 'warning', message: e.message });
        return;
      case 'error':
        this.nixErrors.push(e.message);
        this.opts.emit({ type: 'nix-error', message: e.message });
        return;
    }
  }

  private fail(p: Progress, message: string): void {
    p.state = 'failed';
    p.failure = message;
    p.endedAt = this.opts.now();
    this.firstFailure ??= p.target.id;
    this.announce(this.resultOf(p, 'failed'));
  }

  private announce(result: TargetResult): void {
    this.announced.set(result.id, result.status);
    this.opts.emit({ type: 'finished', requested: this.requested.has(result.id), result });
  }

  /** A target that never ran. */
  private notRun(t: PlannedTarget, status: 'skipped' | 'not-started', cause: TargetCause): TargetResult {
    return { id: t.id, project: t.project, target: t.target, kind: t.kind, status, key: t.key, drv: t.drv, out: t.out, cause, ...(t.reason ? { reason: t.reason } : {}) };
  }

  private resultOf(p: Progress, status: 'built' | 'failed'): TargetResult {
    const t = p.target;
    return {
      id: t.id,
      project: t.project,
      target: t.target,
      kind: t.kind,
      status,
      key: t.key,
      drv: t.drv,
      out: t.out,
      ...(p.startedAt !== undefined ? { durationMs: (p.endedAt ?? this.opts.now()) - p.startedAt } : {}),
      ...(p.machine !== '' ? { machine: p.machine } : {}),
      ...(t.reason ? { reason: t.reason } : {}),
      ...(status === 'failed'
        ? {
            logTail: p.log.slice(-LOG_TAIL),
            cause: { reason: 'builder-failed', message: p.failure ?? 'its builder did not finish' } satisfies TargetCause,
            ...(p.junit && p.junit.length > 0 ? { junit: Buffer.from(p.junit.join(''), 'base64').toString('utf8') } : {}),
          }
        : {}),
    };
  }

  /** The failed targets in a target's closure (not itself). */
  private failedInClosure(t: PlannedTarget, failed: ReadonlySet<TargetId>): TargetId[] {
    const found = new Set<TargetId>();
    const seen = new Set<TargetId>();
    const stack = [...t.needs];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      if (failed.has(id)) found.add(id);
      stack.push(...(this.plan.closure.get(id)?.needs ?? []));
    }
    return [...found].sort();
  }

  /** Every target's verdict, once Nix has exited with `exitCode` and `valid` are the outputs it left. */
  finish(valid: ReadonlySet<string>, exitCode: number): TrackedRun {
    const final = new Map<TargetId, TargetResult>();
    // Outputs decide: a builder that finished but whose output Nix did not register failed.
    for (const p of this.byDrv.values()) {
      if (valid.has(p.target.out)) {
        const r = this.resultOf(p, 'built');
        final.set(p.target.id, this.substituted.has(p.target.out) ? { ...r, substituted: true } : r);
      } else if (p.state === 'failed' || p.state === 'succeeded') {
        p.failure ??= `its builder finished, but Nix did not register its output${this.nixErrors.length > 0 ? `: ${this.nixErrors.join('; ')}` : ''}`;
        if (p.state === 'succeeded') p.state = 'failed';
        final.set(p.target.id, this.resultOf(p, 'failed'));
      }
    }
    const failed = new Set([...final.values()].filter((r) => r.status === 'failed').map((r) => r.id));
    const stopped: TargetCause | undefined =
      !this.opts.keepGoing && this.firstFailure !== undefined
        ? { reason: 'stopped-after-failure', failed: [this.firstFailure] }
        : undefined;
    const nixCause = (): TargetCause => ({
      reason: 'nix-error',
      message: [...this.otherFailures, ...this.nixErrors].join('\n') || `nix-store exited with ${exitCode} before building it`,
    });
    for (const p of this.byDrv.values()) {
      if (final.has(p.target.id)) continue;
      if (p.state === 'running') {
        final.set(p.target.id, { ...this.resultOf(p, 'built'), status: 'cancelled', logTail: p.log.slice(-LOG_TAIL), cause: stopped ?? nixCause() });
        continue;
      }
      const needsFailed = this.failedInClosure(p.target, failed);
      final.set(
        p.target.id,
        needsFailed.length > 0
          ? this.notRun(p.target, 'skipped', { reason: 'dependency-failed', failed: needsFailed })
          : this.notRun(p.target, 'not-started', stopped ?? nixCause()),
      );
    }

    const results: TargetResult[] = [];
    for (const t of this.plan.targets) {
      results.push(
        final.get(t.id) ?? { id: t.id, project: t.project, target: t.target, kind: t.kind, status: 'cached', key: t.key, drv: t.drv, out: t.out },
      );
    }
    // A needed target that failed is shown with its log, so a skip can be understood.
    for (const r of final.values()) if (!this.requested.has(r.id) && r.status === 'failed') results.push(r);
    // What the stream has not said yet, or said differently (a finished builder whose output Nix refused).
    for (const r of results) if (r.status !== 'cached' && this.announced.get(r.id) !== r.status) this.announce(r);
    const logs = new Map<string, string>();
    for (const p of this.byDrv.values()) {
      const status = final.get(p.target.id)?.status;
      if ((status === 'failed' || status === 'cancelled') && p.log.length > 0) logs.set(p.target.drv, p.log.join('\n') + '\n');
    }
    const built = new Map([...final.values()].filter((r) => r.status === 'built').map((r) => [r.id, r.key]));
    return { results, logs, nixErrors: [...this.otherFailures, ...this.nixErrors], warnings: this.warnings, built };
  }
}
