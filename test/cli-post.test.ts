// `cn-guard check --post github` from the command line, end to end: the real CLI in a real git
// repository with a pull request's base and head, in a GitHub Actions environment, posting to a
// fake GitHub that checks every request against GitHub's REST description. The CLI runs as a
// child process without blocking: the fake answers from this process's event loop.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, type TestContext } from 'vitest';
import { type FakeGitHub, fakeGitHubForTest } from './support/github-api.js';
import { commit, rev } from './support/history.js';
import { git, makeRepo } from './support/repo.js';

const BIN = resolve(import.meta.dirname, '../bin/cn-guard.js');
const TOKEN = 'ghs_cnGuardCliToken5e2b7a9c0d4f8136';
const PR = 21;
const MARKER = '<!-- cn-guard:orchestrator.toml -->';

const scratch = mkdtempSync(join(tmpdir(), 'cn-guard-post-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const CONFIG = '[domains.web]\nscope = "src/web/**"\nforbidden_imports = ["src/db/**"]\n\n[domains.db]\nscope = "src/db/**"\n';

/** main is clean; feature makes web import db: one introduced violation. */
function pullRequest(): { root: string; env: Record<string, string> } {
  const root = makeRepo({ 'orchestrator.toml': CONFIG, 'src/web/page.ts': 'export const page = 1;\n', 'src/db/client.ts': 'export const client = 1;\n' });
  const base = rev(root, 'HEAD');
  git(root, 'checkout', '-q', '-b', 'feature');
  const head = commit(root, { 'src/web/page.ts': "import { client } from '../db/client';\nexport const page = client;\n" }, 'use the db');
  const eventPath = join(mkdtempSync(join(scratch, 'event-')), 'event.json');
  writeFileSync(
    eventPath,
    JSON.stringify({
      number: PR,
      pull_request: {
        number: PR,
        base: { sha: base, ref: 'main', repo: { full_name: 'octo/app' } },
        head: { sha: head, ref: 'feature', repo: { full_name: 'octo/app' } },
      },
    }),
  );
  return {
    root,
    env: {
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'octo/app',
      GITHUB_SHA: 'f'.repeat(40),
      GITHUB_TOKEN: TOKEN,
    },
  };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cn(cwd: string, args: string[], env: Record<string, string | undefined>): Promise<Run> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    // Only what a runner sets: no GITHUB_* of the machine running the tests leaks in.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((done) => child.on('close', (status) => done({ code: status ?? -1, stdout, stderr })));
}

const fakeGitHub = (context: TestContext, options: { readOnly?: boolean } = {}): Promise<FakeGitHub> =>
  fakeGitHubForTest(context, { token: TOKEN, ...options });

const POST = ['check', '--base', 'main', '--post', 'github'];

describe('check --post github', () => {
  it('prints the findings, posts one sticky comment and a check run, and exits with the findings’ code', async (context) => {
    const api = await fakeGitHub(context);
    const { root, env } = pullRequest();
    const first = await cn(root, [...POST, '--check-run'], { ...env, GITHUB_API_URL: api.apiUrl });
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('src/web/page.ts:1:1  error  forbidden-import');
    const [comment, ...others] = api.comments(PR);
    expect(others).toEqual([]);
    expect(comment!.body.split('\n')[0]).toBe(MARKER);
    expect(comment!.body).toContain('forbidden-import');
    expect(api.checkRuns).toHaveLength(1);
    expect(api.checkRuns[0]!.annotations).toHaveLength(1);

    // The same findings again: the comment is found and left alone, no second one.
    const second = await cn(root, POST, { ...env, GITHUB_API_URL: api.apiUrl });
    expect(second.code).toBe(1);
    expect(api.comments(PR)).toEqual([comment]);
    for (const output of [first.stdout, first.stderr, second.stdout, second.stderr]) expect(output).not.toContain(TOKEN);
  });

  it('reads the token from the variable --token-env names', async (context) => {
    const api = await fakeGitHub(context);
    const { root, env } = pullRequest();
    const result = await cn(root, [...POST, '--token-env', 'BOT_TOKEN'], { ...env, GITHUB_TOKEN: undefined, BOT_TOKEN: TOKEN, GITHUB_API_URL: api.apiUrl });
    expect(result.code).toBe(1);
    expect(api.comments(PR)).toHaveLength(1);
  });

  it('a refused write is a warning: the findings are printed and the exit code stays theirs', async (context) => {
    const api = await fakeGitHub(context, { readOnly: true });
    const { root, env } = pullRequest();
    const result = await cn(root, [...POST, '--check-run'], { ...env, GITHUB_API_URL: api.apiUrl });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('src/web/page.ts:1:1  error  forbidden-import');
    expect(result.stderr).toMatch(/warning.*403/i);
    expect(result.stderr).not.toContain(TOKEN);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(api.comments(PR)).toEqual([]);
  });

  it('without a token, or outside GitHub Actions, is a usage error (exit 2) before anything is checked', async () => {
    const { root, env } = pullRequest();
    const noToken = await cn(root, POST, { ...env, GITHUB_TOKEN: undefined });
    expect(noToken).toMatchObject({ code: 2, stdout: '' });
    expect(noToken.stderr).toContain('posting to GitHub needs a token: GITHUB_TOKEN is not set or empty');
    const outside = await cn(root, POST, { GITHUB_TOKEN: TOKEN });
    expect(outside).toMatchObject({ code: 2, stdout: '' });
    expect(outside.stderr).toContain('GITHUB_EVENT_NAME');
    expect(outside.stderr).not.toContain(TOKEN);
  });
});
