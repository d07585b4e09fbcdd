import action from '../actions/init.js';
import { actionCommand } from '../lib/action-command.js';

export default actionCommand(action, {
  summary: 'Make an existing repository a world: world.yaml and a project.yaml per workspace package.',
  description:
    'Reads pnpm-workspace.yaml, the root package.json\'s "workspaces" (npm, yarn) and lerna.json; writes world.yaml (the root manifests and lockfiles as global inputs, ' +
    'dependencies read from package.json) if there is none, and a minimal project.yaml for each package that has none. Files that exist are never rewritten, so it is safe to run again ' +
    'after adding packages. It prints what it found and what it could not decide; --check writes nothing and exits 2 when something is out of sync.',
  examples: ['<%= config.bin %> init', '<%= config.bin %> init --check', '<%= config.bin %> init --no-infer --module node --json'],
});
