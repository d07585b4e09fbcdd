/** Unit-test helper: the WorldError a function throws. */
import { WorldError } from '@world/core';

export const errorOf = (f: () => unknown): WorldError => {
  try {
    f();
  } catch (e) {
    if (e instanceof WorldError) return e;
    throw e;
  }
  throw new Error('expected a WorldError, nothing was thrown');
};
