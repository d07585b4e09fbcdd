/**
 * Project names and world paths. A world path `//areas/payments/api` names a directory
 * from the repository root; the root itself is `//`.
 */
import { WorldError, type SourceLocation } from './errors.js';
import { quote } from './quote.js';

export const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

export const isValidName = (name: string): boolean => NAME_PATTERN.test(name) && name.length <= 128;

export const checkName = (name: string, what: string, location?: SourceLocation): string => {
  if (!isValidName(name)) {
    throw new WorldError('INVALID_NAME', `${what} ${quote(name)} is not a valid name`, {
      ...(location ? { location } : {}),
      hint: 'names use lowercase letters, digits, ".", "_" and "-", and start with a letter or digit',
    });
  }
  return name;
};

/** `areas/pay` → `//areas/pay`; `` → `//`. */
export const toWorldPath = (dir: string): string => `//${dir}`;

export const isWorldPath = (s: string): boolean => s.startsWith('//');

/**
 * `//areas/pay/` → `areas/pay`. Rejects `..`, `.`, empty segments and backslashes so a
 * world path can never escape the repository.
 */
export const parseWorldPath = (s: string, location?: SourceLocation): string => {
  const rest = s.slice(2).replace(/\/+$/, '');
  const bad = !s.startsWith('//') || rest.includes('\\') ||
    (rest !== '' && rest.split('/').some((seg) => seg === '' || seg === '.' || seg === '..'));
  if (bad) {
    throw new WorldError('INVALID_WORLD_PATH', `${quote(s)} is not a valid world path`, {
      ...(location ? { location } : {}),
      hint: 'a world path starts with // and names a directory from the repository root, e.g. //areas/payments/api',
    });
  }
  return rest;
};

/** Parent directory of a repository-relative path ('' for top-level entries). */
export const dirOf = (path: string): string => {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
};

/** True when `path` is `dir` itself or lies below it (dir '' is the root and holds everything). */
export const isWithin = (path: string, dir: string): boolean =>
  dir === '' || path === dir || (path.length > dir.length && path.startsWith(dir) && path.charCodeAt(dir.length) === 47);
