/**
 * A real Nix remote builder on this machine for tests: OpenSSH's sshd on a free port of
 * 127.0.0.1 with its own host key and an authorized key, whose forced command gives each
 * session a copy-on-write view of /nix (overlayfs in a private mount namespace). The builder
 * thus has its own store database and locks, as a farm machine has (and builds without Nix's
 * build users, which it would otherwise share with the host), while the inputs it needs
 * are already there; Nix talks to it with its real remote-build protocol (`nix-store --serve`)
 * and copies the outputs back. Needs root, sshd (Debian's openssh-server, installed by
 * scripts/setup.sh), unshare and overlayfs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { tempDir } from './world-fixture.js';

export interface SshBuilder {
  /** The machine spec for nix.builders (no port: Nix 2.8's ssh:// URIs have none). */
  spec: string;
  uri: string;
  /** Environment for world: NIX_SSHOPTS naming the port, key and known host. */
  env: NodeJS.ProcessEnv;
  /** What the builder was asked to run, one line per session. */
  sessions: () => string[];
  stop: () => void;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const SSHD = '/usr/sbin/sshd';

export const startSshBuilder = async (): Promise<SshBuilder> => {
  if (!existsSync(SSHD)) throw new Error(`${SSHD} is missing: run scripts/setup.sh (it installs openssh-server)`);
  const dir = tempDir('world-builder-');
  chmodSync(dir, 0o755);
  const keygen = (name: string) => {
    const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, name)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
  };
  keygen('host_key');
  keygen('client_key');
  const shell = join(dir, 'builder-shell');
  writeFileSync(
    shell,
    [
      '#!/bin/sh',
      'set -e',
      `layer=$(mktemp -d ${dir}/layer.XXXXXX)`,
      'mkdir -p "$layer/up" "$layer/work"',
      `echo "$SSH_ORIGINAL_COMMAND" >> ${dir}/sessions.log`,
      // Its own copy of /nix means its own build-user locks too: with Nix's build users it would
      // take nixbld1 while the host's Nix uses it, and Nix kills every process of a build user
      // it takes (SIGKILL). A farm machine has users of its own; this one builds as itself.
      // No substituters: a farm machine has its own; this one would try cache.nixos.org (no network here).
      "export NIX_CONFIG='build-users-group =\nsubstituters ='",
      `exec unshare -m sh -c 'mount -t overlay overlay -o "lowerdir=/nix,upperdir=$1/up,workdir=$1/work" /nix && exec sh -c "$SSH_ORIGINAL_COMMAND"' sh "$layer"`,
      '',
    ].join('\n'),
  );
  chmodSync(shell, 0o755);
  writeFileSync(join(dir, 'authorized_keys'), `command="${shell}" ${readFileSync(join(dir, 'client_key.pub'), 'utf8')}`);
  chmodSync(join(dir, 'authorized_keys'), 0o600);
  const port = await freePort();
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${dir}/host_key`,
      `AuthorizedKeysFile ${dir}/authorized_keys`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'StrictModes no',
      'UsePAM no',
      `PidFile ${dir}/sshd.pid`,
      '',
    ].join('\n'),
  );
  const hostKey = readFileSync(join(dir, 'host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
  writeFileSync(join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${hostKey}\n`);
  writeFileSync(
    join(dir, 'ssh_config'),
    ['Host *', `  Port ${port}`, `  IdentityFile ${dir}/client_key`, `  UserKnownHostsFile ${dir}/known_hosts`, '  StrictHostKeyChecking yes', '  BatchMode yes', ''].join('\n'),
  );
  spawnSync('mkdir', ['-p', '/run/sshd']);
  // -D: in the foreground, so it ends with the test run; -e: its log on stderr.
  const sshd: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  sshd.stderr!.on('data', (b: Buffer) => (log += b.toString()));
  const env = { NIX_SSHOPTS: `-F ${join(dir, 'ssh_config')}` };
  // Ready when it answers.
  for (let i = 0; i < 100; i++) {
    const r = spawnSync('ssh', ['-F', join(dir, 'ssh_config'), 'root@127.0.0.1', 'true'], { encoding: 'utf8' });
    if (r.status === 0) break;
    if (i === 99 || sshd.exitCode !== null) throw new Error(`sshd did not come up: ${r.stderr}\n${log}`);
    spawnSync('sleep', ['0.1']);
  }
  return {
    uri: 'ssh://root@127.0.0.1',
    spec: `ssh://root@127.0.0.1 ${spawnSync('nix-instantiate', ['--eval', '-E', 'builtins.currentSystem'], { encoding: 'utf8' }).stdout.trim().replace(/"/g, '')}`,
    env,
    sessions: () => (existsSync(join(dir, 'sessions.log')) ? readFileSync(join(dir, 'sessions.log'), 'utf8').split('\n').filter(Boolean) : []),
    stop: () => {
      sshd.kill('SIGTERM');
      // The overlay layers are the builder's store: remove them with the directory.
      for (const d of readdirSync(dir)) if (d.startsWith('layer.')) spawnSync('rm', ['-rf', join(dir, d)]);
    },
  };
};
