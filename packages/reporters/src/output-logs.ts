/**
 * Which targets' build logs a run shows, named like Turborepo's `--output-logs`:
 * - `full`: every target's log — built ones as they run, cached ones replayed from the log
 *   Nix kept when it built them (`nix-store --read-log`; none for an output fetched from a
 *   binary cache, which is said);
 * - `new-only`: the logs of the targets this run builds, as they run;
 * - `errors-only` (the default, and GitHub Actions' `new-only`): a failed target's log,
 *   whole, the moment it fails;
 * - `none`: no logs; failures are still named, and `world log <target>` prints any.
 *
 * On a terminal or a pipe each line is prefixed by its target's id; on GitHub Actions a
 * target's log is printed whole in a folded group (see GithubLayout). Either way every line
 * goes through LogPaths (sandbox paths become repository paths) and Style (no escapes
 * without colour, no cursor moves ever).
 */
import { parseTargetId, type TargetId } from '@world/core';
import { TARGET_FINISHED, type TargetResult, type TargetStatus } from '@world/executor';
import type { LogOwner, LogPaths } from './log-paths.js';
import type { Style } from './style.js';

export type OutputLogs = 'full' | 'new-only' | 'errors-only' | 'none';
export const OUTPUT_LOGS: readonly OutputLogs[] = ['full', 'new-only', 'errors-only', 'none'];

/** Whether `mode` shows the log of a target that ended `status`. */
export const showsLog = (mode: OutputLogs, status: TargetStatus): boolean => {
  switch (mode) {
    case 'full':
      return status === 'cached' || status === 'built' || status === 'failed' || status === 'cancelled';
    case 'new-only':
      return status === 'built' || status === 'failed' || status === 'cancelled';
    case 'errors-only':
      return status === 'failed';
    case 'none':
      return false;
  }
};

/** A whole log is kept for showing up to this many lines (its end: where failures are). */
const KEPT_LINES = 2000;
/** Cached logs read at once, when replayed. */
const REPLAYS_AT_ONCE = 4;

/** How a reporter lays logs out. */
export interface LogLayout {
  /** Whether a build's lines are printed as they come (else whole, when it ends). */
  readonly streams: boolean;
  /** One line of `id`'s log, printed on its own. */
  line(id: TargetId, text: string): string;
  /** A target's headline (its line in the run's report, '' for none) and its log, printed together. */
  block(headline: string, result: TargetResult, log: ShownLog): string[];
}

export interface ShownLog {
  /** The lines as shown: paths rewritten, made safe for the terminal. */
  lines: string[];
  /** The lines as the builder wrote them (for finding error locations). */
  raw: string[];
  /** Earlier lines not kept. */
  dropped: number;
}

export interface LogViewOptions {
  mode: OutputLogs;
  style: Style;
  paths: LogPaths;
  layout: LogLayout;
  /** Writes lines together, each ending in a newline. */
  print: (lines: string[]) => void;
  /** The log Nix kept for a derivation, for replaying cached targets (`full`); without it they are not replayed. */
  readLog?: (drv: string) => Promise<string | undefined>;
}

interface Kept {
  raw: string[];
  dropped: number;
}

