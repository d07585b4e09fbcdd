/** Recorded runs as people read them. */
import type { RunDiff, RunRecord } from '@world/engine';
import { describeCause, describeRebuild } from '@world/executor';
import { formatDuration } from '@world/reporters';

export const runLine = (r: RunRecord): string => {
  const s = r.summary;
  const verdict = s.ok ? 'ok  ' : 'FAIL';
  const range = r.head ? ` ${r.base ? `${r.base.slice(0, 8)}..` : ''}${r.head.slice(0, 8)}` : '';
  return `${r.id}  ${verdict}  ${r.command.padEnd(5)} ${s.total} targets: ${s.cached} cached, ${s.built} built${s.failed ? `, ${s.failed} failed` : ''}  ${formatDuration(s.durationMs)}${range}`;
};

export const runDetails = (r: RunRecord): string =>
  [
    runLine(r),
    ...r.nixErrors.map((m) => `  nix: ${m}`),
    ...r.targets.map((t) => {
      const why = t.cause ? ` — ${describeCause(t.cause)}` : t.reason ? ` — ${describeRebuild(t.reason)}` : '';
      return `  ${t.status.padEnd(11)} ${t.id}${t.durationMs !== null ? ` (${formatDuration(t.durationMs)})` : ''}${why}`;
    }),
  ].join('\n');

export const runDiffLines = (d: RunDiff): string[] => [
  `${d.a} → ${d.b}`,
  ...(d.changed.length === 0 ? ['  every target has the same status'] : d.changed.map((c) => `  ${c.id}: ${c.a ?? '(absent)'} → ${c.b ?? '(absent)'}`)),
  ...(d.slower.length > 0 ? ['  time:', ...d.slower.map((t) => `    ${t.id}: ${formatDuration(t.aMs)} → ${formatDuration(t.bMs)}`)] : []),
];
