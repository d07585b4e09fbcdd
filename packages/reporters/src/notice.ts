/**
 * Notices (a warning, a piece of information) as a person reads them. Kept apart from the
 * build reporters so that the quick commands (affected, why) can print one without loading
 * anything of the build.
 */
import type { Notice } from '@world/executor';

/** `world: warning[CODE]: …` and its hint, or `world: …`. */
export const noticeLines = (n: Notice): string[] => [
  n.level === 'warning' ? `world: warning${n.code ? `[${n.code}]` : ''}: ${n.message}` : `world: ${n.message}`,
  ...(n.hint ? [`  hint: ${n.hint}`] : []),
];

export const printNotice = (stream: { write(s: string): unknown }, n: Notice): void => {
  for (const line of noticeLines(n)) stream.write(`${line}\n`);
};
