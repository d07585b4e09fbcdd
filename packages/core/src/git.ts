/**
 * The git plumbing world's hot path runs, through core's one process runner (process.ts says
 * why not simple-git or execa). Porcelain-level operations (clone, sparse-checkout,
 * worktrees) are in the checkout package.
 */
import { WorldError } from './errors.js';
import { runProcess, SpawnError } from './process.js';

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  exitCode: number;
}

export interface GitOptions {
  input?: string | Buffer;
  /** Exit codes that are answers, not failures (e.g. 1 from `merge-base --is-ancestor`). */
  allowExitCodes?: readonly number[];
  env?: NodeJS.ProcessEnv;
  /** Kill git after this long (a call that may wait on the network); it then fails like any error. */
  timeoutMs?: number;
}

// Keep git's output stable and free of pagers and prompts whatever the user's config says.
const GIT_ENV = {
  GIT_TERMINAL_PROMPT: '0',
  GIT_OPTIONAL_LOCKS: '0',
  LC_ALL: 'C',
  GIT_PAGER: 'cat',
};

export const git = async (cwd: string, args: readonly string[], opts: GitOptions = {}): Promise<GitResult> => {
  let r;
  try {
    r = await runProcess('git', ['-c', 'core.quotepath=off', ...args], {
      cwd,
      env: { ...process.env, ...GIT_ENV, ...opts.env },
      input: opts.input ?? '',
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    });
  } catch (e) {
    if (!(e instanceof SpawnError)) throw e;
    throw e.code === 'ENOENT'
      ? new WorldError('GIT_MISSING', 'git is not installed or not on PATH', { hint: 'install git ≥ 2.27 (Debian/Ubuntu: `apt-get install git`)' })
      : new WorldError('GIT_FAILED', `could not run git: ${e.message}`, { hint: 'check that git runs: `git --version`' });
  }
  const result = { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  if (r.exitCode === 0 || opts.allowExitCodes?.includes(r.exitCode)) return result;
  throw new WorldError('GIT_FAILED', `git ${args.join(' ')} failed (exit ${r.exitCode}): ${r.stderr.trim()}`, {
    hint: `the message is git's own; \`git status\` (and \`git fsck\` for a damaged repository) in ${cwd} tells more`,
    details: { args, cwd, stderr: r.stderr },
  });
};

/** The commit `ref` names, or undefined when this repository cannot resolve it (never read as an option). */
export const commitOf = async (dir: string, ref: string): Promise<string | undefined> => {
  const r = await git(dir, ['rev-parse', '--verify', '-q', '--end-of-options', `${ref}^{commit}`], { allowExitCodes: [1, 128] });
  return r.exitCode === 0 ? r.stdout.toString().trim() : undefined;
};

export const gitText = async (cwd: string, args: readonly string[], opts?: GitOptions): Promise<string> =>
  (await git(cwd, args, opts)).stdout.toString('utf8');

/** Branches, remote branches and tags by their short names: what a mistyped ref is compared with for a did-you-mean. */
export const refNames = async (cwd: string): Promise<string[]> =>
  (await gitText(cwd, ['for-each-ref', '--format=%(refname:short)', 'refs/heads', 'refs/remotes', 'refs/tags'])).split('\n').filter(Boolean);

/** Splits NUL-terminated output (`-z`) into records. */
export const splitNul = (buf: Buffer | string): string[] => {
  const s = typeof buf === 'string' ? buf : buf.toString('utf8');
  if (s.length === 0) return [];
  const parts = s.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
};

export interface BlobContent {
  oid: string;
  /** undefined when git does not have the object (e.g. a partial clone that has not fetched it). */
  content: Buffer | undefined;
}

const promisorRemotes = new Map<string, Promise<string | undefined>>();

/** The remote a partial clone fetches missing objects from (`remote.<name>.promisor`), or undefined for a full clone. */
export const promisorRemote = (cwd: string): Promise<string | undefined> => {
  let p = promisorRemotes.get(cwd);
  if (!p) {
    p = git(cwd, ['config', '--get-regexp', '^remote\\..*\\.promisor$'], { allowExitCodes: [1] }).then((r) => {
      for (const line of r.stdout.toString('utf8').split('\n')) {
        const m = /^remote\.(.+)\.promisor (true|yes|on|1)$/i.exec(line.trim());
        if (m) return m[1];
      }
      return undefined;
    });
    promisorRemotes.set(cwd, p);
  }
  return p;
};

/** Which of `oids` are not in the object database, found without fetching them. */
export const missingObjects = async (cwd: string, oids: readonly string[]): Promise<string[]> => {
  if (oids.length === 0) return [];
  // `--missing=print` turns off lazy fetching; `--ignore-missing` skips the absent ones, so
  // every oid listed is present.
  const { stdout } = await git(cwd, ['rev-list', '--objects', '--no-walk', '--ignore-missing', '--missing=print', '--stdin'], {
    input: oids.join('\n') + '\n',
  });
  const present = new Set<string>();
  for (const line of stdout.toString('latin1').split('\n')) if (line !== '' && line[0] !== '?') present.add(line.split(' ', 1)[0]!);
  return oids.filter((o) => !present.has(o));
};

/**
 * In a partial clone, fetches every missing object of `oids` with one request, the way git's
 * own checkout prefetches: `git cat-file --batch` would otherwise fetch them one round trip
 * each. Returns how many objects were fetched. A failed fetch is left to the reader, which
 * then reports the objects as missing.
 */
export const prefetchObjects = async (cwd: string, oids: readonly string[]): Promise<number> => {
  if (oids.length === 0) return 0;
  const remote = await promisorRemote(cwd);
  if (remote === undefined) return 0;
  const missing = await missingObjects(cwd, oids);
  if (missing.length === 0) return 0;
  const r = await git(
    cwd,
    ['-c', 'fetch.negotiationAlgorithm=noop', 'fetch', remote, '--no-tags', '--no-write-fetch-head', '--recurse-submodules=no', '--filter=blob:none', '--stdin'],
    { input: missing.join('\n') + '\n', allowExitCodes: [1, 128, 129] },
  );
  return r.exitCode === 0 ? missing.length : 0;
};

/**
 * Reads many objects with one `git cat-file --batch`. In a blob-less partial clone the missing
 * ones are first fetched in one batch (see prefetchObjects); an object git still does not have
 * comes back as `content: undefined`.
 */
export const readBlobs = async (cwd: string, oids: readonly string[]): Promise<Map<string, BlobContent>> => {
  const result = new Map<string, BlobContent>();
  if (oids.length === 0) return result;
  const unique = [...new Set(oids)];
  await prefetchObjects(cwd, unique);
  const { stdout } = await git(cwd, ['cat-file', '--batch'], { input: unique.join('\n') + '\n' });
  let pos = 0;
  for (const oid of unique) {
    const nl = stdout.indexOf(10, pos);
    const header = stdout.subarray(pos, nl).toString('latin1');
    pos = nl + 1;
    if (header.endsWith(' missing')) {
      result.set(oid, { oid, content: undefined });
      continue;
    }
    const size = Number(header.slice(header.lastIndexOf(' ') + 1));
    result.set(oid, { oid, content: stdout.subarray(pos, pos + size) });
    pos += size + 1;
  }
  return result;
};

/** One `git status --porcelain=v1 -z --no-renames` record: two status letters (index, working tree) and a path. */
export interface StatusRecord {
  xy: string;
  path: string;
}

export const parseStatus = (stdout: Buffer): StatusRecord[] => splitNul(stdout).map((rec) => ({ xy: rec.slice(0, 2), path: rec.slice(3) }));
