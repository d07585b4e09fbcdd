/**
 * `world init`: makes an existing repository a world from its workspaces (see lib/init-plan.ts),
 * writing only files that are not there, and says what it found and what it could not decide.
 * `--check` writes nothing and fails (CONFIG_DRIFT, exit 2) when the files are out of sync.
 */
import { lstatSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { WorldError, isWithin } from '@world/core';
import { detectWorkspaces, findRepositoryRoot, readWorldConfig } from '@world/discovery';
import type { Action } from '../lib/flag-spec.js';
import { noWorkspaces, planInit } from '../lib/init-plan.js';

/** Lines of a list, at most `max`, then how many more. */
const capped = (lines: readonly string[], max = 20): string[] =>
  lines.length <= max ? [...lines] : [...lines.slice(0, max), `… and ${lines.length - max} more (--json lists them all)`];

/**
 * Writes `content` only if nothing is at `path` (O_EXCL: not even a link is followed) and its
 * directory is inside the world (not reached through a link); false when something was there.
 */
const writeNew = (root: string, path: string, content: string): boolean => {
  try {
    mkdirSync(dirname(path), { recursive: true });
    if (!isWithin(realpathSync(dirname(path)), realpathSync(root))) {
      throw new WorldError('CONFIG_NOT_A_FILE', `${path} is reached through a link out of the repository: not written`, { hint: 'replace the link with the directory itself' });
    }
    writeFileSync(path, content, { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    if (e instanceof WorldError) throw e;
    throw new WorldError('STATE_UNWRITABLE', `cannot write ${path}: ${(e as Error).message}`, { hint: 'check the permissions of the directory' });
  }
};

const init: Action = {
  flags: {
    check: { type: 'boolean', summary: 'Write nothing; exit 2 (CONFIG_DRIFT) when a package has no project.yaml, world.yaml is missing, or (without inference) a project.yaml lacks a dependency its package.json has.', default: false },
    infer: { type: 'boolean', summary: "A new world.yaml reads each project's dependencies from its package.json (deps.from); --no-infer writes them into each new project.yaml instead.", default: true, allowNo: true },
    module: { type: 'string', summary: 'A module every new project.yaml composes (repeatable), e.g. node.', multiple: true },
  },
  args: [],
  async run(ctx, flags) {
    const repository = findRepositoryRoot(ctx.cwd);
    const { root } = repository;
    const ws = await detectWorkspaces(root);
    if (ws.layouts.length === 0) throw noWorkspaces(root);
    // world.yaml as every command reads it: a link or a directory there is refused, not followed.
    const world = lstatSync(join(root, 'world.yaml'), { throwIfNoEntry: false }) ? await readWorldConfig(repository, { kind: 'worktree' }) : null;
    const plan = planInit(root, ws, world, { infer: flags.infer as boolean, modules: (flags.module as string[] | undefined) ?? [] });
    const found = `${ws.layouts.map((l) => `${l.kind} workspaces (${l.file}: ${l.globs.join(', ')})`).join('; ')}: ${plan.projects.length} packages`;
    const summary = {
      root,
      layouts: ws.layouts,
      infer: plan.infer,
      packages: plan.projects.map(({ content: _content, ...p }) => p),
      undecided: plan.undecided,
    };

    if (flags.check) {
      const lines = [`world init --check: ${found}`, ...(plan.drift.length === 0 ? ['  in sync'] : capped(plan.drift).map((d) => `  ${d}`))];
      if (plan.undecided.length > 0) lines.push('could not decide:', ...capped(plan.undecided).map((u) => `  ${u}`));
      if (!ctx.json) ctx.print(lines.join('\n'));
      if (plan.drift.length > 0) {
        throw new WorldError('CONFIG_DRIFT', `${plan.drift.length} file${plan.drift.length === 1 ? ' is' : 's are'} out of sync with the workspaces`, {
          hint: 'run `world init` to write the missing files; add the dependencies listed to the project.yaml files named (or set deps.from: [package.json] in world.yaml)',
          details: { drift: plan.drift, ...summary },
        });
      }
      return { ...summary, drift: [] };
    }

    const wrote: string[] = [];
    const kept: string[] = [];
    if (plan.worldYaml !== null && writeNew(root, join(root, 'world.yaml'), plan.worldYaml)) wrote.push('world.yaml');
    for (const p of plan.projects) {
      if (p.state === 'new' && writeNew(root, join(root, p.file), p.content!)) wrote.push(p.file);
      else kept.push(p.file);
    }
    const newProjects = wrote.filter((f) => f !== 'world.yaml').length;
    const lines = [
      `world init: ${found}`,
      `  world.yaml: ${wrote.includes('world.yaml') ? `written (global: ${ws.rootFiles.join(', ') || 'none'}${plan.infer ? '; dependencies from package.json' : ''})` : 'kept as it was'}`,
      `  project.yaml: ${newProjects} written, ${kept.length} kept as they were`,
    ];
    if (plan.undecided.length > 0) lines.push('could not decide:', ...capped(plan.undecided).map((u) => `  ${u}`));
    if (wrote.length > 0) lines.push("next: `world affected` to see what your branch affects; commit world.yaml and the project.yaml files (git add world.yaml ':(glob)**/project.yaml')");
    ctx.print(lines.join('\n'));
    return { ...summary, wrote, kept };
  },
};
export default init;
