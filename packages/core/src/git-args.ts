/**
 * Values a user gives that world hands to git as arguments — branch names, revisions, clone
 * URLs — checked before any git runs, so that none can be read as an option. `--end-of-options`
 * alone is not enough: git passes some values on to a git of its own (`worktree add -b X`
 * runs `git branch X <start>`), where world's separator does not reach.
 */
import { WorldError } from './errors.js';

/** Line breaks and other control characters: git's line-based inputs (stdin lists, the sparse-checkout file) would split on them. */
export const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/**
 * Why `name` is not a branch name, by the rules of `git check-ref-format --branch`, or
 * undefined when it is one. Stricter than git in one place: `@` alone (git reads it as HEAD).
 */
export const branchNameProblem = (name: string): string | undefined => {
  if (name === '') return 'it is empty';
  if (name.startsWith('-')) return 'it starts with "-", so git would read it as an option';
  if (name === 'HEAD' || name === '@') return `"${name}" names the current commit, not a branch`;
  if (CONTROL_CHARS.test(name) || /[ ~^:?*[\\]/.test(name)) return 'it holds a space, a control character or one of ~ ^ : ? * [ \\';
  if (name.includes('..')) return 'it holds ".."';
  if (name.includes('@{')) return 'it holds "@{"';
  if (name.endsWith('.')) return 'it ends with "."';
  const parts = name.split('/');
  if (parts.some((p) => p === '')) return 'it starts or ends with "/", or holds "//"';
  if (parts.some((p) => p.startsWith('.') || p.endsWith('.lock'))) return 'a part of it starts with "." or ends with ".lock"';
  return undefined;
};

/** `name` if it is a branch name; otherwise an INVALID_REF error naming `what` (e.g. `--branch`). */
export const checkBranchName = (name: string, what: string, hint = 'pick a branch name git accepts: git check-ref-format --branch <name> tells'): string => {
  const problem = branchNameProblem(name);
  if (problem) throw new WorldError('INVALID_REF', `${what} ${JSON.stringify(name)} is not a valid branch name: ${problem}`, { hint });
  return name;
};

/**
 * `rev` if it can only be read as a revision (a branch, tag, commit id, `HEAD~2`…): not
 * empty, not starting with "-", no line breaks or other control characters.
 */
export const checkRevision = (rev: string, what: string): string => {
  const problem = rev === '' ? 'it is empty' : rev.startsWith('-') ? 'it starts with "-", so git would read it as an option' : CONTROL_CHARS.test(rev) ? 'it holds a control character' : undefined;
  if (problem) throw new WorldError('INVALID_REF', `${what} ${JSON.stringify(rev)} is not a revision: ${problem}`, { hint: 'name a branch, tag or commit' });
  return rev;
};

/** Remote helpers that run commands or open descriptors the URL names (`ext::sh -c …`, `fd::3`). */
const COMMAND_TRANSPORTS = /^(ext|fd)::/i;

/** The host (and user) of an ssh URL, `ssh://[user@]host/…` or scp-like `[user@]host:path`. */
const sshAuthority = (url: string): string | undefined => {
  const m = /^(?:ssh|git\+ssh|ssh\+git):\/\/([^/]*)/i.exec(url);
  if (m) return m[1];
  // scp-like: a colon before any slash, and not a `scheme://` URL or a `transport::` one.
  const colon = url.indexOf(':');
  const slash = url.indexOf('/');
  if (colon > 0 && (slash < 0 || colon < slash) && !url.includes('::')) return url.slice(0, colon);
  return undefined;
};

/**
 * `url` if git can only read it as a repository to fetch from: not an option (`--upload-pack=…`),
 * not a command (`ext::sh -c …`), no ssh host or user that ssh would take for an option
 * (`ssh://-oProxyCommand=…`), no line breaks.
 */
export const checkCloneUrl = (url: string): string => {
  const fail = (problem: string): never => {
    throw new WorldError('INVALID_URL', `${JSON.stringify(url)} is not a repository URL: ${problem}`, {
      hint: 'pass the URL or path of the world to clone, e.g. https://host/org/world.git, ssh://git@host/org/world.git or ../world',
    });
  };
  if (url === '') fail('it is empty');
  if (url.startsWith('-')) fail('it starts with "-", so git would read it as an option');
  if (CONTROL_CHARS.test(url)) fail('it holds a control character');
  if (COMMAND_TRANSPORTS.test(url)) fail(`git's ${url.slice(0, url.indexOf(':'))}:: transport runs what the URL names; world does not clone through it`);
  const authority = sshAuthority(url);
  if (authority !== undefined && authority.split('@').some((part) => part.startsWith('-'))) fail('its ssh host or user starts with "-", so ssh would read it as an option');
  return url;
};
