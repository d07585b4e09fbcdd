/**
 * Nix's structured log (`--log-format internal-json`, one `@nix {…}` object per stderr line)
 * as typed events, one line at a time. Pure: no I/O, no clock — the executor decides what the
 * events mean for its targets, and the unit tests feed it logs recorded from Nix 2.8.
 *
 * What Nix 2.8 says, and what it means here:
 * - a `start` of activity type 105 (build) names the derivation (fields[0]) and the machine
 *   it runs on (fields[1], '' for this one); type 108 (substitute) names the store path;
 * - `result` type 101 on a build activity is one line of its log;
 * - a failure is a level-0 `msg`: "builder for '<drv>' failed …" (or "… failed to produce
 *   output path …"), and "<n> dependencies of derivation '<drv>' failed to build" for a
 *   derivation that never started because something it needs failed;
 * - a build activity's `stop` comes only when nothing waits for it any more, so it marks
 *   no moment of its own (world's builder prints its own last line instead);
 * - any other level-0 message is an error of Nix itself (a malformed builder spec, a store it
 *   cannot reach); level 1 is a warning (an untrusted substitute, no machine for a build);
 * - on an `ssh-ng://` builder the remote daemon's own activities are forwarded into this log:
 *   a second build activity for the same derivation (machine '', the builder's own view)
 *   inside the first, which carries the log lines, and the remote's warnings at level 0.
 */

export type NixLogEvent =
  | { type: 'build-started'; drv: string; /** '' when built on this machine. */ machine: string }
  | { type: 'build-log'; drv: string; line: string }
  | { type: 'build-failed'; drv: string; message: string }
  | { type: 'dependencies-failed'; drv: string; message: string }
  | { type: 'substituting'; path: string }
  | { type: 'warning'; message: string }
  | { type: 'error'; message: string };

// Nix's activity and result types (libutil/logging.hh).
const ACT_BUILD = 105;
const ACT_SUBSTITUTE = 108;
const RES_BUILD_LOG_LINE = 101;
const LVL_ERROR = 0;
const LVL_WARN = 1;

interface NixLogLine {
  action?: unknown;
  id?: unknown;
  type?: unknown;
  level?: unknown;
  msg?: unknown;
  fields?: unknown;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]/g;

/** Text without terminal escapes (colours, cursor moves): logs and reports carry plain text. */
export const stripAnsi = (s: string): string => s.replace(ANSI, '');

const DRV = "'(/[^']+\\.drv)'";
const BUILDER_FAILED = new RegExp(`^builder for ${DRV} failed`);
const DEPENDENCIES_FAILED = new RegExp(`dependencies of derivation ${DRV} failed to build`);
const OTHER_DRV_FAILURE = new RegExp(`(?:derivation|output path) .*${DRV}|${DRV}.* (?:failed|hash mismatch)`);
/** Nix's closing line, which lists the top-level derivations that were not built: no news. */
const BUILD_OF_FAILED = /^build of .* failed$/s;
const TRACE_HINT = /^\(use '--show-trace'/;
/** A warning by its text, whatever its level (an ssh-ng builder's are forwarded at level 0). */
const WARNING = /^warning:/;
/** Nix tried a remote builder and could not use it; it goes on without it, so this is a warning. */
const CANNOT_BUILD_ON = /^cannot build on '/;
/** nix-store --realise's advice to root its results: world roots what it keeps itself. */
const ADD_ROOT_ADVICE = /did not specify '--add-root'/;

const messageOf = (raw: unknown): string => stripAnsi(String(raw ?? '')).replace(/^error:\s*/, '').trim();

export class NixLogParser {
  /** Build activity id → derivation. Ids are numbers in JSON; kept as given. */
  private readonly builds = new Map<unknown, string>();
  /** Every derivation whose build started, also after its activity stopped. */
  private readonly started = new Set<string>();

  /** The events one stderr line carries (none for lines that are not Nix's log). */
  push(line: string): NixLogEvent[] {
    if (!line.startsWith('@nix ')) return [];
    let e: NixLogLine;
    try {
      e = JSON.parse(line.slice(5)) as NixLogLine;
    } catch {
      return [];
    }
    if (typeof e !== 'object' || e === null) return [];
    const fields = Array.isArray(e.fields) ? (e.fields as unknown[]) : [];
    switch (e.action) {
      case 'start':
        if (e.type === ACT_BUILD && typeof fields[0] === 'string') {
          const drv = fields[0];
          // The remote's own activity for a build already under way here: its lines, not a new start.
          const forwarded = [...this.builds.values()].includes(drv);
          this.builds.set(e.id, drv);
          this.started.add(drv);
          return forwarded ? [] : [{ type: 'build-started', drv, machine: typeof fields[1] === 'string' ? fields[1] : '' }];
        }
        if (e.type === ACT_SUBSTITUTE && typeof fields[0] === 'string') return [{ type: 'substituting', path: fields[0] }];
        return [];
      case 'result': {
        const drv = this.builds.get(e.id);
        if (drv !== undefined && e.type === RES_BUILD_LOG_LINE) return [{ type: 'build-log', drv, line: stripAnsi(String(fields[0] ?? '')) }];
        return [];
      }
      case 'stop':
        this.builds.delete(e.id);
        return [];
      case 'msg':
        return this.message(e.level, messageOf(e.msg));
      default:
        return [];
    }
  }

  private message(level: unknown, message: string): NixLogEvent[] {
    if (message === '' || TRACE_HINT.test(message)) return [];
    if (level === LVL_WARN || WARNING.test(message)) return ADD_ROOT_ADVICE.test(message) ? [] : [{ type: 'warning', message: message.replace(/^warning:\s*/, '') }];
    if (level !== LVL_ERROR) return [];
    let m = BUILDER_FAILED.exec(message);
    if (m) return [{ type: 'build-failed', drv: m[1]!, message }];
    m = DEPENDENCIES_FAILED.exec(message);
    if (m) return [{ type: 'dependencies-failed', drv: m[1]!, message }];
    if (BUILD_OF_FAILED.test(message)) return [];
    if (CANNOT_BUILD_ON.test(message)) return [{ type: 'warning', message }];
    m = OTHER_DRV_FAILURE.exec(message);
    const drv = m?.[1] ?? m?.[2];
    if (drv !== undefined && this.started.has(drv)) return [{ type: 'build-failed', drv, message }];
    return [{ type: 'error', message }];
  }
}
