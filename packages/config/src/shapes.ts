/**
 * The shapes of strings from config that name places: patterns, paths inside the world,
 * host paths, cache URLs, builders and branch names. Each check throws CONFIG_SCHEMA at the
 * value, so a pattern that can never match (`../**`), a path that leaves the world
 * (`modules: ../x`) or a value that would split into two on Nix's command line is refused
 * where it is written, not discovered — or silently ignored — later.
 */
import { WorldError, globProblem, quote, type SourceLocation } from '@world/core';

const fail = (what: string, value: string, problem: string, at: SourceLocation, hint: string): never => {
  throw new WorldError('CONFIG_SCHEMA', `${what} ${quote(value)} ${problem}`, { location: at, hint });
};

/** A glob of `projects`, `global` or `inputs`. */
export const checkPattern = (glob: string, what: string, at: SourceLocation, relativeTo: string): void => {
  const problem = globProblem(glob);
  if (problem) fail(what, glob, problem, at, `patterns match paths ${relativeTo}, like src/** or **/*.c`);
};

/** `./a/b/` → `a/b`, or the reason it is no path inside the world. */
const worldRelative = (value: string): { path: string } | { problem: string } => {
  const path = value.replace(/^\.\//, '').replace(/\/+$/, '');
  if (path === '') return { problem: 'names no directory' };
  if (path.startsWith('/')) return { problem: 'is absolute' };
  const bad = path.split('/').find((seg) => seg === '' || seg === '.' || seg === '..');
  return bad === undefined ? { path } : { problem: bad === '..' ? 'leaves the world ("..")' : 'has an empty or "." segment' };
};

/** A path inside the world: `modules`, `checkout.always`. */
export const checkWorldPath = (value: string, what: string, at: SourceLocation): string => {
  const r = worldRelative(value);
  if ('problem' in r) return fail(what, value, `must be a path inside the world: it ${r.problem}`, at, 'write it relative to the directory holding world.yaml, without ".."');
  return r.path;
};

/**
 * A path that may be on the host (absolute, normalized) or inside the world (relative):
 * `nix.lib`, `nix.nixpkgs`, `nix.hostPath` entries, a `nix.signingKey` file. `separator` is
 * a character the value is later joined with (`:` for PATH) and so cannot hold.
 */
export const checkHostOrWorldPath = (value: string, what: string, at: SourceLocation, separator?: string): void => {
  if (separator && value.includes(separator)) fail(what, value, `holds ${quote(separator)}, which separates entries`, at, 'list each directory as an entry of its own');
  if (!value.startsWith('/')) {
    checkWorldPath(value, what, at);
    return;
  }
  const segments = value.replace(/\/+$/, '').split('/').slice(1);
  if (value !== '/' && segments.some((seg) => seg === '' || seg === '.' || seg === '..')) {
    fail(what, value, 'is not a normalized absolute path', at, 'write an absolute path on this machine (/opt/nixpkgs) without ".", ".." or "//"');
  }
};

/** A binary cache URL or public key: Nix takes the list space-separated. */
export const checkToken = (value: string, what: string, at: SourceLocation): void => {
  if (value === '' || /\s/.test(value)) fail(what, value, 'is empty or holds spaces', at, 'one URL or key per entry, without spaces');
};

/** A remote builder line: Nix takes the list separated by `;`. */
/**
 * One Nix machine spec, checked the way Nix reads it, so a bad entry fails here with its line
 * instead of as Nix's "bad machine specification" in the middle of a build:
 * `uri [systems [ssh-key [max-jobs [speed-factor [features [mandatory-features [host-key]]]]]]]`,
 * `-` for a default; max-jobs and speed-factor are whole numbers.
 */
export const checkBuilder = (value: string, what: string, at: SourceLocation): void => {
  const example = 'as in nix.conf: ssh://nix@farm-1 x86_64-linux - 8 1 big-parallel';
  if (value.trim() === '' || value.includes(';')) fail(what, value, 'is empty or holds ";"', at, `one builder per entry, ${example}`);
  const [uri = '', systems = '-', , maxJobs = '-', speed = '-', ...rest] = value.trim().split(/\s+/);
  if (!/^(ssh|ssh-ng):\/\/[^\s/-][^\s/]*$|^[A-Za-z0-9_.][^\s/:]*$/.test(uri)) fail(what, value, `names a builder as ${JSON.stringify(uri)}, which is not ssh://[user@]host, ssh-ng://[user@]host or a host name`, at, `write the machine first, ${example}`);
  if (systems !== '-' && !/^[a-z0-9_]+-[a-z0-9_]+(,[a-z0-9_]+-[a-z0-9_]+)*$/.test(systems)) fail(what, value, `lists the systems ${JSON.stringify(systems)}; Nix wants comma-separated systems like x86_64-linux`, at, example);
  for (const [field, v] of [['max-jobs (4th field)', maxJobs], ['speed-factor (5th field)', speed]] as const) {
    if (v !== '-' && !/^\d+$/.test(v)) fail(what, value, `has ${field} ${JSON.stringify(v)}, which is not a whole number`, at, `give a number or - for the default, ${example}`);
  }
  if (rest.length > 3) fail(what, value, 'has more than 8 fields', at, example);
};

/** `env:NAME` or a key file. */
export const checkSigningKey = (value: string, what: string, at: SourceLocation): void => {
  if (!value.startsWith('env:')) checkHostOrWorldPath(value, what, at);
  else if (!/^env:[A-Za-z_][A-Za-z0-9_]*$/.test(value)) fail(what, value, 'does not name an environment variable', at, 'write it as env:VARIABLE, e.g. env:WORLD_CACHE_KEY');
};

/** A branch name as git allows it (git check-ref-format), which also keeps it from reading as an option. */
export const checkBranch = (value: string, what: string, at: SourceLocation): void => {
  const bad =
    value === '' || value.startsWith('-') || value.startsWith('/') || value.endsWith('/') || value.endsWith('.') || value.endsWith('.lock') ||
    value.includes('..') || value.includes('//') || value.includes('@{') || value === '@' || /[\s~^:?*[\\]/.test(value) ||
    value.split('/').some((seg) => seg.startsWith('.'));
  if (bad) fail(what, value, 'is not a branch name git accepts', at, 'write the branch name, e.g. main or origin/main');
};
