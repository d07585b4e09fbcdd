/**
 * `world doctor`: checks the tools and the state world depends on — git and Nix and the
 * features world uses, world.yaml and the project graph, the sparse checkout (recorded roots
 * against the real patterns, uncommitted files outside the cone), and the cache index. Every
 * finding that is not ok says how to fix it.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode, WorldError, promisorRemote, type ErrorCode } from '@world/core';
import { discover, findWorldRoot, readWorktreeStatus, type WorldRoot } from '@world/discovery';
import { ProjectGraph } from '@world/graph';
import { checkoutStatus } from './checkout.js';
import { inCone, projectsInCone } from './cone.js';
import { describeDirty, listDirty } from './dirty.js';

export type FindingStatus = 'ok' | 'warn' | 'fail';

export interface Finding {
  check: 'git' | 'nix' | 'world' | 'clone' | 'sparse' | 'cache';
  status: FindingStatus;
  message: string;
  /** What to do about it (every warn and fail has one). */
  fix?: string;
  /** For a failure: the error code whose exit class doctor exits with. */
  code?: ErrorCode;
  details?: Record<string, unknown>;
}

export interface DoctorReport {
  healthy: boolean;
  /** 0 when healthy; otherwise the exit class of the first failure (2 config, 3 repository, 4 environment). */
  exitCode: number;
  findings: Finding[];
}

const run = (cmd: string, args: readonly string[], cwd?: string): Promise<{ ok: boolean; stdout: string; stderr: string; missing: boolean }> =>
  new Promise((resolve) => {
    execFile(cmd, [...args], { cwd, timeout: 30_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = (err as NodeJS.ErrnoException | null)?.code;
      resolve({ ok: !err, stdout: String(stdout), stderr: String(stderr), missing: code === 'ENOENT' });
    });
  });

const versionOf = (text: string): number[] | undefined => {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
};

const atLeast = (v: readonly number[], min: readonly number[]): boolean => {
  for (let i = 0; i < min.length; i++) {
    const a = v[i] ?? 0;
    if (a !== min[i]) return a > min[i]!;
  }
  return true;
};

export const MIN_GIT = [2, 27, 0];
export const MIN_NIX = [2, 8, 0];

const checkGit = async (): Promise<Finding> => {
  const r = await run('git', ['--version']);
  if (r.missing || !r.ok) return { check: 'git', status: 'fail', code: 'GIT_FAILED', message: 'git is not installed or not on PATH', fix: 'install git ≥ 2.27 (apt-get install git)' };
  const v = versionOf(r.stdout);
  const version = v?.join('.') ?? r.stdout.trim();
  const features = {
    coneModeSparseCheckout: v ? atLeast(v, [2, 25]) : false,
    partialClone: v ? atLeast(v, [2, 22]) : false,
    batchedPrefetch: v ? atLeast(v, [2, 29]) : false,
    worktrees: v ? atLeast(v, [2, 15]) : false,
  };
  if (!v || !atLeast(v, MIN_GIT)) {
    return { check: 'git', status: 'fail', code: 'GIT_TOO_OLD', message: `git ${version} is older than ${MIN_GIT.join('.')}`, fix: 'install a newer git (cone-mode sparse checkout and partial clone need ≥ 2.27)', details: { version, features } };
  }
  if (!features.batchedPrefetch) {
    return { check: 'git', status: 'warn', message: `git ${version}: objects missing from a partial clone are fetched one at a time (batched fetches need git ≥ 2.29)`, fix: 'install git ≥ 2.29', details: { version, features } };
  }
  return { check: 'git', status: 'ok', message: `git ${version} (cone-mode sparse checkout, partial clone, batched prefetch, worktrees)`, details: { version, features } };
};

