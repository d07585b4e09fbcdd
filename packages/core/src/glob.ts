/**
 * Path globs as world.yaml writes them: `*` and `?` stay within a path segment, `**` spans
 * segments, `{a,b}` alternates. A pattern naming a directory (`areas/**`, or a bare `tools`)
 * also matches everything below it, like gitignore and Bazel's package patterns.
 */

const escapeRe = (c: string): string => c.replace(/[.+^$()|[\]\\]/g, '\\$&');

const translate = (glob: string): string => {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        re += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 2 : 1;
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) {
        re += '\\{';
        continue;
      }
      re += `(?:${glob.slice(i + 1, end).split(',').map(translate).join('|')})`;
      i = end;
    } else {
      re += escapeRe(c);
    }
  }
  return re;
};

export const globToRegExp = (glob: string): RegExp => {
  const trimmed = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  return new RegExp(`^${translate(trimmed)}(?:/.*)?$`);
};

export type PathMatcher = (path: string) => boolean;

export const matcherOf = (globs: readonly string[]): PathMatcher => {
  if (globs.length === 0) return () => false;
  const res = globs.map(globToRegExp);
  return (path) => res.some((re) => re.test(path));
};
