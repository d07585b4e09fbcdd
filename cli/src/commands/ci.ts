import action from '../actions/ci.js';
import { actionCommand } from '../lib/action-command.js';

export default actionCommand(action, {
  summary: 'Build and test exactly what a change affects; write reports for a merge queue.',
  description:
    'Compares --head (default: HEAD) with its merge-base with --base (default: the default branch). In GitHub Actions a pull_request ' +
    "run tests what was checked out (GitHub's merge commit, against its first parent) and a merge_group run tests merge_group.head_sha " +
    'against merge_group.base_sha (GITHUB_EVENT_PATH). A shallow clone is deepened from its remote as needed. ' +
    'Every affected target (build, test, lint, …) is run; --report-dir gets report.json, junit.xml and summary.md (also appended to ' +
    '$GITHUB_STEP_SUMMARY). Shards split by the plan and by --timings or a committed world-timings.json, never by local state. ' +
    'Exit 0 when all pass, 1 when any target fails, 2 on bad usage or config, 3 on repository state, 4 on environment.',
  examples: [
    '<%= config.bin %> ci --base origin/main --head HEAD --report-dir reports',
    '<%= config.bin %> ci --shard 2/4 --timings previous/report.json',
    '<%= config.bin %> ci --dry-run --base origin/main --json   # the plan: what would be built, what is cached; writes nothing',
    'GITHUB_EVENT_NAME=merge_group GITHUB_EVENT_PATH=event.json <%= config.bin %> ci',
  ],
});
