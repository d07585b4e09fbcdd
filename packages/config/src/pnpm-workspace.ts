/**
 * pnpm-workspace.yaml: its `packages` globs (a leading `!` excludes). Other keys (catalogs,
 * build settings) are pnpm's business and are left alone.
 */
import { YamlFile } from './yaml-doc.js';

export const PNPM_WORKSPACE_FILE = 'pnpm-workspace.yaml';

export const parsePnpmWorkspace = (bytes: Uint8Array | string, file = PNPM_WORKSPACE_FILE): string[] => {
  const y = new YamlFile(file, bytes);
  if (y.root === null) return [];
  const top = y.entries(y.root, null, '');
  return y.stringList(top.get('packages')?.value, 'packages').values;
};
