// Posting to GitHub, end to end: postToGitHub against a fake GitHub (test/support/github-api.ts)
// that checks every request against GitHub's REST description, with a distinctive fake token.
import { describe, expect, it, type TestContext, vi } from 'vitest';
import { type CheckAnnotation, type GitHubOutcome, type GitHubPostOptions, type PostInput, postToGitHub, type Wait } from '../src/main/index.js';
import type { CheckReport } from '../src/report/index.js';
import {
  ACTIONS_BOT,
  type FakeGitHub,
  type FakeGitHubOptions,
  fakeGitHubForTest,
  type RecordedRequest,
  rateLimit,
  refusal,
  secondaryRateLimit,
  serverError,
} from './support/github-api.js';

const TOKEN = 'ghs_cnGuardFakeToken7f3a9c2e5b8d1046';
const PR = 7;
const HEAD = 'a'.repeat(40);
const MARKER = '<!-- cn-guard:orchestrator.toml -->';
/** Milliseconds per second of every wait: the waits happen, a thousand times shorter. */
const BASE = 1;

function report(errors = 1, warnings = 0): CheckReport {
  return {
    tool: { name: 'cn-guard', version: '0.0.0', repository: 'https://github.com/cn-guard/cn-guard' },
    configFile: 'orchestrator.toml',
    mode: 'pull-request',
    project: { dir: '', config: 'orchestrator.toml', baseline: '.cn-guard-baseline.json' },
    domains: [],
    findings: [],
    summary: { errors, warnings, suppressed: 0, known: 0, preexisting: 0, files: 3, edges: 5, durationMs: 1 },
    failed: errors > 0,
    notes: [],
  };
}

const body = (text: string) => `${MARKER}\n### cn-guard\n\n${text}\n`;

interface Scenario {
  server: FakeGitHub;
  /** postToGitHub against the fake, with the fake token and a pull request; the arguments override. */
  post(input?: Partial<PostInput>, options?: Partial<GitHubPostOptions>): Promise<GitHubOutcome>;
  /** The rate-limit waits postToGitHub announced. */
  waits: Wait[];
}

/**
 * A fake GitHub for one test. The tests run concurrently: the throttling plugin spaces writes a
 * second apart (three for comments), in real time, and each test's client has its own limiters.
 * When the test ends, every request it made must have been one GitHub describes, with a valid body.
 */
async function scenario(context: TestContext, options: Partial<FakeGitHubOptions> = {}): Promise<Scenario> {
  const server = await fakeGitHubForTest(context, { token: TOKEN, ...options });
  const waits: Wait[] = [];
  const post = (input: Partial<PostInput> = {}, overrides: Partial<GitHubPostOptions> = {}) =>
    postToGitHub(
      { report: report(), commentBody: body('1 error introduced'), ...input },
      {
        token: TOKEN,
        apiUrl: server.apiUrl,
        owner: 'acme',
        repo: 'app',
        pullNumber: PR,
        headSha: HEAD,
        retryAfterBaseValue: BASE,
        onWait: (wait) => waits.push(wait),
        ...overrides,
      },
    );
  return { server, post, waits };
}

