/**
 * Shared caches with Nix's own machinery, on the real Nix store: `world build` pushes its
 * outputs to a `file://` binary cache (signed with a key from a file or an environment
 * variable), the outputs are deleted from the local store, and the next build — with the
 * cache as substituter and its public key trusted — fetches them instead of building them,
 * as Nix reports it. A credential or push problem is exit 4 naming the setting.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  WORLD_BIN,
  cleanupTempDirs,
  makeRepo,
  nonce,
  parseError,
  sh,
  statusById,
  tempDir,
  type BuildJson,
  type Files,
  type RunResult,
  type TestRepo,
} from '../helpers/world-fixture.js';

afterAll(cleanupTempDirs);

interface PushedJson extends BuildJson {
  pushed: { url: string; paths: string[]; signedBy: string | null } | null;
  targets: (BuildJson['targets'][number] & { substituted?: boolean })[];
}

const HOST = '  hostPath: [/usr/local/bin, /usr/bin, /bin]\n';
const worldYaml = (nix: string) => `name: cachetest\nnix:\n${HOST}${nix}`;

/** lib ← app, both `command` projects; a nonce makes their derivations new to the store. */
const files = (salt: string, nix: string): Files => ({
  'world.yaml': worldYaml(nix),
  '.gitignore': '.secrets/\n',
  'lib/project.yaml': 'name: lib\nmodules: [command]\nconfig:\n  command.build: mkdir -p "$out" && cat value.txt salt.txt > "$out/value"\n',
  'lib/value.txt': 'lib-1\n',
  'lib/salt.txt': `${salt}\n`,
  'app/project.yaml': 'name: app\ndeps: [lib]\nmodules: [command]\nconfig:\n  command.build: mkdir -p "$out" && cat "$WORLD_DEPS/lib/build/value" value.txt > "$out/value"\n',
  'app/value.txt': 'app-1\n',
});

