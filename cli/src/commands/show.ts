import action from '../actions/show.js';
import { actionCommand } from '../lib/action-command.js';

export default actionCommand(action, {
  summary: 'Show a project: its file, owners, tags, modules, dependencies and dependents, inputs, and each target with its derivation and whether it is cached.',
  description:
    'Targets exist once Nix has evaluated a project: they come from the cache index when it knows the project as it is now ' +
    '("from the cache index"), else the project is evaluated now ("evaluated now"; the index remembers it). --no-eval never runs Nix ' +
    'and says "not evaluated yet" instead. Takes the selectors `world build` takes.',
  examples: [
    '<%= config.bin %> show payments-api',
    '<%= config.bin %> show .                       # the project of this directory',
    '<%= config.bin %> show money:test --json',
    "<%= config.bin %> show 'libs/**' --no-eval",
  ],
});
