/**
 * How large a config file may be. It lives here, not in @world/config, because discovery
 * checks it before reading world.yaml, without loading the YAML parser.
 */
import { WorldError } from './errors.js';

/** world.yaml and project.yaml are a few hundred bytes; a quarter megabyte is not config. */
export const MAX_CONFIG_BYTES = 256 * 1024;

const sizeText = (bytes: number): string => (bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

/** Refuses a config file larger than config ever is, before any parser sees it. */
export const checkConfigSize = (file: string, size: number): void => {
  if (size > MAX_CONFIG_BYTES) {
    throw new WorldError('CONFIG_LIMIT', `the file is ${sizeText(size)}; config files may be at most ${sizeText(MAX_CONFIG_BYTES)}`, {
      location: { file },
      hint: 'keep large data in files of the project, and have a module read them',
    });
  }
};
