import { UsageError } from '../model/index.js';
import { DEFAULT_API_URL } from './client.js';

export type ActionsEvent = 'pull_request' | 'pull_request_target' | 'push' | 'workflow_dispatch';
const EVENTS: readonly string[] = ['pull_request', 'pull_request_target', 'push', 'workflow_dispatch'] satisfies ActionsEvent[];
const PULL_REQUEST_EVENTS: readonly string[] = ['pull_request', 'pull_request_target'] satisfies ActionsEvent[];

export interface GitRef {
  sha: string;
  ref: string;
}

export interface PullRequest {
  number: number;
  base: GitRef;
  head: GitRef;
  /** The head branch lives in another repository (or in a deleted one): under `pull_request`, the token is read-only. */
  fork: boolean;
}

/** Where a GitHub Actions run is, read from its environment and event payload. */
export interface GitHubContext {
  event: ActionsEvent;
  owner: string;
  repo: string;
  /** `https://api.github.com`, or `https://HOST/api/v3` on GitHub Enterprise Server. */
  apiUrl: string;
  serverUrl: string;
  /** The commit to report on: a pull request's head (not the merge commit Actions checks out), or the pushed or dispatched one. */
  headSha: string;
  pullRequest?: PullRequest;
}

export type Environment = Readonly<Record<string, string | undefined>>;

const problem = (message: string) => new UsageError(`GitHub Actions context: ${message}`);

function required(env: Environment, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw problem(`${name} is not set (is this a GitHub Actions run?)`);
  return value;
}

function httpUrl(env: Environment, name: string, fallback: string): string {
  const value = env[name]?.trim() || fallback;
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) throw problem(`${name} is not an http(s) URL: ${JSON.stringify(value)}`);
  return value.replace(/\/+$/, '');
}

const isSha = (value: unknown): value is string => typeof value === 'string' && /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(value);

/** The value at `path` in the payload, of the expected kind, or a message that names the field. */
function field<T>(payload: unknown, path: string, accept: (value: unknown) => value is T, what: string): T {
  let value = payload;
  for (const key of path.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  if (!accept(value)) throw problem(`the event payload's ${path} is ${value === undefined ? 'missing' : `not ${what}`}`);
  return value;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
const isNumber = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;
const isRepo = (value: unknown): value is { full_name: string } | null =>
  value === null || (typeof value === 'object' && value !== null && isText((value as { full_name?: unknown }).full_name));

function pullRequest(payload: unknown): PullRequest {
  const ref = (side: 'base' | 'head'): GitRef => ({
    sha: field(payload, `pull_request.${side}.sha`, isSha, 'a commit id'),
    ref: field(payload, `pull_request.${side}.ref`, isText, 'a branch name'),
  });
  const number = field(payload, 'pull_request.number', isNumber, 'a pull request number');
  const base = ref('base');
  const head = ref('head');
  const baseRepo = field(payload, 'pull_request.base.repo', isRepo, 'a repository');
  // A fork deleted since the pull request was opened leaves head.repo null.
  const headRepo = field(payload, 'pull_request.head.repo', isRepo, 'a repository');
  const fork = headRepo === null || baseRepo === null || headRepo.full_name.toLowerCase() !== baseRepo.full_name.toLowerCase();
  return { number, base, head, fork };
}

/**
 * The context of a GitHub Actions run: `GITHUB_EVENT_NAME`, `GITHUB_REPOSITORY`, `GITHUB_SHA`,
 * `GITHUB_API_URL`, `GITHUB_SERVER_URL`, and for a pull request the payload at `GITHUB_EVENT_PATH`,
 * which `readEvent` reads. Anything missing or malformed is a UsageError that names it.
 */
export function actionsContext(env: Environment, readEvent: (path: string) => string): GitHubContext {
  const event = required(env, 'GITHUB_EVENT_NAME');
  if (!EVENTS.includes(event)) throw problem(`cn-guard posts on ${EVENTS.join(', ')} events, not on ${event}`);
  const repository = required(env, 'GITHUB_REPOSITORY');
  const [owner, repo, ...extra] = repository.split('/');
  if (!owner || !repo || extra.length) throw problem(`GITHUB_REPOSITORY is not owner/name: ${JSON.stringify(repository)}`);
  const where = {
    event: event as ActionsEvent,
    owner,
    repo,
    apiUrl: httpUrl(env, 'GITHUB_API_URL', DEFAULT_API_URL),
    serverUrl: httpUrl(env, 'GITHUB_SERVER_URL', 'https://github.com'),
  };
  if (!PULL_REQUEST_EVENTS.includes(event)) {
    const sha = required(env, 'GITHUB_SHA');
    if (!isSha(sha)) throw problem(`GITHUB_SHA is not a commit id: ${JSON.stringify(sha)}`);
    return { ...where, headSha: sha };
  }
  const path = required(env, 'GITHUB_EVENT_PATH');
  let text: string;
  try {
    text = readEvent(path);
  } catch (error) {
    throw problem(`cannot read the event payload ${path} (GITHUB_EVENT_PATH): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    throw problem(`the event payload ${path} (GITHUB_EVENT_PATH) is not JSON: ${(error as Error).message}`);
  }
  const pr = pullRequest(payload);
  return { ...where, headSha: pr.head.sha, pullRequest: pr };
}

/** The token from `GITHUB_TOKEN`, or from the variable `--token-env` names; never echoed. */
export function tokenFromEnv(env: Environment, name = 'GITHUB_TOKEN'): string {
  const token = env[name]?.trim();
  if (!token)
    throw new UsageError(
      `posting to GitHub needs a token: ${name} is not set or empty${name === 'GITHUB_TOKEN' ? ' (or name another variable with --token-env)' : ''}`,
    );
  return token;
}
