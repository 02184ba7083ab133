// A fake GitHub for the posting tests: a real HTTP server on 127.0.0.1 that keeps state (issue
// comments, check runs and their annotations), records every request, and checks each one against
// GitHub's published REST description (the extract test/fixtures/github/api.json, written by
// scripts/extract-github-api.js): the route must be an operation of the description, its required
// parameters present, its JSON body valid against the operation's schema. A request that is not
// answers 500 with the reason, and is kept in `violations`, which a test asserts empty. The fake's
// own successful answers are held to the description's response schemas the same way, so that
// it cannot drift from what GitHub sends.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import type { TestContext } from 'vitest';

interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required: boolean;
  schema: { type?: string };
}

export interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  requestBody?: { required: boolean; schema: object };
  responses: Record<string, object>;
  /** GitHub Enterprise Server releases with the same method and path. */
  ghes: string[];
}

export interface ApiExtract {
  source: { package: string; version: string; description: string; openapi: string };
  operations: Record<string, Operation>;
  components: { schemas: Record<string, object> };
}

export const API_EXTRACT = fileURLToPath(new URL('../fixtures/github/api.json', import.meta.url));
export const api: ApiExtract = JSON.parse(readFileSync(API_EXTRACT, 'utf8'));

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/);
ajv.addFormat('uri', { validate: (value: string) => URL.canParse(value) });
ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
ajv.addFormat('int64', { type: 'number', validate: (value: number) => Number.isSafeInteger(value) });
// One document: the operations' `#/components/schemas/…` references resolve inside it.
ajv.addSchema(api, 'api');
const validators = new Map<string, ValidateFunction>();
function validatorAt(...pointer: string[]): ValidateFunction {
  const ref = `api#/${pointer.map((key) => key.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
  let validate = validators.get(ref);
  if (!validate) validators.set(ref, (validate = ajv.compile({ $ref: ref })));
  return validate;
}
const schemaErrors = (validate: ValidateFunction) => ajv.errorsText(validate.errors, { separator: '; ' });

const routes = Object.entries(api.operations).map(([id, operation]) => ({
  id,
  operation,
  pattern: new RegExp(`^${operation.path.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`),
}));

export interface Author {
  login: string;
  type: 'User' | 'Bot';
}

/** What GITHUB_TOKEN writes as. */
export const ACTIONS_BOT: Author = { login: 'github-actions[bot]', type: 'Bot' };
const SOMEONE: Author = { login: 'octocat', type: 'User' };

export interface Comment {
  id: number;
  issue: number;
  body: string;
  author: Author;
  createdAt: string;
  updatedAt: string;
}

export interface CheckRunState {
  id: number;
  name: string;
  head_sha: string;
  status?: string;
  conclusion?: string;
  output: { title?: string; summary?: string; text?: string };
  annotations: object[];
}

export interface RecordedRequest {
  method: string;
  /** Below the API root, without the query. */
  path: string;
  query: Record<string, string>;
  operationId?: string;
  body?: unknown;
  authorization?: string;
  status?: number;
  /** performance.now() when it arrived. */
  at: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A scripted answer, or one made from the request (to echo something back). */
export type Script = Answer | ((request: RecordedRequest) => Answer);

const DOCS = 'https://docs.github.com/rest';

/** A GitHub App's token where GitHub does not let it: a fork's read-only GITHUB_TOKEN writing, any app asking `GET /user`. */
export const refusal = (): Answer => ({ status: 403, body: { message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403' } });
export const serverError = (status = 502): Answer => ({
  status,
  headers: { 'content-type': 'text/html' },
  body: `<html><body><h1>${status} Server Error</h1></body></html>`,
});
/** GitHub's secondary rate limit (too much content too fast), with the wait it asks for. */
export const secondaryRateLimit = (retryAfter: number, status: 403 | 429 = 403): Answer => ({
  status,
  headers: { 'retry-after': String(retryAfter) },
  body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: DOCS },
});
/** The token's hourly budget used up, resetting `resetIn` seconds from now. */
export const rateLimit = (resetIn: number): Answer => ({
  status: 403,
  headers: { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + resetIn) },
  body: { message: 'API rate limit exceeded for installation ID 1.', documentation_url: DOCS },
});

export interface FakeGitHubOptions {
  /** The token to expect; any other answers 401 like GitHub. */
  token: string;
  /** Where the API lives on the server: `/api/v3` plays GitHub Enterprise Server. */
  basePath?: string;
  /** Who the token is: a GitHub App (GITHUB_TOKEN; the default) or a user. */
  viewer?: 'app' | Author;
  /** A fork's pull request under `pull_request`: the token reads, and every write is refused. */
  readOnly?: boolean;
}

export interface FakeGitHub {
  /** What to give as GITHUB_API_URL. */
  apiUrl: string;
  requests: RecordedRequest[];
  violations: string[];
  /** Comments on an issue or pull request, oldest first. */
  comments(issue: number): Comment[];
  /** Adds comments to an issue as if people (or bots) had written them; returns them. */
  seed(issue: number, ...comments: (string | { body: string; author?: Author })[]): Comment[];
  checkRuns: CheckRunState[];
  /** Answers the next requests of an operation with these, in order, before the fake's own answers resume. */
  script(operationId: string, ...answers: Script[]): void;
  /** The operations requested so far, in order. */
  operations(): (string | undefined)[];
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const basePath = options.basePath ?? '';
  const viewer = options.viewer ?? 'app';
  const author = viewer === 'app' ? ACTIONS_BOT : viewer;
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const comments: Comment[] = [];
  const checkRuns: CheckRunState[] = [];
  const scripts = new Map<string, Script[]>();
  let nextId = 1000;
  let origin = '';
  const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

  const userJson = ({ login, type }: Author) => {
    const url = `${origin}${basePath}/users/${encodeURIComponent(login)}`;
    return {
      login,
      id: [...login].reduce((sum, c) => sum + c.charCodeAt(0), 0),
      node_id: `U_${login}`,
      avatar_url: `https://avatars.example/${encodeURIComponent(login)}`,
      gravatar_id: '',
      url,
      html_url: `https://github.example/${encodeURIComponent(login)}`,
      followers_url: `${url}/followers`,
      following_url: `${url}/following{/other_user}`,
      gists_url: `${url}/gists{/gist_id}`,
      starred_url: `${url}/starred{/owner}{/repo}`,
      subscriptions_url: `${url}/subscriptions`,
      organizations_url: `${url}/orgs`,
      repos_url: `${url}/repos`,
      events_url: `${url}/events{/privacy}`,
      received_events_url: `${url}/received_events`,
      type,
      site_admin: false,
    };
  };
  const commentJson = (repo: string, c: Comment) => ({
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${origin}${basePath}/repos/${repo}/issues/comments/${c.id}`,
    html_url: `https://github.example/${repo}/pull/${c.issue}#issuecomment-${c.id}`,
    issue_url: `${origin}${basePath}/repos/${repo}/issues/${c.issue}`,
    body: c.body,
    user: userJson(c.author),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: c.author.type === 'Bot' ? 'NONE' : 'CONTRIBUTOR',
  });
  const checkRunJson = (repo: string, run: CheckRunState) => ({
    id: run.id,
    node_id: `CR_${run.id}`,
    head_sha: run.head_sha,
    name: run.name,
    external_id: null,
    url: `${origin}${basePath}/repos/${repo}/check-runs/${run.id}`,
    html_url: `https://github.example/${repo}/runs/${run.id}`,
    details_url: null,
    status: run.status ?? 'queued',
    conclusion: run.conclusion ?? null,
    started_at: now(),
    completed_at: run.conclusion ? now() : null,
    output: {
      title: run.output.title ?? null,
      summary: run.output.summary ?? null,
      text: run.output.text ?? null,
      annotations_count: run.annotations.length,
      annotations_url: `${origin}${basePath}/repos/${repo}/check-runs/${run.id}/annotations`,
    },
    check_suite: { id: 1 },
    app: null,
    pull_requests: [],
  });
  const addComment = (issue: number, body: string, by: Author): Comment => {
    const at = now();
    const comment = { id: nextId++, issue, body, author: by, createdAt: at, updatedAt: at };
    comments.push(comment);
    return comment;
  };

  /** The request against the operation's description: what is wrong with it, if anything. */
  function check(id: string, operation: Operation, params: Record<string, string>, query: URLSearchParams, text: string, contentType: string): string[] {
    const problems: string[] = [];
    for (const p of operation.parameters) {
      const value = p.in === 'path' ? params[p.name] : p.in === 'query' ? (query.get(p.name) ?? undefined) : undefined;
      if (value === undefined) {
        if (p.required) problems.push(`required ${p.in} parameter ${p.name} is missing`);
      } else if (p.schema.type === 'integer' && !/^\d+$/.test(value)) problems.push(`${p.in} parameter ${p.name} is not an integer: ${value}`);
    }
    const known = new Set(operation.parameters.filter((p) => p.in === 'query').map((p) => p.name));
    for (const name of query.keys()) if (!known.has(name)) problems.push(`unknown query parameter ${name}`);
    if (!operation.requestBody) {
      if (text !== '') problems.push('a body where the operation takes none');
      return problems;
    }
    if (text === '') {
      if (operation.requestBody.required) problems.push('the required JSON body is missing');
      return problems;
    }
    if (!contentType.startsWith('application/json')) problems.push(`the body is sent as ${contentType || 'no content type'}, not application/json`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return [...problems, 'the body is not JSON'];
    }
    const validate = validatorAt('operations', id, 'requestBody', 'schema');
    if (!validate(body)) problems.push(`the body does not match the description: ${schemaErrors(validate)}`);
    return problems;
  }

  /** The fake's own answer, from its state. */
  function answer(id: string, repo: string, params: Record<string, string>, query: URLSearchParams, body: any, url: URL): Answer {
    switch (id) {
      case 'users/get-authenticated':
        if (viewer === 'app') return refusal();
        return {
          status: 200,
          body: {
            ...userJson(viewer),
            name: null,
            company: null,
            blog: '',
            location: null,
            email: null,
            hireable: null,
            bio: null,
            public_repos: 0,
            public_gists: 0,
            followers: 0,
            following: 0,
            created_at: now(),
            updated_at: now(),
          },
        };
      case 'issues/list-comments': {
        const issue = Number(params.issue_number);
        const all = comments.filter((c) => c.issue === issue);
        const perPage = Math.min(100, Number(query.get('per_page') ?? 30));
        const page = Number(query.get('page') ?? 1);
        const last = Math.max(1, Math.ceil(all.length / perPage));
        const link = (n: number, rel: string) => {
          const target = new URL(url);
          target.searchParams.set('page', String(n));
          return `<${target}>; rel="${rel}"`;
        };
        const links = [
          ...(page > 1 ? [link(page - 1, 'prev')] : []),
          ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
          ...(page > 1 ? [link(1, 'first')] : []),
        ];
        return {
          status: 200,
          headers: links.length ? { link: links.join(', ') } : {},
          body: all.slice((page - 1) * perPage, page * perPage).map((c) => commentJson(repo, c)),
        };
      }
      case 'issues/create-comment':
        return { status: 201, body: commentJson(repo, addComment(Number(params.issue_number), body.body, author)) };
      case 'issues/update-comment': {
        const comment = comments.find((c) => c.id === Number(params.comment_id));
        if (!comment) return { status: 404, body: { message: 'Not Found', documentation_url: DOCS } };
        comment.body = body.body;
        comment.updatedAt = now();
        return { status: 200, body: commentJson(repo, comment) };
      }
      case 'checks/create': {
        const { annotations = [], ...output } = body.output ?? {};
        const run: CheckRunState = {
          id: nextId++,
          name: body.name,
          head_sha: body.head_sha,
          status: body.status,
          conclusion: body.conclusion,
          output,
          annotations: [...annotations],
        };
        checkRuns.push(run);
        return { status: 201, body: checkRunJson(repo, run) };
      }
      case 'checks/update': {
        const run = checkRuns.find((r) => r.id === Number(params.check_run_id));
        if (!run) return { status: 404, body: { message: 'Not Found', documentation_url: DOCS } };
        const { annotations = [], ...output } = body.output ?? {};
        // Each update appends its annotations (REST docs: checks, update a check run).
        run.annotations.push(...annotations);
        Object.assign(run.output, output);
        if (body.status) run.status = body.status;
        if (body.conclusion) run.conclusion = body.conclusion;
        return { status: 200, body: checkRunJson(repo, run) };
      }
      default:
        throw new Error(`the fake GitHub has no answer for ${id}`);
    }
  }

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', origin);
    const text = await readBody(request);
    const method = request.method ?? 'GET';
    const inside = url.pathname.startsWith(`${basePath}/`);
    const record: RecordedRequest = {
      method,
      path: inside ? url.pathname.slice(basePath.length) : url.pathname,
      query: Object.fromEntries(url.searchParams),
      at: performance.now(),
      ...(request.headers.authorization !== undefined && { authorization: request.headers.authorization }),
    };
    try {
      record.body = text === '' ? undefined : JSON.parse(text);
    } catch {
      record.body = text;
    }
    requests.push(record);
    const send = ({ status, headers = {}, body }: Answer) => {
      record.status = status;
      const json = typeof body !== 'string';
      response.writeHead(status, { 'content-type': json ? 'application/json; charset=utf-8' : 'text/plain', ...headers });
      response.end(body === undefined ? '' : json ? JSON.stringify(body) : body);
    };
    const violation = (reason: string) => {
      violations.push(`${method} ${url.pathname}${url.search}: ${reason}`);
      send({ status: 500, body: { message: `fake GitHub: ${reason}` } });
    };

    const route = inside ? routes.find((r) => r.operation.method === method && r.pattern.test(record.path)) : undefined;
    if (!route)
      return violation(inside ? 'no operation of GitHub’s REST description that cn-guard calls has this method and path' : `outside the API root ${basePath}/`);
    record.operationId = route.id;
    const params = Object.fromEntries(Object.entries(route.pattern.exec(record.path)?.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
    const problems = check(route.id, route.operation, params, url.searchParams, text, request.headers['content-type'] ?? '');
    if (problems.length) return violation(problems.join('; '));

    if (request.headers.authorization !== `token ${options.token}`) return send({ status: 401, body: { message: 'Bad credentials', documentation_url: DOCS } });
    const scripted = scripts.get(route.id)?.shift();
    if (scripted) return send(typeof scripted === 'function' ? scripted(record) : scripted);
    if (options.readOnly && method !== 'GET') return send(refusal());

    const result = answer(route.id, `${params.owner}/${params.repo}`, params, url.searchParams, record.body, url);
    const validate = route.operation.responses[String(result.status)] && validatorAt('operations', route.id, 'responses', String(result.status));
    if (validate && !validate(result.body)) violations.push(`the fake's answer to ${route.id} does not match the description: ${schemaErrors(validate)}`);
    send(result);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${origin}${basePath}`,
    requests,
    violations,
    checkRuns,
    comments: (issue) => comments.filter((c) => c.issue === issue).map((c) => ({ ...c })),
    seed: (issue, ...seeded) => seeded.map((c) => (typeof c === 'string' ? addComment(issue, c, SOMEONE) : addComment(issue, c.body, c.author ?? SOMEONE))),
    script: (id, ...answers) => {
      if (!(id in api.operations)) throw new Error(`no operation ${id} in the extract`);
      scripts.set(id, [...(scripts.get(id) ?? []), ...answers]);
    },
    operations: () => requests.map((r) => r.operationId),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A fake GitHub for one test: closed when the test finishes, and the test fails if any request it
 * received broke GitHub's published REST description.
 */
export async function fakeGitHubForTest(context: TestContext, options: FakeGitHubOptions): Promise<FakeGitHub> {
  const api = await startFakeGitHub(options);
  context.onTestFinished(async () => {
    await api.close();
    context.expect(api.violations).toEqual([]);
  });
  return api;
}
