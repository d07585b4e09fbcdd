/**
 * Output to a closed pipe (`world projects | head -1`) ends quietly. Once the reader is gone,
 * whatever world still has to say there is dropped instead of raising EPIPE as a crash; the
 * command runs to its end and exits with its own status, so a build cut off from its reader
 * still finishes, caches its results and reports failure by its exit code.
 */
const closed = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

export const quietOnClosedPipes = (): void => {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (!closed.has(e.code ?? '')) throw e;
    });
  }
};
