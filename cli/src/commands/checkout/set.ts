import { Args, Flags } from '@oclif/core';
import { WorldError } from '@world/core';
import { checkoutSet } from '@world/checkout';
import { WorldCommand } from '../../lib/base-command.js';
import { applyText, forceFlag, loadCheckoutContext } from '../../lib/checkout-output.js';

export default class CheckoutSet extends WorldCommand<typeof CheckoutSet> {
  static override summary = 'Make the sparse checkout hold exactly these projects (and their dependencies).';
  static override description =
    'Replaces the roots. On a full checkout this makes it sparse; --all goes back to a full checkout. ' +
    'Refuses (DIRTY_PATHS, exit 3) when files with uncommitted work would leave the checkout; --force narrows anyway and leaves those files as they are (edited, staged, deleted or new).';
  static override examples = ['<%= config.bin %> checkout set payments-api', '<%= config.bin %> checkout set --all'];
  static override strict = false;
  static override args = { projects: Args.string({ description: 'the projects to keep on disk, by name or world path', required: false }) };
  static override flags = {
    all: Flags.boolean({ summary: 'Every project on disk: turn sparse checkout off.', default: false }),
    force: forceFlag,
  };

  async run() {
    if (this.flags.all === (this.positional.length > 0)) {
      throw new WorldError('USAGE', this.flags.all ? '--all takes no projects' : 'name the projects to keep on disk, or pass --all', {
        hint: 'world checkout set <project...> | world checkout set --all',
      });
    }
    const ctx = await loadCheckoutContext(this.cwd);
    const result = await checkoutSet(ctx, this.flags.all ? 'full' : this.positional, { force: this.flags.force });
    this.print(applyText(result));
    return result;
  }
}
