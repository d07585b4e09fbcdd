/** Content digests used for fingerprints: sha256, hex, over length-prefixed parts so no two part lists collide. */
import { createHash } from 'node:crypto';

export const digest = (parts: readonly string[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(`${Buffer.byteLength(p)}:`).update(p);
  return h.digest('hex');
};