const checkNix = async (): Promise<Finding> => {
  const r = await run('nix-store', ['--version']);
  if (r.missing || !r.ok) return { check: 'nix', status: 'fail', code: 'NIX_MISSING', message: 'Nix is not installed or not on PATH (nix-store not found)', fix: 'install Nix ≥ 2.8: apt-get install nix-bin on Debian/Ubuntu, the official installer elsewhere' };
  const v = versionOf(r.stdout);
  const version = v?.join('.') ?? r.stdout.trim();
  if (!v || !atLeast(v, MIN_NIX)) return { check: 'nix', status: 'fail', code: 'NIX_MISSING', message: `Nix ${version} is older than ${MIN_NIX.join('.')}`, fix: 'install Nix ≥ 2.8', details: { version } };
  const e = await run('nix-instantiate', ['--eval', '--option', 'substituters', '', '-E', 'builtins.nixVersion']);
  if (!e.ok) {
    return { check: 'nix', status: 'fail', code: 'NIX_FAILED', message: `Nix ${version} cannot evaluate: ${e.stderr.trim().split('\n').slice(-2).join(' ')}`, fix: 'check that the Nix store is writable by this user (or that nix-daemon runs)', details: { version } };
  }
  return { check: 'nix', status: 'ok', message: `Nix ${version} (evaluation works)`, details: { version } };
};

const failure = (check: Finding['check'], e: WorldError): Finding => ({
  check,
  status: 'fail',
  code: e.code,
  message: e.message,
  fix: e.hint ?? 'see the message',
  ...(e.location ? { details: { location: e.location } } : {}),
});

const checkSparse = async (root: WorldRoot, graph: ProjectGraph): Promise<Finding[]> => {
  const status = await checkoutStatus({ root, graph });
  const findings: Finding[] = [];
  const { sparse, record, cone, drift } = status;
  if (drift?.kind === 'mismatch') {
    findings.push({
      check: 'sparse',
      status: 'fail',
      code: 'SPARSE_MISMATCH',
      message: drift.message,
      fix: record ? `\`world checkout set ${record.roots.map((r) => r.name).join(' ') || '<projects>'}\` applies world's cone again` : '`world checkout set <projects>` lets world manage it, or `git sparse-checkout disable` goes back to a full checkout',
      details: { extra: drift.extra, missing: drift.missing, patterns: sparse.dirs },
    });
  } else if (drift?.kind === 'stale') {
    findings.push({ check: 'sparse', status: 'warn', message: drift.message, fix: 'world checkout sync', details: { extra: drift.extra, missing: drift.missing } });
  } else if (!sparse.enabled) {
    findings.push({ check: 'sparse', status: 'ok', message: `full checkout: all ${graph.projects.size} projects on disk` });
  } else if (cone) {
    const onDisk = projectsInCone(graph, sparse.dirs).length;
    findings.push({
      check: 'sparse',
      status: 'ok',
      message: `sparse checkout of ${cone.roots.join(', ') || '(no roots)'} (+${cone.dependencies.length} dependencies): ${onDisk} of ${graph.projects.size} projects on disk`,
      details: { roots: cone.roots, dependencies: cone.dependencies, dirs: sparse.dirs },
    });
  }
  if (status.unknownRoots.length > 0) {
    findings.push({ check: 'sparse', status: 'warn', message: `recorded roots that are no longer projects: ${status.unknownRoots.join(', ')}`, fix: `world checkout remove ${status.unknownRoots.join(' ')}` });
  }
  if (sparse.enabled && sparse.cone) {
    const outside = (await listDirty(root.root)).filter((f) => !inCone(f.path, sparse.dirs));
    if (outside.length > 0) {
      const owners = [...new Set(outside.map((f) => graph.owner(f.path)?.name).filter((n): n is string => !!n))].sort();
      findings.push({
        check: 'sparse',
        status: 'warn',
        message: `${outside.length} file${outside.length === 1 ? '' : 's'} with uncommitted work outside the checkout:\n${describeDirty(outside)}`,
        fix: owners.length ? `bring their projects back (world checkout add ${owners.join(' ')}), or commit or move them` : 'commit or move them into the checkout',
        details: { files: outside, owners },
      });
    }
  }
  return findings;
};

