/**
 * A world for watching a run as it goes: `slow:build` waits for a gate the test opens, so
 * the test decides when it ends — what a reporter shows meanwhile (counts, what runs, the
 * lines of the targets that finished) is checked while it still runs, without timing.
 * Builders see the host's files (nix.conf's `sandbox = false`, see DESIGN.md), as Nix's build
 * users: the gate's directory is readable by all.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRepo, nonce, tempDir, type Files, type TestRepo } from './world-fixture.js';

export interface GatedWorld {
  repo: TestRepo;
  /** Lets slow:build finish. */
  open(): void;
}

const project = (name: string, deps: string[], build: string, salt: string): Files => ({
  [`${name}/project.yaml`]: `name: ${name}\ndeps: [${deps.join(', ')}]\nmodules: [command]\nconfig:\n  command.build: ${JSON.stringify(build)}\n`,
  [`${name}/salt.txt`]: `${salt}\n`,
});

/**
 * Six targets: fast; slow (gated) and late, which needs it; an app with a long name that needs
 * fast; broken, which fails naming a file of its own by its build-directory path and by its
 * store path (and tries to forge a GitHub workflow command), and after-broken, skipped for it.
 */
export const gatedWorld = (): GatedWorld => {
  const gateDir = tempDir('world-gate-');
  // Nix builds as its build users: they must see into the directory.
  chmodSync(gateDir, 0o755);
  const gate = join(gateDir, 'open');
  const salt = nonce();
  const repo = makeRepo({
    'world.yaml': 'name: gated\nnix:\n  hostPath: [/usr/local/bin, /usr/bin, /bin]\n',
    ...project('fast', [], 'echo "fast says hi"; mkdir -p "$out"', salt),
    ...project('slow', [], `echo "slow waits"; while [ ! -e '${gate}' ]; do sleep 0.05; done; echo "slow is done"; mkdir -p "$out"`, salt),
    ...project('late', ['slow'], 'mkdir -p "$out"', salt),
    ...project('payments-reconciliation-service-with-a-long-name', ['fast'], 'echo "app builds"; mkdir -p "$out"', salt),
    ...project('broken', [], 'echo "::add-mask::forged"; echo "$PWD/main.c:3:5: error: boom"; echo "see $src/main.c"; exit 3', salt),
    'broken/main.c': 'int main(void) { return x; }\n',
    ...project('after-broken', ['broken'], 'mkdir -p "$out"', salt),
  });
  return { repo, open: () => writeFileSync(gate, '') };
};
