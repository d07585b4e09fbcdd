import { runDoctor } from '@world/checkout';
import { WorldCommand } from '../lib/base-command.js';

export default class Doctor extends WorldCommand<typeof Doctor> {
  static override summary = 'Check git, Nix, world.yaml, the sparse checkout and the cache; say how to fix what is wrong.';
  static override description =
    'Exit 0 when every check passes (warnings included); otherwise the exit class of the first failed check: 2 configuration, 3 repository state, 4 environment.';
  static override examples = ['<%= config.bin %> doctor', '<%= config.bin %> doctor --json'];

  async run() {
    const report = await runDoctor(this.cwd);
    for (const f of report.findings) {
      const [first = '', ...rest] = f.message.split('\n');
      this.print(`${f.status.padEnd(4)}  ${f.check.padEnd(6)}  ${first}${rest.length ? `\n${rest.map((l) => `              ${l}`).join('\n')}` : ''}${f.fix && f.status !== 'ok' ? `\n              fix: ${f.fix}` : ''}`);
    }
    const warns = report.findings.filter((f) => f.status === 'warn').length;
    const fails = report.findings.filter((f) => f.status === 'fail').length;
    this.print(`${report.healthy ? 'healthy' : 'unhealthy'}: ${fails} failed, ${warns} warning${warns === 1 ? '' : 's'}`);
    if (!report.healthy) process.exitCode = report.exitCode;
    return report;
  }
}
