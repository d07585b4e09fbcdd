export * from './types.js';
export { parseWorldConfig, WORLD_FILE } from './world-config.js';
export { parseProjectConfig, parseProjectConfigFully, PROJECT_FILE } from './project-config.js';
export { readSimpleYaml } from './simple-yaml.js';
