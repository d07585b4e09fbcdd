import action from '../actions/show.js';
import { actionCommand } from '../lib/action-command.js';

export default actionCommand(action, {
  summary: 'Show a project: its owners, modules, dependencies (their kind and where each is written), users, inputs, and each target with its derivation and whether it is cached.',
  description:
    'Each dependency with its kind (runtime: every target links its build; test-only: only test and lint targets do) and the places that declare it: ' +
    "project.yaml's deps/devDeps, or an entry of package.json (file:line:col, section, version spec). Also the projects that depend on it, the projects " +
    'nested in its directory, the cycle it is in, and its input files. Targets exist once Nix has evaluated a project: they come from the cache index when ' +
    'it knows the project as it is now ("from the cache index"), else the project is evaluated now ("evaluated now"; the index remembers it). ' +
    '--no-eval never runs Nix and says "not evaluated yet" instead. Takes the selectors `world build` takes.',
  examples: [
    '<%= config.bin %> show payments-api',
    '<%= config.bin %> show .                       # the project of this directory',
    '<%= config.bin %> show //apps/web money:test --json',
    "<%= config.bin %> show 'libs/**' --no-eval",
  ],
});
