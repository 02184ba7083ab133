// The GitHub Action as GitHub runs it: `node dist/action.js` from a copy of the repository that has
// no node_modules (GitHub installs nothing for a JavaScript action), with the INPUT_* variables
// named the way GitHub names them and the GITHUB_* environment of a runner, against a real git
// repository with a base and a head commit, posting to a fake GitHub that checks every request
// against GitHub's REST description.
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { type FakeGitHub, fakeGitHubForTest } from './support/github-api.js';
import { commit, rev } from './support/history.js';
import { cli, git, makeRepo } from './support/repo.js';
import { sarifErrors } from './support/sarif.js';

const REPOSITORY = resolve(import.meta.dirname, '..');
const TOKEN = 'ghs_cnGuardActionToken4d1c8e0b9a7f2635';
const PR = 12;

const scratch = mkdtempSync(join(tmpdir(), 'cn-guard-action-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The Action as a workflow checks it out: action.yml and the committed bundle, nothing installed. */
let actionDir: string;
beforeAll(() => {
  actionDir = join(scratch, 'action');
  mkdirSync(join(actionDir, 'dist'), { recursive: true });
  cpSync(join(REPOSITORY, 'action.yml'), join(actionDir, 'action.yml'));
  cpSync(join(REPOSITORY, 'dist/action.js'), join(actionDir, 'dist/action.js'));
});

const CONFIG = '[domains.web]\nscope = "src/web/**"\nforbidden_imports = ["src/db/**"]\n\n[domains.db]\nscope = "src/db/**"\n';

/** main has a clean web and db; feature adds an import of db to web (one introduced violation). */
function pullRequest(): { root: string; base: string; head: string } {
  const root = makeRepo({ 'orchestrator.toml': CONFIG, 'src/web/page.ts': 'export const page = 1;\n', 'src/db/client.ts': 'export const client = 1;\n' });
  const base = rev(root, 'HEAD');
  git(root, 'checkout', '-q', '-b', 'feature');
  const head = commit(root, { 'src/web/page.ts': "import { client } from '../db/client';\nexport const page = client;\n" }, 'use the db');
  return { root, base, head };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
}

/** `name<<DELIMITER` blocks of $GITHUB_OUTPUT. */
function readOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([\w-]+)<<(.+)$/.exec(lines[i]!);
    if (!match) continue;
    const end = lines.indexOf(match[2]!, i + 1);
    outputs[match[1]!] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return outputs;
}

interface ActionEnv {
  workspace: string;
  event?: object | string;
  eventName?: string;
  inputs?: Record<string, string>;
  api?: FakeGitHub;
  env?: Record<string, string>;
}

/** Runs dist/action.js the way the runner does; the defaults are those of action.yml. */
async function runAction({ workspace, event, eventName = 'pull_request', inputs = {}, api, env = {} }: ActionEnv): Promise<Run> {
  const dir = mkdtempSync(join(scratch, 'run-'));
  const eventPath = join(dir, 'event.json');
  writeFileSync(eventPath, typeof event === 'string' ? event : JSON.stringify(event ?? {}));
  const summaryPath = join(dir, 'summary.md');
  const outputPath = join(dir, 'output.txt');
  const metadata = parseYaml(readFileSync(join(actionDir, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
  const inputEnv: Record<string, string> = {};
  for (const [name, { default: value = '' }] of Object.entries(metadata.inputs)) {
    // GitHub upper-cases an input's name and keeps its hyphens; ${{ github.token }} is the token.
    inputEnv[`INPUT_${name.toUpperCase()}`] = value === '${{ github.token }}' ? TOKEN : value;
  }
  for (const [name, value] of Object.entries(inputs)) inputEnv[`INPUT_${name.toUpperCase()}`] = value;
  const child = spawn(process.execPath, [join(actionDir, 'dist/action.js')], {
    cwd: workspace,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_EVENT_NAME: eventName,
      GITHUB_REPOSITORY: 'octo/app',
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_API_URL: api?.apiUrl ?? 'http://127.0.0.1:9',
      GITHUB_WORKSPACE: workspace,
      GITHUB_STEP_SUMMARY: summaryPath,
      GITHUB_OUTPUT: outputPath,
      GITHUB_SHA: 'f'.repeat(40),
      ...inputEnv,
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number>((done) => child.on('close', (status) => done(status ?? -1)));
  const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  return { code, stdout, stderr, summary: read(summaryPath), outputs: readOutputs(read(outputPath)) };
}

const prEvent = (base: string, head: string, fork = false) => ({
  action: 'synchronize',
  number: PR,
  pull_request: {
    number: PR,
    base: { sha: base, ref: 'main', repo: { full_name: 'octo/app' } },
    head: { sha: head, ref: 'feature', repo: { full_name: fork ? 'someone/app' : 'octo/app' } },
  },
});

const fakeGitHub = (context: TestContext, options: { readOnly?: boolean } = {}): Promise<FakeGitHub> =>
  fakeGitHubForTest(context, { token: TOKEN, ...options });

const annotations = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::'));

describe('the Action on a pull request', () => {
  it('annotates, summarises, writes SARIF and the outputs, comments once, and fails on the introduced violation', async (context) => {
    const { root, base, head } = pullRequest();
    // Actions checks out the merge commit, detached: the Action must anchor on the head commit.
    git(root, 'checkout', '-q', '--detach', 'main');
    const api = await fakeGitHub(context);
    const run = await runAction({ workspace: root, event: prEvent(base, head), api, inputs: { sarif: 'results/cn-guard.sarif', 'fail-on': 'error' } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(annotations(run.stdout)).toEqual([
      '::error file=src/web/page.ts,line=1,col=1,title=cn-guard forbidden-import::web may not import src/db/client.ts (forbidden by src/db/**).%0Asrc/db/client.ts belongs to domain db; remove the import, or reach it through a domain web may use',
    ]);
    expect(run.outputs).toMatchObject({ errors: '1', warnings: '0', introduced: '1', 'sarif-path': join(root, 'results/cn-guard.sarif') });
    expect(run.summary).toContain('cn-guard: 1 error introduced');
    expect(run.summary).toContain(`https://github.example/octo/app/blob/${head}/src/web/page.ts#L1`);
    const sarif = JSON.parse(readFileSync(join(root, 'results/cn-guard.sarif'), 'utf8'));
    expect(sarifErrors(sarif)).toEqual([]);
    expect(sarif.runs[0].results.map((r: { baselineState: string }) => r.baselineState)).toEqual(['new']);
    // One sticky comment; a second run with the same findings leaves it alone.
    expect(api.comments(PR)).toHaveLength(1);
    expect(api.comments(PR)[0]!.body).toMatch(/^<!-- cn-guard:orchestrator\.toml -->\n/);
    const again = await runAction({ workspace: root, event: prEvent(base, head), api });
    expect(again.code).toBe(1);
    expect(api.comments(PR)).toHaveLength(1);
    expect(api.operations().filter((op) => op === 'issues/update-comment' || op === 'issues/create-comment')).toEqual(['issues/create-comment']);
    // The token reaches GitHub and nothing else.
    for (const text of [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs), again.stdout]) expect(text).not.toContain(TOKEN);
  }, 60_000);

  it('checks the contracts the PR changes with the bundled engines (no node_modules): a break, annotated, naming the consumer', async (context) => {
    const openapi = `openapi: 3.0.3
info: { title: Users, version: "1" }
paths:
  /users:
    get:
      responses:
        "200":
          description: the users
          content:
            application/json:
              schema: { type: object, required: [id, email], properties: { id: { type: string }, email: { type: string } } }
`;
    const config =
      '[domains.users]\nscope = "src/users/**"\nexports = ["UsersApi"]\n\n[domains.users.artifacts.UsersApi]\npath = "src/users/openapi.yaml"\nformat = "openapi"\n\n[domains.web]\nscope = "src/web/**"\nimports = { users = ["UsersApi"] }\n';
    const root = makeRepo({
      'orchestrator.toml': config,
      'src/users/openapi.yaml': openapi,
      'src/users/index.ts': 'export {};\n',
      'src/web/page.ts': 'export {};\n',
    });
    expect(cli(root, ['contracts', '--update']).code).toBe(0);
    const base = commit(root, {}, 'lock the contract');
    git(root, 'checkout', '-q', '-b', 'feature');
    const head = commit(root, { 'src/users/openapi.yaml': openapi.replace('required: [id, email]', 'required: [id]') }, 'email may be missing');
    const api = await fakeGitHub(context);
    const run = await runAction({ workspace: root, event: prEvent(base, head), api });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(annotations(run.stdout)).toEqual([
      expect.stringMatching(
        /^::error file=src\/users\/openapi\.yaml,line=1,col=1,title=cn-guard breaking-contract-change::artifact UsersApi of domain users: GET \/users 200 application\/json \.email became optional \(response-property-became-optional\); it breaks its consumers web/,
      ),
    ]);
  }, 60_000);

  it('turns the comment into an all-clear once the findings are gone, without a new comment', async (context) => {
    const { root, base, head } = pullRequest();
    const api = await fakeGitHub(context);
    await runAction({ workspace: root, event: prEvent(base, head), api });
    const fixed = commit(root, { 'src/web/page.ts': 'export const page = 2;\n' }, 'fix');
    const run = await runAction({ workspace: root, event: prEvent(base, fixed), api });
    expect(run.code).toBe(0);
    expect(api.comments(PR)).toHaveLength(1);
    expect(api.comments(PR)[0]!.body).toMatch(/### ✅ cn-guard: (all clear|nothing introduced)/);
  }, 60_000);

  it('a fork: no comment and no check run (the token is read-only), a warning, and the exit code of the findings', async (context) => {
    const { root, base, head } = pullRequest();
    const api = await fakeGitHub(context, { readOnly: true });
    const run = await runAction({ workspace: root, event: prEvent(base, head, true), api, inputs: { 'check-run': 'true' } });
    expect(run.code).toBe(1);
    expect(api.requests).toEqual([]);
    expect(run.stdout).toContain('::warning title=cn-guard::a pull request from a fork gets a read-only token');
    expect(annotations(run.stdout).filter((line) => line.startsWith('::error'))).toHaveLength(1);
  }, 60_000);

  it('a refused write (403) is a warning; the findings still go out as annotations and the summary', async (context) => {
    const { root, base, head } = pullRequest();
    const api = await fakeGitHub(context, { readOnly: true });
    const run = await runAction({ workspace: root, event: prEvent(base, head), api });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::warning title=cn-guard::.*403/);
    expect(run.summary).toContain('1 error introduced');
  }, 60_000);

  it('without a token the comment is a warning, never a lost finding', async () => {
    const { root, base, head } = pullRequest();
    const run = await runAction({ workspace: root, event: prEvent(base, head), inputs: { token: '' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::warning title=cn-guard::no GitHub token');
    expect(run.outputs.errors).toBe('1');
  }, 60_000);

  it('a shallow checkout says to fetch the history (fetch-depth: 0)', async () => {
    const { root, base, head } = pullRequest();
    const shallow = join(scratch, 'shallow');
    git(scratch, 'clone', '-q', '--depth', '1', '--branch', 'feature', `file://${root}`, 'shallow');
    const run = await runAction({ workspace: shallow, event: prEvent(base, head) });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(
      /^::error title=cn-guard::--base [0-9a-f]{40} names no commit here \(this clone is shallow\); fetch the full history first \(actions\/checkout with `fetch-depth%3A 0`|^::error title=cn-guard::.*fetch-depth: 0/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});

describe('the Action on other events and inputs', () => {
  it('push and workflow_dispatch check the whole repository', async () => {
    const { root, head } = pullRequest();
    for (const eventName of ['push', 'workflow_dispatch']) {
      const run = await runAction({ workspace: root, eventName, event: { after: head }, env: { GITHUB_SHA: head } });
      expect(run.code).toBe(1);
      expect(run.outputs).toMatchObject({ errors: '1', introduced: '1' });
    }
  }, 60_000);

  it('post-beads keeps one Beads task per violation group in the import inbox (no bd on the runner)', async () => {
    const { root, head } = pullRequest();
    const run = await runAction({ workspace: root, eventName: 'push', event: { after: head }, env: { GITHUB_SHA: head }, inputs: { 'post-beads': 'true' } });
    expect(run.code).toBe(1);
    const inbox = readFileSync(join(root, '.orchestrator/beads-inbox.jsonl'), 'utf8').trim().split('\n');
    expect(inbox).toHaveLength(1);
    expect(JSON.parse(inbox[0]!)).toMatchObject({ _type: 'issue', status: 'open', labels: expect.arrayContaining(['cn-guard']) });
    expect(run.stdout).not.toContain('::warning');
  }, 60_000);

  it('fail-on never passes the step whatever is found', async () => {
    const { root, base, head } = pullRequest();
    expect((await runAction({ workspace: root, event: prEvent(base, head), inputs: { comment: 'false', 'fail-on': 'never' } })).code).toBe(0);
  }, 60_000);

  it.each([
    ['a malformed event payload', { event: '{ not json' }, /^::error title=cn-guard::GitHub Actions context: /],
    ['a pull_request event without its pull request', { event: { action: 'opened' } }, /^::error title=cn-guard::GitHub Actions context: /],
    [
      'a configuration outside the workspace',
      { inputs: { config: '../elsewhere/orchestrator.toml' } },
      /^::error title=cn-guard::input config .* lies outside the workspace/,
    ],
    [
      'a working directory outside the workspace',
      { inputs: { 'working-directory': '..' } },
      /^::error title=cn-guard::input working-directory .* lies outside the workspace/,
    ],
    ['an unknown mode', { inputs: { mode: 'everything' } }, /^::error title=cn-guard::input mode must be pr or all/],
    ['an unknown fail-on', { inputs: { 'fail-on': 'sometimes' } }, /^::error title=cn-guard::--fail-on must be error, warning or never/],
  ])(
    '%s: one clear message, exit 2, no stack trace',
    async (_name, options, message) => {
      const { root, base, head } = pullRequest();
      const run = await runAction({ workspace: root, event: prEvent(base, head), ...options } as ActionEnv);
      expect(run.code).toBe(2);
      expect(run.stdout).toMatch(message);
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at /);
    },
    60_000,
  );

  it('an unwritable job summary is a warning; the findings and the exit code stay', async () => {
    const { root, base, head } = pullRequest();
    const readOnly = join(scratch, 'read-only');
    mkdirSync(readOnly, { recursive: true });
    chmodSync(readOnly, 0o500);
    const run = await runAction({
      workspace: root,
      event: prEvent(base, head),
      inputs: { comment: 'false' },
      env: { GITHUB_STEP_SUMMARY: join(readOnly, 'nested/summary.md') },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::warning title=cn-guard::cannot append to GITHUB_STEP_SUMMARY');
    expect(annotations(run.stdout).filter((line) => line.startsWith('::error'))).toHaveLength(1);
  }, 60_000);
});
