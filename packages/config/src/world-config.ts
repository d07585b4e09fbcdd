/** world.yaml: the root of a world. */
import { WorldError, checkName, type SourceLocation } from '@world/core';
import { YamlFile } from './yaml-doc.js';
import type { WorldConfig } from './types.js';

export const WORLD_FILE = 'world.yaml';

const TOP_KEYS = ['name', 'projects', 'global', 'modules', 'defaultBranch', 'checkout', 'nix'] as const;
const CHECKOUT_KEYS = ['always'] as const;
const NIX_KEYS = ['lib', 'nixpkgs', 'substituters', 'trustedPublicKeys', 'push', 'signingKey', 'pushUnsigned', 'builders', 'hostPath'] as const;

const DEFAULT_HOST_PATH = ['/usr/local/bin', '/usr/bin', '/bin'];

/** A repository-relative path from config: no absolute paths, no escaping the world. */
const relativePath = (value: string, what: string, at: SourceLocation): string => {
  const clean = value.replace(/^\.\//, '').replace(/\/+$/, '');
  if (clean.startsWith('/') || clean.split('/').includes('..')) {
    throw new WorldError('CONFIG_SCHEMA', `${what} ${JSON.stringify(value)} must be a path inside the world`, {
      location: at,
      hint: 'write it relative to the directory holding world.yaml, without ".."',
    });
  }
  return clean;
};

export const parseWorldConfig = (bytes: Uint8Array | string, file = WORLD_FILE): WorldConfig => {
  const y = new YamlFile(file, bytes);
  const top = y.topLevel(TOP_KEYS);
  const nameNode = top.get('name')?.value;
  const name = nameNode ? checkName(y.string(nameNode, 'name'), 'world name', y.at(nameNode)) : 'world';

  const checkout = top.get('checkout')?.value;
  const checkoutKeys = checkout ? y.entries(checkout, CHECKOUT_KEYS, 'checkout') : new Map();
  const nix = top.get('nix')?.value;
  const nixKeys = nix ? y.entries(nix, NIX_KEYS, 'nix') : new Map();
  const nixValue = (k: (typeof NIX_KEYS)[number]) => nixKeys.get(k)?.value;

  const modulesNode = top.get('modules')?.value;
  const modules = modulesNode ? relativePath(y.string(modulesNode, 'modules'), 'modules', y.at(modulesNode)) : 'modules';
  const projects = y.stringList(top.get('projects')?.value, 'projects').values;
  const hostPath = y.stringList(nixValue('hostPath'), 'nix.hostPath').values;

  return {
    file,
    name,
    projects: projects.length > 0 ? projects : ['**'],
    global: y.stringList(top.get('global')?.value, 'global').values,
    modules,
    defaultBranch: y.optionalString(top.get('defaultBranch')?.value, 'defaultBranch'),
    checkout: { always: y.stringList(checkoutKeys.get('always')?.value, 'checkout.always').values },
    nix: {
      lib: y.optionalString(nixValue('lib'), 'nix.lib') ?? 'builtin',
      nixpkgs: y.optionalString(nixValue('nixpkgs'), 'nix.nixpkgs'),
      substituters: y.stringList(nixValue('substituters'), 'nix.substituters').values,
      trustedPublicKeys: y.stringList(nixValue('trustedPublicKeys'), 'nix.trustedPublicKeys').values,
      push: y.optionalString(nixValue('push'), 'nix.push'),
      signingKey: y.optionalString(nixValue('signingKey'), 'nix.signingKey'),
      pushUnsigned: y.bool(nixValue('pushUnsigned'), 'nix.pushUnsigned', false),
      builders: y.stringList(nixValue('builders'), 'nix.builders').values,
      hostPath: hostPath.length > 0 ? hostPath : DEFAULT_HOST_PATH,
    },
  };
};