/** Shows targets' logs as the mode and the layout say, from a run's events. */
export class TargetLogView {
  private readonly owners = new Map<TargetId, LogOwner>();
  private readonly kept = new Map<TargetId, Kept>();
  private readonly replays: Promise<void>[] = [];
  private replaying = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly o: LogViewOptions) {}

  private ownerOf(id: TargetId, drv: string): LogOwner {
    let owner = this.owners.get(id);
    if (!owner) {
      owner = { project: parseTargetId(id)?.project ?? '', drv };
      this.owners.set(id, owner);
    }
    return owner;
  }

  private shown(id: TargetId, raw: string): string {
    const owner = this.owners.get(id);
    const line = this.o.style.logLine(raw);
    return owner ? this.o.paths.rewrite(line, owner) : line;
  }

  started(id: TargetId, drv: string): void {
    this.ownerOf(id, drv);
  }

  /** Whether a build's lines are printed as they come: the layout can, and every build of this run is shown. */
  private get streaming(): boolean {
    return this.o.layout.streams && (this.o.mode === 'full' || this.o.mode === 'new-only');
  }

  log(id: TargetId, line: string): void {
    if (this.o.mode === 'none') return;
    if (this.streaming) {
      this.o.print([this.o.layout.line(id, this.shown(id, line))]);
      return;
    }
    let k = this.kept.get(id);
    if (!k) this.kept.set(id, (k = { raw: [], dropped: 0 }));
    k.raw.push(line);
    // Trimmed now and then, not at every line: a long log costs no more than a short one per line.
    if (k.raw.length >= 2 * KEPT_LINES) {
      k.dropped += k.raw.length - KEPT_LINES;
      k.raw = k.raw.slice(-KEPT_LINES);
    }
  }

  /** A target ended: its headline, and its log when the mode shows it. */
  finished(result: TargetResult, headline: string): void {
    this.ownerOf(result.id, result.drv);
    const kept = this.kept.get(result.id) ?? { raw: [], dropped: 0 };
    // Said built, a target may yet fail (Nix refused its output): until the run ends its log is kept.
    if (result.status !== 'built' || this.o.mode !== 'errors-only') this.kept.delete(result.id);
    const show = showsLog(this.o.mode, result.status);
    if (show && result.status === 'cached' && this.o.readLog) {
      // Replayed when Nix has read it: a streaming layout says the headline now, its lines follow.
      if (this.o.layout.streams && headline !== '') this.o.print([headline]);
      this.replays.push(this.replay(result, this.o.layout.streams ? '' : headline));
    } else if (show && result.status !== 'cached' && !this.streaming) {
      this.o.print(this.o.layout.block(headline, result, this.logOf(result.id, kept)));
    } else if (headline !== '') {
      this.o.print([headline]);
    }
  }

  private logOf(id: TargetId, k: Kept): ShownLog {
    const raw = k.raw.slice(-KEPT_LINES);
    return { lines: raw.map((l) => this.shown(id, l)), raw, dropped: k.dropped + k.raw.length - raw.length };
  }

  /** One of the REPLAYS_AT_ONCE reading slots; a slot given back goes straight to the next waiting. */
  private async slot(): Promise<void> {
    if (this.replaying < REPLAYS_AT_ONCE) this.replaying++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.replaying--;
  }

  private async replay(result: TargetResult, headline: string): Promise<void> {
    await this.slot();
    let text: string | undefined;
    try {
      // A log that cannot be read is said so, like one Nix did not keep; it must not fail the run.
      text = await this.o.readLog!(result.drv);
    } catch {
      text = undefined;
    } finally {
      this.release();
    }
    const raw =
      text === undefined
        ? ['(no log: Nix kept none for this output — it came from a binary cache, or its log was deleted)']
        : text.split('\n').filter((l, i, all) => l !== TARGET_FINISHED && !(l === '' && i === all.length - 1));
    const log = this.logOf(result.id, { raw, dropped: 0 });
    if (this.o.layout.streams) this.o.print(log.lines.map((l) => this.o.layout.line(result.id, l)));
    else this.o.print(this.o.layout.block(headline, result, log));
  }

  /** When every replay has been printed. */
  async settled(): Promise<void> {
    await Promise.all(this.replays);
  }
}

/** What stands for the lines of a log not kept. */
export const droppedNote = (id: TargetId, dropped: number): string => `… ${dropped} earlier lines (\`world log ${id}\` prints them all)`;

/** Each line prefixed by its target's id, so that the lines of builds running at once can be told apart: for terminals and pipes. */
export class PrefixedLayout implements LogLayout {
  readonly streams = true;

  constructor(private readonly style: Style) {}

  line(id: TargetId, text: string): string {
    const prefix = this.style.dim(`${id} |`);
    return text === '' ? prefix : `${prefix} ${text}`;
  }

  block(headline: string, result: TargetResult, log: ShownLog): string[] {
    return [
      ...(headline !== '' ? [headline] : []),
      ...(log.dropped > 0 ? [this.line(result.id, droppedNote(result.id, log.dropped))] : []),
      ...log.lines.map((l) => this.line(result.id, l)),
    ];
  }
}
