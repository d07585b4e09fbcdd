export * from './types.js';
export { parseWorldConfig, WORLD_FILE } from './world-config.js';
export { parseProjectConfig, parseProjectConfigFully, PROJECT_FILE } from './project-config.js';
export { readSimpleYaml } from './simple-yaml.js';
export { parsePackageManifest, MANIFEST_FILE, DEP_SECTIONS, type DepSection, type ManifestDep, type PackageManifest } from './package-manifest.js';
export { parsePnpmWorkspace, PNPM_WORKSPACE_FILE } from './pnpm-workspace.js';
