/** world.yaml: the root of a world. */
import { WorldError, checkName, didYouMean, quote, type SourceLocation } from '@world/core';
import type { Node } from 'yaml';
import { checkBranch, checkBuilder, checkHostOrWorldPath, checkPattern, checkSigningKey, checkToken, checkWorldPath } from './shapes.js';
import { YamlFile } from './yaml-doc.js';
import { MANIFEST_KINDS, type ManifestKind, type WorldConfig } from './types.js';

export const WORLD_FILE = 'world.yaml';

const TOP_KEYS = ['name', 'projects', 'global', 'modules', 'defaultBranch', 'checkout', 'deps', 'nix'] as const;
const CHECKOUT_KEYS = ['always'] as const;
const DEPS_KEYS = ['from'] as const;
const NIX_KEYS = ['lib', 'nixpkgs', 'substituters', 'trustedPublicKeys', 'push', 'signingKey', 'pushUnsigned', 'builders', 'hostPath'] as const;

const DEFAULT_HOST_PATH = ['/usr/local/bin', '/usr/bin', '/bin'];

type Check = (value: string, what: string, at: SourceLocation) => void;

const hostPathEntry: Check = (value, what, at) => checkHostOrWorldPath(value, what, at, ':');
const patternOfWorld: Check = (value, what, at) => checkPattern(value, what, at, 'from the world root');
const manifestKind: Check = (value, what, at) => {
  if ((MANIFEST_KINDS as readonly string[]).includes(value)) return;
  throw new WorldError('CONFIG_SCHEMA', `${what} ${quote(value)} is not a manifest world reads${didYouMean(value, MANIFEST_KINDS)}`, {
    location: at,
    hint: `deps.from lists the manifests whose dependencies count as the project's own: ${MANIFEST_KINDS.join(', ')}`,
  });
};

export const parseWorldConfig = (bytes: Uint8Array | string, file = WORLD_FILE): WorldConfig => {
  const y = new YamlFile(file, bytes);
  /** A list of strings, each entry checked where it stands. */
  const list = (node: Node | null | undefined, what: string, check: Check): string[] => {
    const { values, positions } = y.stringList(node, what);
    values.forEach((value, i) => check(value, `${what} entry`, { file, ...positions[i]! }));
    return values;
  };
  const optional = (node: Node | null | undefined, what: string, check: Check): string | null => {
    const value = y.optionalString(node, what);
    if (value !== null) check(value, what, y.at(node));
    return value;
  };

  const top = y.topLevel(TOP_KEYS);
  const nameNode = top.get('name')?.value;
  const name = nameNode ? checkName(y.string(nameNode, 'name'), 'world name', y.at(nameNode)) : 'world';

  const checkout = top.get('checkout')?.value;
  const checkoutKeys = checkout ? y.entries(checkout, CHECKOUT_KEYS, 'checkout') : new Map();
  const depsNode = top.get('deps')?.value;
  const depsKeys = depsNode ? y.entries(depsNode, DEPS_KEYS, 'deps') : new Map();
  const nix = top.get('nix')?.value;
  const nixKeys = nix ? y.entries(nix, NIX_KEYS, 'nix') : new Map();
  const nixValue = (k: (typeof NIX_KEYS)[number]) => nixKeys.get(k)?.value;

  const modulesNode = top.get('modules')?.value;
  const modules = modulesNode ? checkWorldPath(y.string(modulesNode, 'modules'), 'modules', y.at(modulesNode)) : 'modules';
  const projects = list(top.get('projects')?.value, 'projects', patternOfWorld);
  const hostPath = list(nixValue('hostPath'), 'nix.hostPath', hostPathEntry);
  const lib = y.optionalString(nixValue('lib'), 'nix.lib') ?? 'builtin';
  if (lib !== 'builtin') checkHostOrWorldPath(lib, 'nix.lib', y.at(nixValue('lib')));

  return {
    file,
    name,
    projects: projects.length > 0 ? projects : ['**'],
    global: list(top.get('global')?.value, 'global', patternOfWorld),
    modules,
    defaultBranch: optional(top.get('defaultBranch')?.value, 'defaultBranch', checkBranch),
    checkout: { always: list(checkoutKeys.get('always')?.value, 'checkout.always', (v, what, at) => void checkWorldPath(v, what, at)) },
    deps: { from: [...new Set(list(depsKeys.get('from')?.value, 'deps.from', manifestKind) as ManifestKind[])] },
    nix: {
      lib,
      nixpkgs: optional(nixValue('nixpkgs'), 'nix.nixpkgs', checkHostOrWorldPath),
      substituters: list(nixValue('substituters'), 'nix.substituters', checkToken),
      trustedPublicKeys: list(nixValue('trustedPublicKeys'), 'nix.trustedPublicKeys', checkToken),
      push: optional(nixValue('push'), 'nix.push', checkToken),
      signingKey: optional(nixValue('signingKey'), 'nix.signingKey', checkSigningKey),
      pushUnsigned: y.bool(nixValue('pushUnsigned'), 'nix.pushUnsigned', false),
      builders: list(nixValue('builders'), 'nix.builders', checkBuilder),
      hostPath: hostPath.length > 0 ? hostPath : DEFAULT_HOST_PATH,
    },
  };
};
