import action from '../actions/show.js';
import { actionCommand } from '../lib/action-command.js';

export default actionCommand(action, {
  summary: "Show a project: its dependencies, where each is written, what depends on it.",
  description:
    'Each dependency with its kind (runtime: every target links its build; test-only: only test and lint targets do) and the places that declare it: ' +
    "project.yaml's deps/devDeps, or an entry of package.json (file:line:col, section, version spec). Also the projects that depend on it, the projects nested in its directory, and the cycle it is in.",
  examples: ['<%= config.bin %> show payments-api', '<%= config.bin %> show //apps/web --json'],
});
