import { Args } from '@oclif/core';
import { checkoutRemove } from '@world/checkout';
import { WorldCommand } from '../../lib/base-command.js';
import { applyText, forceFlag, loadCheckoutContext } from '../../lib/checkout-output.js';

export default class CheckoutRemove extends WorldCommand<typeof CheckoutRemove> {
  static override summary = 'Remove root projects from the sparse checkout.';
  static override description =
    'Drops the projects from the roots and narrows the cone. Refuses (DIRTY_PATHS, exit 3) when files with uncommitted work would leave the checkout; --force narrows anyway and leaves those files as they are (edited, staged, deleted or new).';
  static override examples = ['<%= config.bin %> checkout remove shop-web', '<%= config.bin %> checkout remove shop-web --force'];
  static override strict = false;
  static override args = { projects: Args.string({ description: 'root projects to remove, by name or world path', required: true }) };
  static override flags = { force: forceFlag };

  async run() {
    const ctx = await loadCheckoutContext(this.cwd);
    const result = await checkoutRemove(ctx, this.positional, { force: this.flags.force });
    this.print(applyText(result));
    return result;
  }
}
