/** project.yaml: one per project directory. */
import { checkConfigSize, checkName, isWorldPath, parseWorldPath, type SourceLocation } from '@world/core';
import { configValues } from './config-values.js';
import { checkPattern } from './shapes.js';
import { readSimpleYaml, type SimpleNode } from './simple-yaml.js';
import { YamlFile } from './yaml-doc.js';
import type { Position, ProjectConfig } from './types.js';

export const PROJECT_FILE = 'project.yaml';

const KEYS = ['name', 'deps', 'devDeps', 'modules', 'config', 'inputs', 'owners', 'tags'] as const;

const dirOfFile = (file: string): string => (file === PROJECT_FILE ? '' : file.slice(0, -(PROJECT_FILE.length + 1)));

/** Default name: the directory's last segment, which must itself be a valid name. */
const defaultName = (dir: string): string => dir.slice(dir.lastIndexOf('/') + 1);

/** What building a ProjectConfig needs of a parsed file, whichever parser read it. */
interface ProjectReader<N> {
  file: string;
  value(key: (typeof KEYS)[number]): N | null | undefined;
  string(node: N | null, what: string): string;
  stringList(node: N | null | undefined, what: string): { values: string[]; positions: Position[] };
  at(node: N | null | undefined): SourceLocation;
  position(node: N): Position | null;
  config(node: N): Record<string, unknown>;
}

const build = <N>(r: ProjectReader<N>, dir: string): ProjectConfig => {
  const { file } = r;
  const nameNode = r.value('name') ?? null;
  const name = nameNode
    ? checkName(r.string(nameNode, 'name'), 'project name', r.at(nameNode))
    : checkName(defaultName(dir), `project name (from directory ${JSON.stringify(dir)})`, { file, line: 1, col: 1 });

  const depList = (key: 'deps' | 'devDeps') => {
    const list = r.stringList(r.value(key), key);
    list.values.forEach((d, i) => {
      const at = { file, ...list.positions[i]! };
      if (isWorldPath(d)) parseWorldPath(d, at);
      else checkName(d, 'dependency', at);
    });
    return list;
  };
  const deps = depList('deps');
  const devDeps = depList('devDeps');
  const modules = r.stringList(r.value('modules'), 'modules');
  modules.values.forEach((m, i) => checkName(m, 'module', { file, ...modules.positions[i]! }));
  const configNode = r.value('config');
  const inputs = r.value('inputs') ? r.stringList(r.value('inputs'), 'inputs') : null;
  inputs?.values.forEach((glob, i) => checkPattern(glob, 'inputs', { file, ...inputs.positions[i]! }, 'relative to the project'));

  return {
    dir,
    file,
    name,
    deps: deps.values,
    devDeps: devDeps.values,
    modules: modules.values,
    config: configNode ? r.config(configNode) : {},
    inputs: inputs ? inputs.values : null,
    owners: r.stringList(r.value('owners'), 'owners').values,
    tags: r.stringList(r.value('tags'), 'tags').values,
    positions: { deps: deps.positions, devDeps: devDeps.positions, modules: modules.positions, name: nameNode ? r.position(nameNode) : null },
  };
};

const yamlReader = (y: YamlFile): ProjectReader<NonNullable<YamlFile['root']>> => {
  const top = y.topLevel(KEYS);
  return {
    file: y.file,
    value: (key) => top.get(key)?.value,
    string: (node, what) => y.string(node, what),
    stringList: (node, what) => y.stringList(node, what),
    at: (node) => y.at(node),
    position: (node) => (node.range ? y.positionAt(node.range[0]) : null),
    config: (node) => configValues(y, node),
  };
};

/** Thrown by the fast path to hand a file to the full parser. */
class NotSimple extends Error {}

const simpleReader = (file: string, text: string): ProjectReader<SimpleNode> | undefined => {
  const doc = readSimpleYaml(text, KEYS);
  if (!doc || doc.has('config')) return undefined;
  const notSimple = (): never => {
    throw new NotSimple();
  };
  return {
    file,
    value: (key) => doc.get(key),
    string: (node) => (typeof node?.value === 'string' ? node.value : notSimple()),
    stringList: (node) => {
      if (node === undefined || node === null || node.value === null) return { values: [], positions: [] };
      if (!Array.isArray(node.value)) return notSimple();
      return { values: node.value.map((n) => n.value as string), positions: node.value.map((n) => ({ line: n.line, col: n.col })) };
    },
    at: (node) => (node ? { file, line: node.line, col: node.col } : { file }),
    position: (node) => ({ line: node.line, col: node.col }),
    config: notSimple,
  };
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

export const parseProjectConfig = (bytes: Uint8Array | string, file: string): ProjectConfig => {
  checkConfigSize(file, typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length);
  let text: string | undefined;
  try {
    text = typeof bytes === 'string' ? bytes : utf8.decode(bytes);
  } catch {
    text = undefined; // the full parser reports the encoding
  }
  const simple = text === undefined ? undefined : simpleReader(file, text);
  if (simple) {
    try {
      return build(simple, dirOfFile(file));
    } catch {
      // Invalid, or not simple after all: the full parser says what is wrong, and where.
    }
  }
  return parseProjectConfigFully(text ?? bytes, file);
};

/** The reference reader, through the YAML library (what parseProjectConfig falls back to). */
export const parseProjectConfigFully = (bytes: Uint8Array | string, file: string): ProjectConfig =>
  build(yamlReader(new YamlFile(file, bytes)), dirOfFile(file));