const run = (repo: TestRepo, env: NodeJS.ProcessEnv, ...args: string[]): RunResult => sh(repo.dir, process.execPath, [WORLD_BIN, ...args], { NO_COLOR: '1', CI: 'true', ...env });
const runJson = (repo: TestRepo, env: NodeJS.ProcessEnv, ...args: string[]): { code: number; json: PushedJson; stderr: string } => {
  const r = run(repo, env, ...args, '--json');
  try {
    return { code: r.code, json: JSON.parse(r.stdout) as PushedJson, stderr: r.stderr };
  } catch {
    throw new Error(`world ${args.join(' ')} printed no JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
};

const hashOf = (storePath: string) => storePath.slice('/nix/store/'.length, '/nix/store/'.length + 32);
const narinfo = (cacheDir: string, storePath: string): string | undefined => {
  const f = join(cacheDir, `${hashOf(storePath)}.narinfo`);
  return existsSync(f) ? readFileSync(f, 'utf8') : undefined;
};

/** Releases world's GC roots for the repository, then deletes `paths` from the local store. */
const deleteFromStore = (repo: TestRepo, paths: string[]) => {
  const gc = run(repo, {}, 'cache', 'gc', '--older-than', '0');
  expect(gc.code, gc.stderr).toBe(0);
  const del = sh(repo.dir, 'nix-store', ['--delete', ...paths]);
  expect(del.code, del.stderr).toBe(0);
  for (const p of paths) expect(existsSync(p), p).toBe(false);
};

const setWorldYaml = (repo: TestRepo, nix: string) => repo.commit('world.yaml', { 'world.yaml': worldYaml(nix) });

describe('a signed binary cache: push, delete, fetch', () => {
  let repo: TestRepo;
  let cacheDir: string;
  let publicKey: string;
  let outs: Record<string, string>;

  beforeAll(() => {
    cacheDir = join(tempDir('world-cache-'), 'cache');
    repo = makeRepo(files(nonce(), `  push: file://${cacheDir}\n  signingKey: .secrets/cache.key\n`));
    const keys = sh(repo.dir, 'sh', ['-c', 'mkdir -p .secrets && nix-store --generate-binary-cache-key world-test-1 .secrets/cache.key .secrets/cache.pub']);
    expect(keys.code, keys.stderr).toBe(0);
    publicKey = readFileSync(join(repo.dir, '.secrets/cache.pub'), 'utf8').trim();
  });

  test('world build pushes its outputs, signed with the key file nix.signingKey names', () => {
    const { code, json, stderr } = runJson(repo, {}, 'build');
    expect(code, stderr).toBe(0);
    expect(statusById(json)).toEqual({ 'app:build': 'built', 'lib:build': 'built' });
    outs = Object.fromEntries(json.targets.map((t) => [t.id, t.out]));
    expect(json.pushed).toEqual({ url: `file://${cacheDir}`, paths: Object.values(outs).sort(), signedBy: 'world-test-1' });
    for (const out of Object.values(outs)) {
      const info = narinfo(cacheDir, out);
      expect(info, `no narinfo for ${out} in ${readdirSync(cacheDir).join(', ')}`).toBeDefined();
      expect(info).toContain(`StorePath: ${out}`);
      expect(info).toMatch(/^Sig: world-test-1:/m);
    }
  });

  test('--no-push and --dry-run push nothing', () => {
    expect(runJson(repo, {}, 'build', '--no-push').json.pushed).toBeNull();
    expect(runJson(repo, {}, 'build', '--dry-run').json.pushed).toBeNull();
  });

  test('with the cache as a trusted substituter, deleted outputs are fetched from it, not rebuilt', () => {
    deleteFromStore(repo, Object.values(outs));
    setWorldYaml(repo, `  substituters: [file://${cacheDir}]\n  trustedPublicKeys: [${publicKey}]\n`);
    const { code, json, stderr } = runJson(repo, {}, 'build');
    expect(code, stderr).toBe(0);
    // Same derivations, same outputs; Nix substituted them (its "substitute" activity), built none.
    expect(Object.fromEntries(json.targets.map((t) => [t.id, t.out]))).toEqual(outs);
    expect(json.targets.map((t) => [t.id, t.status, t.substituted])).toEqual([
      ['app:build', 'built', true],
      ['lib:build', 'built', true],
    ]);
    expect(readFileSync(join(outs['app:build']!, 'value'), 'utf8')).toMatch(/^lib-1\n.+\napp-1\n$/);

    // The plain log of another fetch has no "building" line: nothing ran a builder.
    deleteFromStore(repo, Object.values(outs));
    const plain = run(repo, {}, 'build');
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).not.toMatch(/building/);
    expect(plain.stderr).toMatch(/fetched|substituted/);
  });

  test('a cache whose key is not trusted is not used: Nix builds instead', () => {
    deleteFromStore(repo, Object.values(outs));
    setWorldYaml(repo, `  substituters: [file://${cacheDir}]\n`);
    const { code, json, stderr } = runJson(repo, {}, 'build');
    expect(code, stderr).toBe(0);
    expect(json.targets.map((t) => [t.id, t.status, t.substituted ?? false])).toEqual([
      ['app:build', 'built', false],
      ['lib:build', 'built', false],
    ]);
    // Nix's refusal reaches the user: in --json, and as a warning line on the terminal.
    expect(json.warnings).toHaveLength(2);
    for (const w of json.warnings) expect(w).toMatch(/^the substitute for '\/nix\/store\/[a-z0-9]{32}-(app|lib)-build' from 'file:\/\/.*' is not signed by any of the keys in 'trusted-public-keys'$/);
    deleteFromStore(repo, json.targets.map((t) => t.out));
    const plain = repo.world('build');
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toMatch(/^world: warning: the substitute for .* is not signed by any of the keys/m);
  });
});

