/**
 * A user's string inside a message: JSON-quoted, so control characters and newlines show as
 * escapes instead of acting on the terminal, and cut short when long, so a 30,000-part key
 * or a megabyte of name does not flood the screen.
 */
export const quote = (s: string, max = 80): string =>
  s.length <= max ? JSON.stringify(s) : `${JSON.stringify(s.slice(0, max))}… (${s.length} characters)`;
