/**
 * Base and head from a GitHub Actions event (GITHUB_EVENT_PATH). For a merge group the base
 * is the commit the group is built on — not the branch tip the pull request targeted — which
 * is what a merge queue must test against.
 */
import { readFileSync } from 'node:fs';
import { WorldError } from '@world/core';

export interface EventRevisions {
  event: 'pull_request' | 'merge_group';
  base: string;
  head: string;
}

interface GithubEvent {
  pull_request?: { base?: { sha?: string }; head?: { sha?: string } };
  merge_group?: { base_sha?: string; head_sha?: string };
}

export const revisionsFromGithubEvent = (env: NodeJS.ProcessEnv = process.env): EventRevisions | undefined => {
  const path = env.GITHUB_EVENT_PATH;
  const name = env.GITHUB_EVENT_NAME;
  if (!path || (name !== 'pull_request' && name !== 'pull_request_target' && name !== 'merge_group')) return undefined;
  let event: GithubEvent;
  try {
    event = JSON.parse(readFileSync(path, 'utf8')) as GithubEvent;
  } catch (e) {
    throw new WorldError('USAGE', `GITHUB_EVENT_PATH ${path} is not a readable JSON event: ${(e as Error).message}`, {
      hint: 'pass --base and --head explicitly',
    });
  }
  if (name === 'merge_group') {
    const { base_sha: base, head_sha: head } = event.merge_group ?? {};
    if (base && head) return { event: 'merge_group', base, head };
  } else {
    const base = event.pull_request?.base?.sha;
    const head = event.pull_request?.head?.sha;
    if (base && head) return { event: 'pull_request', base, head };
  }
  throw new WorldError('USAGE', `the ${name} event in ${path} has no base and head commits`, { hint: 'pass --base and --head explicitly' });
};
