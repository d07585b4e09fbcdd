/**
 * The GitHub Actions event a CI run was started by (GITHUB_EVENT_NAME, and the webhook
 * payload GitHub writes to GITHUB_EVENT_PATH). Only the fields world uses are read, and each
 * is checked: the commit ids go to git, so anything but a full object id is refused.
 */
import { readFileSync } from 'node:fs';
import { WorldError } from '@world/core';
import { isFullObjectName } from './repo-state.js';

export type GithubEvent =
  | {
      event: 'pull_request' | 'pull_request_target';
      number: number | null;
      /** pull_request.base.sha: the base branch's tip when the event was sent. */
      baseSha: string;
      /** pull_request.head.sha: the pull request's own last commit. */
      headSha: string;
    }
  | {
      event: 'merge_group';
      /** merge_group.base_sha: the commit the group is built on. */
      baseSha: string;
      /** merge_group.head_sha: the group's commit, which the queue asks to be tested. */
      headSha: string;
    };

const HINT = 'GitHub Actions writes this file for pull_request and merge_group runs; outside such a run, or to override it, pass --base and --head';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const readGithubEvent = (env: NodeJS.ProcessEnv = process.env): GithubEvent | undefined => {
  const path = env.GITHUB_EVENT_PATH;
  const name = env.GITHUB_EVENT_NAME;
  if (!path || (name !== 'pull_request' && name !== 'pull_request_target' && name !== 'merge_group')) return undefined;
  const invalid = (what: string) => new WorldError('CI_EVENT_INVALID', `GITHUB_EVENT_PATH ${path}: ${what}`, { hint: HINT });
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw invalid(code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? (e as Error).message})`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (e) {
    throw invalid(`not JSON (${(e as Error).message})`);
  }
  if (!isRecord(payload)) throw invalid(`the ${name} payload is ${payload === null ? 'null' : Array.isArray(payload) ? 'an array' : `a ${typeof payload}`}, not an object`);
  const sha = (value: unknown, field: string): string => {
    if (typeof value === 'string' && isFullObjectName(value)) return value;
    throw invalid(`${field} is ${value === undefined ? 'missing' : JSON.stringify(value)}, not a full commit id`);
  };
  const object = (value: unknown, field: string): Record<string, unknown> => {
    if (isRecord(value)) return value;
    throw invalid(`${field} is ${value === undefined ? 'missing' : JSON.stringify(value)}, not an object`);
  };
  if (name === 'merge_group') {
    const group = object(payload.merge_group, 'merge_group');
    return { event: name, baseSha: sha(group.base_sha, 'merge_group.base_sha'), headSha: sha(group.head_sha, 'merge_group.head_sha') };
  }
  const pr = object(payload.pull_request, 'pull_request');
  const number = typeof payload.number === 'number' ? payload.number : typeof pr.number === 'number' ? pr.number : null;
  return {
    event: name,
    number,
    baseSha: sha(object(pr.base, 'pull_request.base').sha, 'pull_request.base.sha'),
    headSha: sha(object(pr.head, 'pull_request.head').sha, 'pull_request.head.sha'),
  };
};
