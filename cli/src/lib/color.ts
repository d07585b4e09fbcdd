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
