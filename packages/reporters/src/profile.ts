/**
 * `--profile <file>`: a run as a Chrome trace (the JSON that chrome://tracing and Perfetto
 * open). World's phases — discovery, fingerprint, sources, evaluation, build — are spans on one
 * track; each target's build is a span on a worker track, from its builder's start to its end
 * (tracks assigned like Nix's build slots: the lowest free one).
 */
import type { BuildEvent, RunPhase } from '@world/executor';

interface TraceEvent {
  name: string;
  cat: string;
  ph: 'X' | 'M' | 'i';
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  s?: 'g';
  args?: Record<string, unknown>;
}

const PID = 1;
const PHASES_TID = 0;

export class ProfileRecorder {
  private readonly events: TraceEvent[] = [];
  private readonly t0: number;
  private phase: { name: RunPhase; at: number } | undefined;
  private readonly running = new Map<string, { at: number; tid: number }>();
  private readonly busy = new Set<number>();
  private workers = 0;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.t0 = now();
  }

  private us(): number {
    return Math.round((this.now() - this.t0) * 1000);
  }

  private endPhase(at: number): void {
    if (!this.phase) return;
    this.events.push({ name: this.phase.name, cat: 'phase', ph: 'X', ts: this.phase.at, dur: Math.max(0, at - this.phase.at), pid: PID, tid: PHASES_TID });
    this.phase = undefined;
  }

  onEvent(e: BuildEvent): void {
    const at = this.us();
    switch (e.type) {
      case 'phase':
        this.endPhase(at);
        this.phase = { name: e.phase, at };
        break;
      case 'started': {
        let tid = 1;
        while (this.busy.has(tid)) tid++;
        this.busy.add(tid);
        this.workers = Math.max(this.workers, tid);
        this.running.set(e.id, { at, tid });
        break;
      }
      case 'finished': {
        const r = this.running.get(e.result.id);
        if (!r) {
          if (e.result.status === 'cached') this.events.push({ name: e.result.id, cat: 'cached', ph: 'i', s: 'g', ts: at, pid: PID, tid: PHASES_TID });
          break;
        }
        this.running.delete(e.result.id);
        this.busy.delete(r.tid);
        this.events.push({ name: e.result.id, cat: e.result.status, ph: 'X', ts: r.at, dur: Math.max(0, at - r.at), pid: PID, tid: r.tid, args: { status: e.result.status, drv: e.result.drv, ...(e.requested ? {} : { needed: true }) } });
        break;
      }
      default:
        break;
    }
  }

  /** The trace, with every open span closed now. */
  trace(): { traceEvents: TraceEvent[]; displayTimeUnit: 'ms' } {
    const at = this.us();
    this.endPhase(at);
    for (const [id, r] of this.running) this.events.push({ name: id, cat: 'unfinished', ph: 'X', ts: r.at, dur: at - r.at, pid: PID, tid: r.tid });
    const names: TraceEvent[] = [
      { name: 'process_name', cat: '__metadata', ph: 'M', ts: 0, pid: PID, tid: 0, args: { name: 'world' } },
      { name: 'thread_name', cat: '__metadata', ph: 'M', ts: 0, pid: PID, tid: PHASES_TID, args: { name: 'phases' } },
      ...Array.from({ length: this.workers }, (_, i): TraceEvent => ({ name: 'thread_name', cat: '__metadata', ph: 'M', ts: 0, pid: PID, tid: i + 1, args: { name: `build slot ${i + 1}` } })),
    ];
    return { traceEvents: [...names, ...this.events], displayTimeUnit: 'ms' };
  }
}
