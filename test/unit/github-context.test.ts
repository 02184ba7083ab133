// The GitHub Actions context: environment and event payload → where to post, or a UsageError
// that names what is missing (never a stack trace).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Environment, tokenFromEnv } from '../../src/github/index.js';
import { readGitHubContext } from '../../src/main/index.js';
import { UsageError } from '../../src/model/index.js';

const BASE_SHA = 'b'.repeat(40);
const HEAD_SHA = 'c'.repeat(40);
const dir = mkdtempSync(join(tmpdir(), 'cn-guard-event-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function eventFile(content: unknown): string {
  const path = join(dir, `event-${++files}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** A pull_request payload as GitHub sends it, trimmed to what matters (and a little that does not). */
function pullRequestPayload({ headRepo = 'acme/app' as string | null } = {}) {
  const repo = (fullName: string) => ({
    id: 1,
    name: fullName.split('/')[1],
    full_name: fullName,
    fork: fullName !== 'acme/app',
    owner: { login: fullName.split('/')[0] },
  });
  return {
    action: 'synchronize',
    number: 42,
    pull_request: {
      number: 42,
      draft: false,
      title: 'Add a route',
      base: { ref: 'main', sha: BASE_SHA, label: 'acme:main', repo: repo('acme/app') },
      head: { ref: 'feature/route', sha: HEAD_SHA, label: 'someone:feature/route', repo: headRepo === null ? null : repo(headRepo) },
    },
    repository: repo('acme/app'),
  };
}

function env(event: string, payload: unknown, extra: Environment = {}): Environment {
  return {
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: eventFile(payload),
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_SHA: 'd'.repeat(40),
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_SERVER_URL: 'https://github.com',
    ...extra,
  };
}

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('readGitHubContext', () => {
  it('reads a pull_request event: the head commit (not the merge commit), both refs, no fork', () => {
    expect(readGitHubContext(env('pull_request', pullRequestPayload()))).toEqual({
      event: 'pull_request',
      owner: 'acme',
      repo: 'app',
      apiUrl: 'https://api.github.com',
      serverUrl: 'https://github.com',
      headSha: HEAD_SHA,
      pullRequest: { number: 42, base: { sha: BASE_SHA, ref: 'main' }, head: { sha: HEAD_SHA, ref: 'feature/route' }, fork: false },
    });
  });

  it('tells a fork, and a deleted fork, by the head repository', () => {
    expect(readGitHubContext(env('pull_request', pullRequestPayload({ headRepo: 'someone/app' }))).pullRequest?.fork).toBe(true);
    expect(readGitHubContext(env('pull_request_target', pullRequestPayload({ headRepo: null }))).pullRequest?.fork).toBe(true);
    expect(readGitHubContext(env('pull_request_target', pullRequestPayload({ headRepo: 'ACME/App' }))).pullRequest?.fork).toBe(false);
  });

  it('reads push and workflow_dispatch from the environment: GITHUB_SHA, no pull request, no payload needed', () => {
    for (const event of ['push', 'workflow_dispatch']) {
      const context = readGitHubContext(env(event, 'not read', { GITHUB_EVENT_PATH: join(dir, 'missing.json') }));
      expect(context).toEqual({
        event,
        owner: 'acme',
        repo: 'app',
        apiUrl: 'https://api.github.com',
        serverUrl: 'https://github.com',
        headSha: 'd'.repeat(40),
      });
    }
    expect(usageError(() => readGitHubContext(env('push', {}, { GITHUB_SHA: 'HEAD' })))).toBe('GitHub Actions context: GITHUB_SHA is not a commit id: "HEAD"');
  });

  it('takes GitHub Enterprise Server addresses, and defaults to github.com', () => {
    const ghes = readGitHubContext(env('push', {}, { GITHUB_API_URL: 'https://ghe.example.com/api/v3/', GITHUB_SERVER_URL: 'https://ghe.example.com' }));
    expect(ghes).toMatchObject({ apiUrl: 'https://ghe.example.com/api/v3', serverUrl: 'https://ghe.example.com' });
    const defaults = readGitHubContext(env('push', {}, { GITHUB_API_URL: undefined, GITHUB_SERVER_URL: '' }));
    expect(defaults).toMatchObject({ apiUrl: 'https://api.github.com', serverUrl: 'https://github.com' });
    expect(usageError(() => readGitHubContext(env('push', {}, { GITHUB_API_URL: 'ghe.example.com/api/v3' })))).toBe(
      'GitHub Actions context: GITHUB_API_URL is not an http(s) URL: "ghe.example.com/api/v3"',
    );
  });

  it('refuses a malformed payload, a missing file and a missing field, in words', () => {
    const prEnv = (payload: unknown) => env('pull_request', payload);
    expect(usageError(() => readGitHubContext(prEnv('{"pull_request": ')))).toMatch(
      /^GitHub Actions context: the event payload \/.*event-\d+\.json \(GITHUB_EVENT_PATH\) is not JSON: /,
    );
    expect(usageError(() => readGitHubContext({ ...prEnv({}), GITHUB_EVENT_PATH: join(dir, 'missing.json') }))).toBe(
      `GitHub Actions context: cannot read the event payload ${join(dir, 'missing.json')} (GITHUB_EVENT_PATH): ENOENT`,
    );
    expect(usageError(() => readGitHubContext({ ...prEnv({}), GITHUB_EVENT_PATH: undefined }))).toBe(
      'GitHub Actions context: GITHUB_EVENT_PATH is not set (is this a GitHub Actions run?)',
    );
    for (const payload of [{ action: 'opened' }, [], null]) {
      expect(usageError(() => readGitHubContext(prEnv(payload)))).toBe("GitHub Actions context: the event payload's pull_request.number is missing");
    }
    const without = (mutate: (payload: any) => void) => {
      const payload = pullRequestPayload();
      mutate(payload);
      return usageError(() => readGitHubContext(prEnv(payload)));
    };
    expect(without((p) => delete p.pull_request.number)).toBe("GitHub Actions context: the event payload's pull_request.number is missing");
    expect(without((p) => (p.pull_request.number = '42'))).toBe("GitHub Actions context: the event payload's pull_request.number is not a pull request number");
    expect(without((p) => delete p.pull_request.head.sha)).toBe("GitHub Actions context: the event payload's pull_request.head.sha is missing");
    expect(without((p) => (p.pull_request.base.sha = 'main'))).toBe("GitHub Actions context: the event payload's pull_request.base.sha is not a commit id");
    expect(without((p) => (p.pull_request.base.ref = ''))).toBe("GitHub Actions context: the event payload's pull_request.base.ref is not a branch name");
    expect(without((p) => (p.pull_request.head.repo = { id: 1 }))).toBe(
      "GitHub Actions context: the event payload's pull_request.head.repo is not a repository",
    );
  });

  it('refuses a run that is not in GitHub Actions, or on an event it does not post on', () => {
    expect(usageError(() => readGitHubContext({}))).toBe('GitHub Actions context: GITHUB_EVENT_NAME is not set (is this a GitHub Actions run?)');
    expect(usageError(() => readGitHubContext(env('schedule', {})))).toBe(
      'GitHub Actions context: cn-guard posts on pull_request, pull_request_target, push, workflow_dispatch events, not on schedule',
    );
    expect(usageError(() => readGitHubContext(env('push', {}, { GITHUB_REPOSITORY: undefined })))).toBe(
      'GitHub Actions context: GITHUB_REPOSITORY is not set (is this a GitHub Actions run?)',
    );
    expect(usageError(() => readGitHubContext(env('push', {}, { GITHUB_REPOSITORY: 'acme' })))).toBe(
      'GitHub Actions context: GITHUB_REPOSITORY is not owner/name: "acme"',
    );
  });
});

describe('tokenFromEnv', () => {
  it('reads GITHUB_TOKEN or the variable named, and never says the token', () => {
    expect(tokenFromEnv({ GITHUB_TOKEN: ' ghs_abc \n' })).toBe('ghs_abc');
    expect(tokenFromEnv({ GITHUB_TOKEN: 'ghs_abc', CN_GUARD_TOKEN: 'ghp_xyz' }, 'CN_GUARD_TOKEN')).toBe('ghp_xyz');
    expect(usageError(() => tokenFromEnv({}))).toBe(
      'posting to GitHub needs a token: GITHUB_TOKEN is not set or empty (or name another variable with --token-env)',
    );
    expect(usageError(() => tokenFromEnv({ GITHUB_TOKEN: 'ghs_abc', MINE: '  ' }, 'MINE'))).toBe('posting to GitHub needs a token: MINE is not set or empty');
  });
});
