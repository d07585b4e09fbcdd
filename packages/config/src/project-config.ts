/** project.yaml: one per project directory. */
import { checkName, isWorldPath, parseWorldPath } from '@world/core';
import { YamlFile } from './yaml-doc.js';
import type { ProjectConfig } from './types.js';

export const PROJECT_FILE = 'project.yaml';

const KEYS = ['name', 'deps', 'modules', 'config', 'inputs', 'owners', 'tags'] as const;

/** Default name: the directory's last segment, which must itself be a valid name. */
const defaultName = (dir: string): string => dir.slice(dir.lastIndexOf('/') + 1);

export const parseProjectConfig = (bytes: Uint8Array | string, file: string): ProjectConfig => {
  const dir = file === PROJECT_FILE ? '' : file.slice(0, -(PROJECT_FILE.length + 1));
  const y = new YamlFile(file, bytes);
  const top = y.topLevel(KEYS);

  const nameNode = top.get('name')?.value ?? null;
  const name = nameNode
    ? checkName(y.string(nameNode, 'name'), 'project name', y.at(nameNode))
    : checkName(defaultName(dir), `project name (from directory ${JSON.stringify(dir)})`, { file, line: 1, col: 1 });

  const deps = y.stringList(top.get('deps')?.value, 'deps');
  deps.values.forEach((d, i) => {
    const at = { file, ...deps.positions[i]! };
    if (isWorldPath(d)) parseWorldPath(d, at);
    else checkName(d, 'dependency', at);
  });
  const modules = y.stringList(top.get('modules')?.value, 'modules');
  modules.values.forEach((m, i) => checkName(m, 'module', { file, ...modules.positions[i]! }));

  const configNode = top.get('config')?.value;
  let config: Record<string, unknown> = {};
  if (configNode) {
    y.entries(configNode, null, 'config');
    config = y.data(configNode) as Record<string, unknown>;
  }
  const inputsNode = top.get('inputs')?.value;

  return {
    dir,
    file,
    name,
    deps: deps.values,
    modules: modules.values,
    config,
    inputs: inputsNode ? y.stringList(inputsNode, 'inputs').values : null,
    owners: y.stringList(top.get('owners')?.value, 'owners').values,
    tags: y.stringList(top.get('tags')?.value, 'tags').values,
    positions: {
      deps: deps.positions,
      modules: modules.positions,
      name: nameNode?.range ? y.positionAt(nameNode.range[0]) : null,
    },
  };
};