const checkCache = (root: WorldRoot): Finding[] => {
  const findings: Finding[] = [];
  // Layout of @world/cache: cache/index/<2 hex>/<key>.json, cache/roots/<name> symlinks.
  const indexDir = join(root.sharedStateDir, 'cache', 'index');
  const rootsDir = join(root.sharedStateDir, 'cache', 'roots');
  let entries = 0;
  const corrupt: string[] = [];
  const stale: string[] = [];
  const strays: string[] = [];
  const hourAgo = Date.now() - 3600_000;
  if (existsSync(indexDir)) {
    for (const shard of readdirSync(indexDir)) {
      const shardDir = join(indexDir, shard);
      if (!statSync(shardDir).isDirectory()) continue;
      for (const name of readdirSync(shardDir)) {
        const file = join(shardDir, name);
        if (name.endsWith('.tmp')) {
          if (statSync(file).mtimeMs < hourAgo) strays.push(file);
          continue;
        }
        if (!name.endsWith('.json')) continue;
        entries++;
        try {
          const e = JSON.parse(readFileSync(file, 'utf8')) as { src?: string; targets?: Record<string, { drv?: string }> };
          if (typeof e.src !== 'string' || typeof e.targets !== 'object' || e.targets === null) corrupt.push(file);
          else if (!existsSync(e.src) || Object.values(e.targets).some((t) => typeof t.drv !== 'string' || !existsSync(t.drv))) stale.push(file);
        } catch {
          corrupt.push(file);
        }
      }
    }
  }
  let dangling = 0;
  let rootsCount = 0;
  if (existsSync(rootsDir)) {
    for (const name of readdirSync(rootsDir)) {
      if (name.endsWith('.tmp')) continue;
      rootsCount++;
      if (!existsSync(join(rootsDir, name))) dangling++;
    }
  }
  if (corrupt.length > 0) {
    findings.push({ check: 'cache', status: 'warn', message: `${corrupt.length} unreadable cache index entr${corrupt.length === 1 ? 'y' : 'ies'}`, fix: `remove them (they are only a cache): rm ${corrupt.slice(0, 3).join(' ')}${corrupt.length > 3 ? ' …' : ''}`, details: { files: corrupt } });
  }
  if (strays.length > 0) {
    findings.push({ check: 'cache', status: 'warn', message: `${strays.length} temporary file${strays.length === 1 ? '' : 's'} left by interrupted runs in the cache index`, fix: `remove them: rm ${strays.slice(0, 3).join(' ')}${strays.length > 3 ? ' …' : ''}`, details: { files: strays } });
  }
  if (dangling > 0) {
    findings.push({ check: 'cache', status: 'warn', message: `${dangling} GC root${dangling === 1 ? '' : 's'} point at store paths that are gone`, fix: 'world cache gc' });
  }
  findings.push({
    check: 'cache',
    status: 'ok',
    message: `cache index: ${entries} entr${entries === 1 ? 'y' : 'ies'}${stale.length ? ` (${stale.length} whose store paths were collected: dropped when next used)` : ''}, ${rootsCount} GC roots`,
    details: { entries, stale: stale.length, roots: rootsCount, dir: join(root.sharedStateDir, 'cache') },
  });
  return findings;
};

export const runDoctor = async (cwd: string): Promise<DoctorReport> => {
  const [gitFinding, nixFinding] = await Promise.all([checkGit(), checkNix()]);
  const findings: Finding[] = [gitFinding, nixFinding];
  let root: WorldRoot | undefined;
  try {
    root = findWorldRoot(cwd);
    const world = await discover(root, { kind: 'worktree', status: await readWorktreeStatus(root.root) });
    const graph = new ProjectGraph(world);
    findings.push({ check: 'world', status: 'ok', message: `world.yaml: world ${world.config.name}, ${graph.projects.size} projects, ${world.modules.size} modules of its own` });
    const remote = await promisorRemote(root.root);
    findings.push({ check: 'clone', status: 'ok', message: remote ? `partial clone: file contents are fetched from ${remote} when needed` : 'full clone: every object is local' });
    findings.push(...(await checkSparse(root, graph)));
  } catch (e) {
    if (!(e instanceof WorldError)) throw e;
    findings.push(failure('world', e));
  }
  if (root) findings.push(...checkCache(root));
  const firstFail = findings.find((f) => f.status === 'fail');
  const exitCode = firstFail ? new WorldError(firstFail.code ?? 'USAGE', '').exitCode : ExitCode.ok;
  return { healthy: !firstFail, exitCode, findings };
};
