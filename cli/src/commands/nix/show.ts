import { Args } from '@oclif/core';
import { readFileSync } from 'node:fs';
import { planTargets } from '@world/executor';
import { runNix } from '@world/nix';
import { WorldCommand } from '../../lib/base-command.js';
import { loadWorkspace } from '@world/engine/workspace';
import { cliHooks } from '../../lib/notify.js';
import { parseSelector } from '@world/engine/selection';

export default class NixShow extends WorldCommand<typeof NixShow> {
  static override summary = 'Print the generated Nix expression and derivation of a target.';
  static override description =
    'Writes the plan for the project (and its dependencies) and prints it. The generated file builds with plain Nix: `nix-build <file> -A <project>.<target>` gives the same store paths world uses.';
  static override examples = ['<%= config.bin %> nix show money:build', '<%= config.bin %> nix show web --json'];
  static override args = {
    target: Args.string({ description: 'PROJECT or PROJECT:TARGET', required: true }),
  };

  async run() {
    const ws = await loadWorkspace(this.cwd, undefined, cliHooks);
    const sel = parseSelector(ws.graph, this.args.target);
    const result = await planTargets({
      world: ws.world, graph: ws.graph, source: ws.source,
      selection: [sel], kinds: ['build', 'test', 'lint', 'other'], alwaysEvaluate: true,
    });
    const plan = result.files!;
    const expression = readFileSync(plan.nixFile, 'utf8');
    const planJson = JSON.parse(readFileSync(plan.jsonFile, 'utf8')) as { projects: Record<string, unknown> };
    const derivations: Record<string, unknown> = {};
    for (const t of result.targets) {
      const r = await runNix('nix', ['--extra-experimental-features', 'nix-command', 'show-derivation', t.drv], { allowFailure: true });
      derivations[t.id] = r.exitCode === 0 ? JSON.parse(r.stdout) : readFileSync(t.drv, 'utf8');
    }
    this.print(`# ${plan.nixFile}\n${expression}`);
    this.print(`# ${plan.jsonFile} (project ${sel.project})\n${JSON.stringify(planJson.projects[sel.project], null, 2)}\n`);
    for (const t of result.targets) {
      this.print(`# ${t.id}: nix-build ${plan.nixFile} -A ${t.project}.${t.target}\n#   derivation ${t.drv}\n#   output     ${t.out}`);
      this.print(JSON.stringify(derivations[t.id], null, 2));
    }
    return {
      nixFile: plan.nixFile,
      jsonFile: plan.jsonFile,
      expression,
      project: planJson.projects[sel.project],
      targets: result.targets.map((t) => ({ id: t.id, drv: t.drv, out: t.out, derivation: derivations[t.id] })),
    };
  }
}
