/** A World as discovery would hand it over, for unit tests of the stages after discovery. */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { parseProjectConfig, parseWorldConfig } from '@world/config';
import type { World } from '@world/discovery';
import { tempDir } from './world-fixture.js';

/**
 * A World as discovery would hand it over: project.yaml texts by path, and each module's
 * references to other modules.
 */
export const worldOf = (
  projects: Record<string, string>,
  modules: Record<string, string[]> = {},
  extra: { global?: string[]; projectNix?: Record<string, string[]> } = {},
): World => {
  // A fresh key and state directory: the graph keeps a snapshot per world key there.
  const dir = tempDir('world-unit-');
  return {
    key: randomUUID(),
    root: { root: dir, gitDir: join(dir, '.git'), stateDir: join(dir, '.git', 'world') },
    source: { kind: 'commit', oid: 'HEAD' },
    config: parseWorldConfig(`name: t\nglobal: ${JSON.stringify(extra.global ?? [])}\n`),
    projects: Object.entries(projects)
      .map(([file, yaml]) => parseProjectConfig(yaml, file))
      .sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0)),
    modules: new Map(Object.entries(modules).map(([name, references]) => [name, { name, files: [`modules/${name}.nix`], references }])),
    builtinModules: new Map(),
    projectNix: new Map(Object.entries(extra.projectNix ?? {})),
  } as World;
};

