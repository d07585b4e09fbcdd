export * from './types.js';
export { parseWorldConfig, WORLD_FILE } from './world-config.js';
export { parseProjectConfig, PROJECT_FILE } from './project-config.js';
