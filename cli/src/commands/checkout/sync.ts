import { checkoutSync } from '@world/checkout';
import { WorldCommand } from '../../lib/base-command.js';
import { applyText, forceFlag, loadCheckoutContext } from '../../lib/checkout-output.js';

export default class CheckoutSync extends WorldCommand<typeof CheckoutSync> {
  static override summary = "Recompute the cone from the recorded roots (after dependencies changed).";
  static override description =
    'A root that gained a dependency (a pull, a branch switch, an edited project.yaml) gets it on disk; one no longer needed leaves, with the same uncommitted-work check as remove.';
  static override examples = ['<%= config.bin %> checkout sync', '<%= config.bin %> checkout sync --json'];
  static override flags = { force: forceFlag };

  async run() {
    const ctx = await loadCheckoutContext(this.cwd);
    const result = await checkoutSync(ctx, { force: this.flags.force });
    this.print(applyText(result));
    return result;
  }
}