// Concurrently: the waits of one scenario are not the next one's (see `scenario`).
describe.concurrent('posting to GitHub', () => {
  describe('the sticky comment', () => {
    it('is created on the first run, found and left alone on the next, edited in place when it changes', async (context) => {
      const { server, post } = await scenario(context);
      expect(await post()).toEqual({ comment: 'created', commentUrl: expect.stringMatching(/#issuecomment-\d+$/), checkRun: 'skipped', warnings: [] });
      expect(server.operations()).toEqual(['issues/list-comments', 'issues/create-comment']);
      expect(server.requests[0]?.query).toEqual({ per_page: '100' });
      const [created] = server.comments(PR);
      expect(created).toMatchObject({ body: body('1 error introduced'), author: ACTIONS_BOT });

      server.requests.length = 0;
      expect(await post()).toMatchObject({ comment: 'unchanged', commentUrl: expect.stringContaining(`issuecomment-${created?.id}`), warnings: [] });
      // GITHUB_TOKEN cannot say who it is (403); its comments are a bot's.
      expect(server.operations()).toEqual(['issues/list-comments', 'users/get-authenticated']);

      server.requests.length = 0;
      expect(await post({ commentBody: body('all clear') })).toMatchObject({ comment: 'updated', warnings: [] });
      expect(server.operations()).toEqual(['issues/list-comments', 'users/get-authenticated', 'issues/update-comment']);
      expect(server.comments(PR)).toEqual([expect.objectContaining({ id: created?.id, body: body('all clear') })]);
    });

    it('is found on the last page behind 150 other comments', async (context) => {
      const { server, post } = await scenario(context);
      server.seed(PR, ...Array.from({ length: 150 }, (_, i) => `comment ${i}`));
      const [ours] = server.seed(PR, { body: body('old'), author: ACTIONS_BOT });
      expect(await post()).toMatchObject({ comment: 'updated', warnings: [] });
      const pages = server.requests.filter((r) => r.operationId === 'issues/list-comments').map((r) => r.query);
      expect(pages).toEqual([{ per_page: '100' }, { per_page: '100', page: '2' }]);
      expect(server.comments(PR)).toHaveLength(151);
      expect(server.comments(PR).at(-1)).toMatchObject({ id: ours?.id, body: body('1 error introduced') });
    });

    it('never touches a comment without the marker on its first line, nor one someone else wrote', async (context) => {
      const { server, post } = await scenario(context);
      const others = server.seed(PR, '### cn-guard\n\n1 error introduced (orchestrator.toml)', `as the bot said:\n${MARKER}\n### cn-guard`, {
        body: body('spoofed by a person'),
        author: { login: 'mallory', type: 'User' },
      });
      expect(await post()).toMatchObject({ comment: 'created', warnings: [] });
      const after = server.comments(PR);
      expect(after.slice(0, 3)).toEqual(others);
      expect(after).toHaveLength(4);
      expect(server.requests.filter((r) => r.method === 'PATCH')).toEqual([]);
    });

    it("with a user's token, takes that user's marked comment and leaves another's", async (context) => {
      const me = { login: 'ci-user', type: 'User' } as const;
      const { server, post } = await scenario(context, { viewer: me });
      const [theirs, mine] = server.seed(PR, { body: body('theirs'), author: { login: 'mallory', type: 'User' } }, { body: body('mine'), author: me });
      expect(await post()).toMatchObject({ comment: 'updated' });
      expect(server.comments(PR)).toEqual([theirs, expect.objectContaining({ id: mine?.id, body: body('1 error introduced') })]);
    });

    it('gets the marker on its first line when the body lacks it', async (context) => {
      const { server, post } = await scenario(context);
      await post({ commentBody: '### cn-guard\n\nall clear\n' });
      expect(server.comments(PR)[0]?.body).toBe(`${MARKER}\n### cn-guard\n\nall clear\n`);
      expect(await post({ commentBody: '### cn-guard\n\nall clear\n' })).toMatchObject({ comment: 'unchanged' });
    });

    it('is cut to what GitHub accepts', async (context) => {
      const { server, post } = await scenario(context);
      expect(await post({ commentBody: body('x'.repeat(70_000)) })).toMatchObject({ comment: 'created', warnings: [] });
      const [posted] = server.comments(PR);
      expect(posted?.body.length).toBe(65_536);
      expect(posted?.body).toMatch(/^<!-- cn-guard:orchestrator.toml -->\n[\s\S]*GitHub accepts at most 65,536 characters here\)$/);
      // Cut the same way every time, so a long report does not edit the comment on every run.
      expect(await post({ commentBody: body('x'.repeat(70_000)) })).toMatchObject({ comment: 'unchanged' });
    });

    it('is skipped without a pull request, and said so when it was asked for', async (context) => {
      const { server, post } = await scenario(context);
      expect(await post({}, { pullNumber: undefined })).toEqual({ comment: 'skipped', checkRun: 'skipped', warnings: [] });
      expect(await post({}, { pullNumber: undefined, comment: true })).toEqual({
        comment: 'skipped',
        checkRun: 'skipped',
        warnings: ['no pull request to comment on: the comment is posted on pull_request events'],
      });
      expect(await post({}, { comment: false })).toMatchObject({ comment: 'skipped' });
      expect(server.requests).toEqual([]);
    });
  });

  describe('the check run', () => {
    it('carries 120 annotations: created with 50, then two updates of 50 and 20', async (context) => {
      const { server, post } = await scenario(context);
      const annotations: CheckAnnotation[] = Array.from({ length: 120 }, (_, i) => ({
        path: `src/routes/file${i}.ts`,
        start_line: i + 1,
        end_line: i + 1,
        start_column: 1,
        end_column: 20,
        annotation_level: i % 3 === 0 ? 'warning' : 'failure',
        message: `routes may not import src/database/client${i}.ts`,
        title: 'forbidden-import',
      }));
      const outcome = await post({ annotations }, { checkRun: true, comment: false });
      expect(outcome).toEqual({ comment: 'skipped', checkRun: 'created', checkRunUrl: expect.stringMatching(/\/runs\/\d+$/), warnings: [] });
      expect(server.operations()).toEqual(['checks/create', 'checks/update', 'checks/update']);
      expect(server.requests.map((r) => (r.body as any).output.annotations.length)).toEqual([50, 50, 20]);
      const [run] = server.checkRuns;
      expect(run).toMatchObject({ name: 'cn-guard', head_sha: HEAD, status: 'completed', conclusion: 'failure', output: { title: '1 error, 0 warnings' } });
      expect(run?.output.summary).toBe(body('1 error introduced'));
      expect(run?.annotations).toEqual(annotations);
    });

    it('succeeds when the check passes, and drops columns from annotations that span lines', async (context) => {
      const { server, post } = await scenario(context);
      const spanning: CheckAnnotation = { path: 'a.ts', start_line: 1, end_line: 3, start_column: 2, end_column: 4, annotation_level: 'notice', message: 'm' };
      await post({ report: report(0, 0), annotations: [spanning] }, { checkRun: true, comment: false });
      expect(server.checkRuns[0]).toMatchObject({ conclusion: 'success', output: { title: 'No new findings' } });
      expect(server.checkRuns[0]?.annotations).toEqual([{ path: 'a.ts', start_line: 1, end_line: 3, annotation_level: 'notice', message: 'm' }]);
    });

    it('keeps the run when appending annotations fails, and says how many it has', async (context) => {
      const { server, post } = await scenario(context);
      server.script('checks/update', refusal());
      const annotations = Array.from(
        { length: 60 },
        (_, i): CheckAnnotation => ({ path: 'a.ts', start_line: i + 1, end_line: i + 1, annotation_level: 'failure', message: 'm' }),
      );
      const outcome = await post({ annotations }, { checkRun: true, comment: false });
      expect(outcome).toEqual({
        comment: 'skipped',
        checkRun: 'created',
        checkRunUrl: expect.any(String),
        warnings: [
          expect.stringMatching(/^the check run has 50 of 60 annotations, the rest failed: GitHub answered 403 \(Resource not accessible by integration\)/),
        ],
      });
      expect(server.checkRuns[0]?.annotations).toHaveLength(50);
    });

    it('is posted alongside the comment', async (context) => {
      const { server, post } = await scenario(context);
      expect(await post({}, { checkRun: true })).toMatchObject({ comment: 'created', checkRun: 'created', warnings: [] });
      expect(server.operations()).toEqual(['issues/list-comments', 'issues/create-comment', 'checks/create']);
    });
  });

  describe('when GitHub refuses or fails', () => {
    it("a fork's read-only token costs warnings, not an exception", async (context) => {
      const { server, post } = await scenario(context, { readOnly: true });
      const outcome = await post({}, { checkRun: true });
      expect(outcome).toEqual({ comment: 'failed', checkRun: 'failed', warnings: [expect.any(String), expect.any(String)] });
      expect(outcome.warnings).toEqual([
        `could not post the comment on pull request #${PR}: GitHub answered 403 (Resource not accessible by integration); the token lacks \`pull-requests: write\` (a pull request from a fork gets a read-only GITHUB_TOKEN; otherwise add it to the workflow's \`permissions:\`)`,
        expect.stringMatching(
          /^could not create the check run: GitHub answered 403 \(Resource not accessible by integration\); the token lacks `checks: write`/,
        ),
      ]);
      expect(server.comments(PR)).toEqual([]);
    });

    it('a 404 on one half leaves the other half posted', async (context) => {
      const { server, post } = await scenario(context);
      server.script('checks/create', { status: 404, body: { message: 'Not Found' } });
      const outcome = await post({}, { checkRun: true });
      expect(outcome).toMatchObject({
        comment: 'created',
        checkRun: 'failed',
        warnings: [expect.stringMatching(/^could not create the check run: GitHub answered 404 \(Not Found\)/)],
      });
    });

    it('a 502 twice, then success: retried with backoff', async (context) => {
      const { server, post } = await scenario(context);
      server.script('issues/list-comments', serverError(502), serverError(502));
      server.script('issues/create-comment', serverError(503));
      expect(await post()).toMatchObject({ comment: 'created', warnings: [] });
      expect(server.operations()).toEqual([
        'issues/list-comments',
        'issues/list-comments',
        'issues/list-comments',
        'issues/create-comment',
        'issues/create-comment',
      ]);
      const at = server.requests.map((r) => r.at);
      // Backoff of 1, then 4 "seconds" (the plugin's (n + 1)²).
      expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(1 * BASE - 0.5);
      expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(4 * BASE - 0.5);
    });

    it('a 5xx that does not stop is a warning with the status', async (context) => {
      const { server, post } = await scenario(context);
      server.script('issues/list-comments', ...Array.from({ length: 4 }, () => serverError(502)));
      expect(await post()).toEqual({
        comment: 'failed',
        checkRun: 'skipped',
        warnings: [
          `could not post the comment on pull request #${PR}: GitHub answered 502 (<html><body><h1>502 Server Error</h1></body></html>); GitHub kept failing after retries`,
        ],
      });
      expect(server.operations()).toHaveLength(4);
    });

    it('a secondary rate limit on a comment (403) is waited out as retry-after asks, then the comment is posted', async (context) => {
      const { server, post, waits } = await scenario(context);
      server.script('issues/create-comment', secondaryRateLimit(40));
      expect(await post()).toMatchObject({ comment: 'created', warnings: [] });
      expect(waits).toEqual([{ reason: 'secondary rate limit', seconds: 40, request: `POST /repos/acme/app/issues/${PR}/comments` }]);
      expect(server.operations()).toEqual(['issues/list-comments', 'issues/create-comment', 'issues/create-comment']);
      expect(server.comments(PR)).toHaveLength(1);
    });

    it('a secondary rate limit (429) is waited out for as long as retry-after asks', async (context) => {
      const { server, post, waits } = await scenario(context);
      server.script('issues/list-comments', secondaryRateLimit(70, 429));
      expect(await post()).toMatchObject({ comment: 'created', warnings: [] });
      expect(waits).toEqual([{ reason: 'secondary rate limit', seconds: 70, request: `GET /repos/acme/app/issues/${PR}/comments` }]);
      // Reads are not paced: the gap is the wait.
      const [first, second] = server.requests;
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(70 * BASE - 0.5);
    });

    it('a secondary rate limit that asks for longer than cn-guard waits is a warning', async (context) => {
      const { server, post, waits } = await scenario(context);
      server.script('issues/create-comment', secondaryRateLimit(3600));
      const outcome = await post();
      expect(waits).toEqual([]);
      expect(outcome.warnings).toEqual([
        expect.stringMatching(/GitHub answered 403 \(You have exceeded a secondary rate limit.*\); GitHub limits how fast content is created/),
      ]);
    });

    it('the primary rate limit is waited out up to a bound', async (context) => {
      const { server, post, waits } = await scenario(context);
      server.script('issues/list-comments', rateLimit(30));
      expect(await post()).toMatchObject({ comment: 'created', warnings: [] });
      expect(waits).toEqual([{ reason: 'rate limit', seconds: expect.any(Number), request: `GET /repos/acme/app/issues/${PR}/comments` }]);
      // Until the reset, and a second more.
      expect(waits[0]?.seconds).toBeGreaterThanOrEqual(30);
      expect(waits[0]?.seconds).toBeLessThanOrEqual(32);
      const [first, second] = server.requests;
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(waits[0]!.seconds * BASE - 0.5);

      server.script('issues/list-comments', rateLimit(3600));
      const outcome = await post({ commentBody: body('changed') });
      expect(waits).toHaveLength(1);
      expect(outcome).toMatchObject({
        comment: 'failed',
        warnings: [expect.stringMatching(/GitHub answered 403 \(API rate limit exceeded.*\); the token's API rate limit is used up until \d{4}-/)],
      });
    });

    it('a refused token is a warning', async (context) => {
      const { post } = await scenario(context);
      const outcome = await post({}, { token: 'ghs_wrong' });
      expect(outcome.warnings).toEqual([`could not post the comment on pull request #${PR}: GitHub answered 401 (Bad credentials); the token was refused`]);
    });

    it('an unreachable GitHub is a warning', async (context) => {
      const { server, post } = await scenario(context);
      await server.close();
      const outcome = await post();
      expect(outcome).toMatchObject({
        comment: 'failed',
        warnings: [expect.stringMatching(/^could not post the comment on pull request #7: could not reach GitHub: .*ECONNREFUSED/)],
      });
    });
  });

  describe('the token', () => {
    it('appears in no output, warning or error, even when GitHub echoes it back', async (context) => {
      const written: string[] = [];
      const capture = (stream: NodeJS.WriteStream) =>
        vi.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
          written.push(String(chunk));
          return true;
        });
      const spies = [
        capture(process.stdout),
        capture(process.stderr),
        ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m)),
      ];
      const seen: unknown[] = [];
      try {
        const { server, post, waits } = await scenario(context);
        // A misbehaving proxy that echoes the request's credentials in its errors.
        server.script('issues/list-comments', (request) => ({
          status: 422,
          body: { message: `Validation Failed for ${request.authorization}`, errors: [{ message: request.authorization }] },
        }));
        server.script(
          'checks/create',
          ...Array.from({ length: 4 }, () => (request: RecordedRequest) => ({ status: 500, body: `upstream error; authorization=${request.authorization}` })),
        );
        server.script('users/get-authenticated', rateLimit(3600));
        seen.push(await post({}, { checkRun: true }));
        seen.push(await post({}, { token: `${TOKEN}-wrong` }));
        const fork = await scenario(context, { readOnly: true });
        server.seed(PR, { body: body('old'), author: ACTIONS_BOT });
        seen.push(await fork.post({}, { checkRun: true }), await post(), waits, fork.waits);
        await fork.server.close();
        seen.push(await fork.post());
      } catch (error) {
        seen.push(error, (error as Error).stack);
      } finally {
        for (const spy of spies) {
          seen.push(spy.mock.calls);
          spy.mockRestore();
        }
      }
      const everything = JSON.stringify([seen, written]);
      expect(everything).toContain('Validation Failed for token ***');
      expect(everything).toContain('authorization=token ***');
      expect(everything).not.toContain(TOKEN);
      expect(everything).not.toContain(TOKEN.slice(4, 20));
    });
  });

  describe('GitHub Enterprise Server', () => {
    it('works under https://HOST/api/v3: pages, comment and check run', async (context) => {
      const { server, post } = await scenario(context, { basePath: '/api/v3' });
      expect(server.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v3$/);
      server.seed(PR, ...Array.from({ length: 120 }, (_, i) => `comment ${i}`));
      expect(await post({}, { checkRun: true })).toMatchObject({ comment: 'created', checkRun: 'created', warnings: [] });
      expect(server.requests.map((r) => `${r.method} ${r.path}?${new URLSearchParams(r.query)}`)).toEqual([
        `GET /repos/acme/app/issues/${PR}/comments?per_page=100`,
        `GET /repos/acme/app/issues/${PR}/comments?per_page=100&page=2`,
        `POST /repos/acme/app/issues/${PR}/comments?`,
        'POST /repos/acme/app/check-runs?',
      ]);
      expect(await post({}, { apiUrl: `${server.apiUrl}/` })).toMatchObject({ comment: 'unchanged' });
    });
  });
});
