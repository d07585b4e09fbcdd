/**
 * `world doctor`: checks the tools and the state world depends on — git and Nix and the
 * features world uses, world.yaml and the project graph, the sparse checkout (recorded roots
 * against the real patterns, uncommitted files outside the cone), and the cache index. Every
 * finding that is not ok says how to fix it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CacheIndex } from '@world/cache';
import { ExitCode, WorldError, promisorRemote, runProcess, type ErrorCode } from '@world/core';
import type { NixSettings } from '@world/config';
import { discover, findWorldRoot, readWorktreeStatus, type WorldRoot } from '@world/discovery';
import { ProjectGraph } from '@world/graph';
import { checkoutStatus } from './checkout.js';
import { inCone, projectsInCone } from './cone.js';
import { describeDirty, listDirty } from './dirty.js';

export type FindingStatus = 'ok' | 'warn' | 'fail';

export interface Finding {
  check: 'git' | 'nix' | 'builders' | 'world' | 'clone' | 'sparse' | 'cache';
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

/** A check's command: never throws; `missing` when it is not installed. */
const run = async (cmd: string, args: readonly string[]): Promise<{ ok: boolean; stdout: string; stderr: string; missing: boolean }> => {
  try {
    const r = await runProcess(cmd, args, { timeoutMs: 30_000 });
    return { ok: r.exitCode === 0, stdout: r.stdout.toString('utf8'), stderr: r.stderr, missing: false };
  } catch (e) {
    return { ok: false, stdout: '', stderr: (e as Error).message, missing: true };
  }
};

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

/** A Nix machine spec: `uri systems ssh-key max-jobs …`, `-` for a default. */
const parseMachine = (spec: string): { uri: string; systems: string[]; key: string | undefined } => {
  const [uri = '', systems = '-', key = '-'] = spec.trim().split(/\s+/);
  return { uri, systems: systems === '-' ? [] : systems.split(','), key: key === '-' ? undefined : key };
};

const lastLine = (text: string): string => text.trim().split('\n').filter(Boolean).at(-1) ?? '';

/**
 * Each of nix.builders: Nix's own handshake with it (`nix store ping`, in the protocol remote
 * builds use: `nix-store --serve` for ssh://, `nix-daemon --stdio` for ssh-ng://), then its
 * system over ssh, against the systems its spec names (this machine's when none).
 */
const checkBuilders = async (nix: NixSettings): Promise<Finding[]> => {
  if (nix.builders.length === 0) return [];
  const local = lastLine((await run('nix-instantiate', ['--eval', '--option', 'substituters', '', '-E', 'builtins.currentSystem'])).stdout).replace(/"/g, '');
  return Promise.all(
    nix.builders.map(async (spec): Promise<Finding> => {
      const m = parseMachine(spec);
      const fix = `check that this user reaches it with ssh (\`ssh ${m.uri.replace(/^ssh(-ng)?:\/\//, '')} nix-store --version\`; a port or key goes in NIX_SSHOPTS or ~/.ssh/config), that nix-store is on its PATH and that its nix.conf trusts this user (trusted-users)`;
      const store = m.key ? `${m.uri}?ssh-key=${encodeURIComponent(m.key)}` : m.uri;
      const ping = await run('nix', ['--extra-experimental-features', 'nix-command', 'store', 'ping', '--store', store]);
      if (!ping.ok) return { check: 'builders', status: 'fail', code: 'NIX_FAILED', message: `builder ${m.uri} does not answer: ${lastLine(ping.stderr)}`, fix, details: { spec } };
      const host = m.uri.replace(/^ssh(-ng)?:\/\//, '');
      const opts = (process.env.NIX_SSHOPTS ?? '').split(/\s+/).filter(Boolean);
      const sys = await run('ssh', [...opts, ...(m.key ? ['-i', m.key] : []), '--', host, 'nix-instantiate', '--eval', '-E', 'builtins.currentSystem']);
      const system = lastLine(sys.stdout).replace(/"/g, '');
      const wanted = m.systems.length > 0 ? m.systems : [local];
      if (!sys.ok || !wanted.includes(system)) {
        return { check: 'builders', status: 'fail', code: 'NIX_FAILED', message: `builder ${m.uri} answers, but its system is ${system || `unknown (${lastLine(sys.stderr)})`}, not ${wanted.join(' or ')}`, fix: `name its system in its nix.builders entry (\`${m.uri} ${system || '<system>'}\`) or use a builder of ${wanted.join('/')}`, details: { spec, system } };
      }
      const protocol = m.uri.startsWith('ssh-ng://') ? 'nix-daemon --stdio' : 'nix-store --serve';
      return { check: 'builders', status: 'ok', message: `builder ${m.uri}: reachable, ${protocol} answers, system ${system}`, details: { spec, system } };
    }),
  );
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
  const index = new CacheIndex(root.sharedStateDir);
  const indexDir = join(root.sharedStateDir, 'cache', 'index');
  const rootsDir = join(root.sharedStateDir, 'cache', 'roots');
  // Entries that are not what world writes are dropped as they are read (CacheIndex.entries).
  let entries = 0;
  let stale = 0;
  for (const { entry } of index.entries()) {
    entries++;
    if (!existsSync(entry.src) || Object.values(entry.targets).some((t) => !existsSync(t.drv))) stale++;
  }
  const strays: string[] = [];
  const hourAgo = Date.now() - 3600_000;
  if (existsSync(indexDir)) {
    for (const shard of readdirSync(indexDir)) {
      const shardDir = join(indexDir, shard);
      if (!statSync(shardDir).isDirectory()) continue;
      for (const name of readdirSync(shardDir)) if (name.endsWith('.tmp') && statSync(join(shardDir, name)).mtimeMs < hourAgo) strays.push(join(shardDir, name));
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
  if (strays.length > 0) {
    findings.push({ check: 'cache', status: 'warn', message: `${strays.length} temporary file${strays.length === 1 ? '' : 's'} left by interrupted runs in the cache index`, fix: `remove them: rm ${strays.slice(0, 3).join(' ')}${strays.length > 3 ? ' …' : ''}`, details: { files: strays } });
  }
  if (dangling > 0) {
    findings.push({ check: 'cache', status: 'warn', message: `${dangling} GC root${dangling === 1 ? '' : 's'} point at store paths that are gone`, fix: 'world cache gc' });
  }
  findings.push({
    check: 'cache',
    status: 'ok',
    message: `cache index: ${entries} entr${entries === 1 ? 'y' : 'ies'}${stale ? ` (${stale} whose store paths were collected: dropped when next used)` : ''}, ${rootsCount} GC roots`,
    details: { entries, stale, roots: rootsCount, dir: join(root.sharedStateDir, 'cache') },
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
    findings.push(...(await checkBuilders(world.config.nix)));
  } catch (e) {
    if (!(e instanceof WorldError)) throw e;
    findings.push(failure('world', e));
  }
  if (root) findings.push(...checkCache(root));
  const firstFail = findings.find((f) => f.status === 'fail');
  const exitCode = firstFail ? new WorldError(firstFail.code ?? 'USAGE', '').exitCode : ExitCode.ok;
  return { healthy: !firstFail, exitCode, findings };
};