describe('an unsigned cache, opted into with nix.pushUnsigned, and a key from the environment', () => {
  test('unsigned push, then fetch without trusted keys', () => {
    const cacheDir = join(tempDir('world-cache-'), 'cache');
    const repo = makeRepo(files(nonce(), `  push: file://${cacheDir}\n  pushUnsigned: true\n`));
    const first = runJson(repo, {}, 'build');
    expect(first.code, first.stderr).toBe(0);
    expect(first.json.pushed).toMatchObject({ signedBy: null });
    const outs = first.json.targets.map((t) => t.out);
    for (const out of outs) expect(narinfo(cacheDir, out)).not.toMatch(/^Sig:/m);

    deleteFromStore(repo, outs);
    setWorldYaml(repo, `  substituters: [file://${cacheDir}]\n  pushUnsigned: true\n`);
    const second = runJson(repo, {}, 'build');
    expect(second.code, second.stderr).toBe(0);
    expect(second.json.targets.map((t) => t.substituted)).toEqual([true, true]);
  });

  test('signingKey: env:VARIABLE signs with the key text the variable holds', () => {
    const cacheDir = join(tempDir('world-cache-'), 'cache');
    const keyDir = tempDir('world-key-');
    expect(sh(keyDir, 'nix-store', ['--generate-binary-cache-key', 'env-key-1', 'sk', 'pk']).code).toBe(0);
    const repo = makeRepo(files(nonce(), `  push: file://${cacheDir}\n  signingKey: env:WORLD_TEST_CACHE_KEY\n`));
    const { code, json, stderr } = runJson(repo, { WORLD_TEST_CACHE_KEY: readFileSync(join(keyDir, 'sk'), 'utf8') }, 'build');
    expect(code, stderr).toBe(0);
    expect(json.pushed?.signedBy).toBe('env-key-1');
    for (const t of json.targets) expect(narinfo(cacheDir, t.out)).toMatch(/^Sig: env-key-1:/m);
  });
});

describe('push problems are loud: exit 4, naming the setting', () => {
  let salt: string;
  beforeAll(() => {
    salt = nonce();
  });
  const attempt = (nix: string, env: NodeJS.ProcessEnv = {}) => {
    const repo = makeRepo(files(salt, nix));
    const r = run(repo, env, 'build');
    return { ...r, error: parseError(r.stderr.split('\n').filter((l) => l.startsWith('world: error') || l.startsWith('  hint:')).join('\n')) };
  };

  test('no signing key and no opt-in to unsigned pushes', () => {
    const r = attempt('  push: file:///tmp/world-never-written\n');
    expect(r.code, r.stderr).toBe(4);
    expect(r.error?.code).toBe('CACHE_PUSH_FAILED');
    expect(r.error?.message).toContain('nix.signingKey');
    expect(r.error?.hint).toContain('nix.pushUnsigned');
    // Checked before building: nothing was built for a push that cannot happen.
    expect(r.stderr).not.toMatch(/building/);
    expect(existsSync('/tmp/world-never-written')).toBe(false);
  });

  test('a key file that is not there, and an unset key variable', () => {
    const file = attempt('  push: file:///tmp/world-never-written\n  signingKey: keys/missing.key\n');
    expect(file.code).toBe(4);
    expect(file.error?.message).toContain('nix.signingKey: keys/missing.key');
    const env = attempt('  push: file:///tmp/world-never-written\n  signingKey: env:WORLD_TEST_UNSET_KEY\n', { WORLD_TEST_UNSET_KEY: '' });
    expect(env.code).toBe(4);
    expect(env.error?.message).toContain('WORLD_TEST_UNSET_KEY');
    expect(env.error?.message).toContain('nix.signingKey');
  });

  test('a binary cache that cannot be written to', () => {
    const keyDir = tempDir('world-key-');
    expect(sh(keyDir, 'nix-store', ['--generate-binary-cache-key', 'k-1', 'sk', 'pk']).code).toBe(0);
    const blocker = join(tempDir('world-cache-'), 'a-file');
    writeFileSync(blocker, 'not a directory\n');
    const r = attempt(`  push: file://${blocker}/cache\n  signingKey: ${join(keyDir, 'sk')}\n`);
    expect(r.code, r.stderr).toBe(4);
    expect(r.error?.code).toBe('CACHE_PUSH_FAILED');
    expect(r.error?.message).toContain('(nix.push)');
    expect(r.error?.hint).toContain('--no-push');
  });
});
