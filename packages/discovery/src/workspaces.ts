/**
 * The package layout of an existing repository, for `world init`: which package manager's
 * workspaces it declares (pnpm-workspace.yaml, the root package.json's `workspaces` for npm
 * and yarn, lerna.json's `packages`), the packages those globs match, and the root files
 * every package's install depends on (manifests, lockfiles, package-manager settings).
 *
 * Files are listed by git (tracked and untracked, not ignored) and read from the disk: init
 * runs in a working tree, before anything is committed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorldError, dirOf, git, globProblem, matcherOf, quote, splitNul, throwCollected, isWorldError } from '@world/core';
import type { PackageManifest } from '@world/config';

export type LayoutKind = 'pnpm' | 'npm' | 'yarn' | 'lerna';

export interface WorkspaceLayout {
  kind: LayoutKind;
  /** The file that declares it. */
  file: string;
  /** Package directory globs; a leading `!` excludes. */
  globs: string[];
}

export interface WorkspacePackage {
  dir: string;
  manifest: PackageManifest;
}

export interface Workspaces {
  layouts: WorkspaceLayout[];
  packages: WorkspacePackage[];
  /** Root files whose change may change every package's install: what world.yaml's `global` should list. */
  rootFiles: string[];
  /** Every project.yaml of the repository (workspace package or not): their names are taken. */
  projectFiles: string[];
  /** Things init noticed and could not act on, for its report. */
  notes: string[];
}

/** Root files that shape installs, when present. */
const ROOT_FILES = ['package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', 'yarn.lock', 'bun.lock', 'bun.lockb', 'lerna.json', '.npmrc', '.yarnrc', '.yarnrc.yml', '.pnpmfile.cjs'];

// The parsers are loaded only when init needs them.
const parsers = () => import('@world/config');

const readText = (top: string, file: string): string | undefined => {
  try {
    return readFileSync(join(top, file), 'utf8');
  } catch {
    return undefined;
  }
};

/** `./packages/*` and `packages/*\/` as world's globs match them: `packages/*`. */
const normalizeGlob = (glob: string): string => glob.replace(/^(!?)\.\//, '$1').replace(/\/+$/, '');

const layoutsOf = async (top: string, files: ReadonlySet<string>, notes: string[]): Promise<WorkspaceLayout[]> => {
  const { parsePnpmWorkspace, parsePackageManifest } = await parsers();
  const layouts: WorkspaceLayout[] = [];
  const pnpm = files.has('pnpm-workspace.yaml') ? readText(top, 'pnpm-workspace.yaml') : undefined;
  if (pnpm !== undefined) layouts.push({ kind: 'pnpm', file: 'pnpm-workspace.yaml', globs: parsePnpmWorkspace(pnpm) });
  const rootManifest = files.has('package.json') ? readText(top, 'package.json') : undefined;
  const workspaces = rootManifest === undefined ? null : parsePackageManifest(rootManifest, 'package.json').workspaces;
  if (workspaces) {
    if (pnpm !== undefined) notes.push('package.json has "workspaces" and pnpm-workspace.yaml exists: pnpm reads only pnpm-workspace.yaml; world takes the packages of both');
    layouts.push({ kind: files.has('yarn.lock') || files.has('.yarnrc.yml') ? 'yarn' : 'npm', file: 'package.json', globs: workspaces });
  }
  const lerna = files.has('lerna.json') ? readText(top, 'lerna.json') : undefined;
  if (lerna !== undefined) {
    let config: { packages?: unknown; useWorkspaces?: unknown };
    try {
      config = JSON.parse(lerna) as typeof config;
    } catch {
      throw new WorldError('MANIFEST_INVALID', 'lerna.json is not JSON', { location: { file: 'lerna.json' }, hint: 'fix the file, or remove it if lerna is not used' });
    }
    // With useWorkspaces, lerna takes the package manager's workspaces, read above.
    if (config.useWorkspaces !== true || layouts.length === 0) {
      const { packages } = config;
      const globs = Array.isArray(packages) && packages.every((p) => typeof p === 'string') ? (packages as string[]) : ['packages/*'];
      layouts.push({ kind: 'lerna', file: 'lerna.json', globs });
    }
  }
  if ([...files].some((f) => f === 'Cargo.toml')) notes.push('Cargo.toml at the root: Cargo workspaces are not read by world init; give those crates a project.yaml by hand');
  return layouts;
};

/** The workspace packages: directories holding a package.json that the layouts' globs take (and none excludes). */
export const detectWorkspaces = async (top: string): Promise<Workspaces> => {
  // A conflicted file is listed once per stage: the set keeps one.
  const files = new Set(splitNul((await git(top, ['ls-files', '-z', '--cached', '--others', '--exclude-standard'])).stdout));
  const notes: string[] = [];
  const layouts = await layoutsOf(top, files, notes);
  const errors: WorldError[] = [];
  for (const layout of layouts) {
    for (const glob of layout.globs) {
      const problem = globProblem(normalizeGlob(glob).replace(/^!/, ''));
      if (problem) errors.push(new WorldError('MANIFEST_INVALID', `the workspace glob ${quote(glob)} ${problem}`, { location: { file: layout.file }, hint: 'workspace globs name package directories relative to the root, like packages/*' }));
    }
  }
  throwCollected(errors);
  const globs = layouts.flatMap((l) => l.globs.map(normalizeGlob));
  const included = matcherOf(globs.filter((g) => !g.startsWith('!')));
  const excluded = matcherOf(globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1)));
  const { parsePackageManifest } = await parsers();
  const packages: WorkspacePackage[] = [];
  for (const file of files) {
    if (!(file === 'package.json' || file.endsWith('/package.json'))) continue;
    const dir = dirOf(file);
    if (dir === '' || dir.split('/').includes('node_modules') || !included(dir) || excluded(dir)) continue;
    const text = readText(top, file);
    if (text === undefined) {
      notes.push(`${file} is not on disk (outside this sparse checkout?): no project.yaml written for it`);
      continue;
    }
    try {
      packages.push({ dir, manifest: parsePackageManifest(text, file) });
    } catch (e) {
      if (!isWorldError(e)) throw e;
      errors.push(e);
    }
  }
  throwCollected(errors);
  packages.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  const projectFiles = [...files].filter((f) => f === 'project.yaml' || f.endsWith('/project.yaml')).sort();
  return { layouts, packages, rootFiles: ROOT_FILES.filter((f) => files.has(f)), projectFiles, notes };
};
