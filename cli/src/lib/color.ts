/**
 * `--color auto|always|never`, carried by the variables every colour-aware tool reads
 * (NO_COLOR, FORCE_COLOR): world's own output, oclif's help and the processes world starts
 * then agree without each being told.
 */
export const COLOR_CHOICES = ['auto', 'always', 'never'] as const;
export type ColorChoice = (typeof COLOR_CHOICES)[number];

export const applyColor = (choice: unknown, env: NodeJS.ProcessEnv = process.env): void => {
  if (choice === 'always') {
    env.FORCE_COLOR = '1';
    delete env.NO_COLOR;
  } else if (choice === 'never') {
    env.NO_COLOR = '1';
    delete env.FORCE_COLOR;
  }
};

/** Whether to colour what goes to `stream`: FORCE_COLOR or NO_COLOR when set, else a terminal that is not dumb. */
export const useColor = (stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean => {
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.NO_COLOR) return false;
  return stream.isTTY === true && env.TERM !== 'dumb';
};
