import { Args } from '@oclif/core';
import { checkoutAdd } from '@world/checkout';
import { WorldCommand } from '../../lib/base-command.js';
import { applyText, forceFlag, loadCheckoutContext } from '../../lib/checkout-output.js';

export default class CheckoutAdd extends WorldCommand<typeof CheckoutAdd> {
  static override summary = 'Add projects (and their dependencies) to the sparse checkout.';
  static override description =
    'Records the projects as roots of this worktree\'s sparse checkout and widens the cone to them, their transitive dependencies and checkout.always.';
  static override examples = ['<%= config.bin %> checkout add payments-api', '<%= config.bin %> checkout add //areas/shop/web money --json'];
  static override strict = false;
  static override args = { projects: Args.string({ description: 'projects to add, by name or world path', required: true }) };
  static override flags = { force: forceFlag };

  async run() {
    const ctx = await loadCheckoutContext(this.cwd);
    const result = await checkoutAdd(ctx, this.positional, { force: this.flags.force });
    this.print(applyText(result));
    return result;
  }
}
