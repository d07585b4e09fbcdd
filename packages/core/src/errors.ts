/**
 * Errors a user can cause are values with a stable code, a message that names the file,
 * project or flag at fault, and a hint saying what to do. The CLI maps `exitCode` to the
 * process exit status, so scripts can tell bad config (2) from a failed target (1).
 */

export type ErrorCode =
  // usage and configuration: exit 2
  | 'USAGE'
  | 'NOT_A_WORLD'
  | 'CONFIG_YAML'
  | 'CONFIG_ENCODING'
  | 'CONFIG_SCHEMA'
  | 'CONFIG_UNKNOWN_KEY'
  | 'CONFIG_LIMIT'
  | 'CONFIG_NOT_A_FILE'
  | 'INVALID_NAME'
  | 'INVALID_WORLD_PATH'
  | 'DUPLICATE_PROJECT'
  | 'UNKNOWN_DEPENDENCY'
  | 'UNKNOWN_MODULE'
  | 'DEPENDENCY_CYCLE'
  | 'TARGET_CYCLE'
  | 'MANIFEST_INVALID'
  | 'CONFIG_DRIFT'
  | 'UNKNOWN_PROJECT'
  | 'UNKNOWN_TARGET'
  | 'NIX_EVAL'
  | 'DESTINATION_EXISTS'
  | 'UNKNOWN_TREE'
  | 'INVALID_REF'
  | 'INVALID_URL'
  | 'TIMINGS_INVALID'
  // repository state: exit 3
  | 'GIT_FAILED'
  | 'GIT_TOO_OLD'
  | 'BASE_UNRESOLVED'
  | 'HEAD_UNRESOLVED'
  | 'SHALLOW_HISTORY'
  | 'UNRELATED_HISTORIES'
  | 'NO_DEFAULT_BRANCH'
  | 'DIRTY_PATHS'
  | 'SPARSE_MISMATCH'
  | 'CLONE_FAILED'
  | 'WORKTREE_FAILED'
  // environment: exit 4
  | 'GIT_MISSING'
  | 'STATE_UNWRITABLE'
  | 'NIX_MISSING'
  | 'NIX_FAILED'
  | 'CACHE_PUSH_FAILED'
  | 'CI_EVENT_INVALID'
  | 'REPORT_WRITE_FAILED'
  | 'GRAPH_PAGE_MISSING'
  | 'BROWSER_FAILED'
  // a bug in world itself: exit 70
  | 'INTERNAL';

/** Documented exit codes; README lists them. */
export const ExitCode = {
  ok: 0,
  targetFailed: 1,
  usage: 2,
  repository: 3,
  environment: 4,
  /** EX_SOFTWARE from sysexits.h: distinct from every failure a user or a target can cause. */
  internal: 70,
} as const;

const exitCodeOf = (code: ErrorCode): number => {
  switch (code) {
    case 'GIT_FAILED':
    case 'GIT_TOO_OLD':
    case 'BASE_UNRESOLVED':
    case 'HEAD_UNRESOLVED':
    case 'SHALLOW_HISTORY':
    case 'UNRELATED_HISTORIES':
    case 'NO_DEFAULT_BRANCH':
    case 'DIRTY_PATHS':
    case 'SPARSE_MISMATCH':
    case 'CLONE_FAILED':
    case 'WORKTREE_FAILED':
      return ExitCode.repository;
    case 'GIT_MISSING':
    case 'STATE_UNWRITABLE':
    case 'NIX_MISSING':
    case 'NIX_FAILED':
    case 'CACHE_PUSH_FAILED':
    case 'CI_EVENT_INVALID':
    case 'REPORT_WRITE_FAILED':
    case 'GRAPH_PAGE_MISSING':
    case 'BROWSER_FAILED':
      return ExitCode.environment;
    case 'INTERNAL':
      return ExitCode.internal;
    default:
      return ExitCode.usage;
  }
};

/** A place in a file, 1-based, as editors print it. */
export interface SourceLocation {
  file: string;
  line?: number;
  col?: number;
}

export const formatLocation = (loc: SourceLocation): string =>
  loc.line === undefined ? loc.file : `${loc.file}:${loc.line}:${loc.col ?? 1}`;

export interface WorldErrorInit {
  hint?: string;
  location?: SourceLocation;
  /** Structured facts for --json output (the cycle, the candidates, the dirty files…). */
  details?: Record<string, unknown>;
}

export class WorldError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly location: SourceLocation | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, init: WorldErrorInit = {}) {
    super(init.location ? `${formatLocation(init.location)}: ${message}` : message);
    this.name = 'WorldError';
    this.code = code;
    this.hint = init.hint;
    this.location = init.location;
    this.details = init.details;
  }

  get exitCode(): number {
    return exitCodeOf(this.code);
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.location ? { location: this.location } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

export const isWorldError = (e: unknown): e is WorldError => e instanceof WorldError;

/** Several problems found in one pass (e.g. every bad project.yaml), reported together. */
export class WorldErrors extends WorldError {
  constructor(readonly errors: readonly WorldError[]) {
    const first = errors[0];
    if (!first) throw new Error('WorldErrors needs at least one error');
    super(
      first.code,
      errors.length === 1 ? first.message : `${errors.length} problems:\n${errors.map((e) => `  - ${e.message}`).join('\n')}`,
      // Several problems: each message carries its own location, so the whole has none.
      errors.length === 1
        ? { ...(first.hint ? { hint: first.hint } : {}), ...(first.location ? { location: first.location } : {}), details: { errors: errors.map((e) => e.toJSON()) } }
        : { hint: 'fix each problem listed', details: { errors: errors.map((e) => e.toJSON()) } },
    );
  }
}

/** Throws all collected errors at once, or nothing. */
export const throwCollected = (errors: readonly WorldError[]): void => {
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new WorldErrors(errors);
};
