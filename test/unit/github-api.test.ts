// GitHub's REST description as the posting tests use it: the committed extract is what
// scripts/extract-github-api.js makes of the installed @octokit/openapi, and the fake GitHub
// refuses whatever the description does not allow.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_EXTRACT, api, type FakeGitHub, startFakeGitHub } from '../support/github-api.js';

const root = join(import.meta.dirname, '../..');

describe('the extract of GitHub’s REST description', () => {
  it('is what the script makes of the installed @octokit/openapi (run `node scripts/extract-github-api.js` after an update)', () => {
    const fresh = execFileSync(process.execPath, ['scripts/extract-github-api.js', '--stdout'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(readFileSync(API_EXTRACT, 'utf8')).toBe(fresh);
  });

  it('holds every operation cn-guard calls, each also on every GitHub Enterprise Server release the package describes', () => {
    const packageDir = dirname(createRequire(import.meta.url).resolve('@octokit/openapi/package.json'));
    const releases = readdirSync(join(packageDir, 'generated'))
      .map((file) => file.match(/^ghes-(\d+\.\d+)\.json$/)?.[1])
      .filter((version) => version !== undefined)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    expect(releases.length).toBeGreaterThan(0);
    expect(Object.keys(api.operations).sort()).toEqual([
      'checks/create',
      'checks/update',
      'issues/create-comment',
      'issues/list-comments',
      'issues/update-comment',
      'users/get-authenticated',
    ]);
    for (const operation of Object.values(api.operations)) expect(operation.ghes).toEqual(releases);
  });
});

describe('the fake GitHub', () => {
  const token = 'ghs_harness';
  let server: FakeGitHub;
  beforeAll(async () => {
    server = await startFakeGitHub({ token, basePath: '/api/v3' });
  });
  afterAll(() => server.close());

  async function send(method: string, path: string, body?: unknown) {
    const response = await fetch(`${server.apiUrl}${path}`, {
      method,
      headers: { authorization: `token ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const violation = server.violations.splice(0).join('\n');
    return { status: response.status, violation };
  }

  it('answers what the description allows, in the shape it describes', async () => {
    // `violation` would also hold a complaint about the fake's own answer.
    expect(await send('POST', '/repos/acme/app/issues/1/comments', { body: 'hello' })).toEqual({ status: 201, violation: '' });
    expect(await send('GET', '/repos/acme/app/issues/1/comments?per_page=100&page=1')).toEqual({ status: 200, violation: '' });
    expect(
      await send('POST', '/repos/acme/app/check-runs', { name: 'cn-guard', head_sha: 'a'.repeat(40), status: 'completed', conclusion: 'success' }),
    ).toEqual({
      status: 201,
      violation: '',
    });
  });

  it('refuses, and records, a route, a parameter or a body the description does not allow', async () => {
    expect(await send('GET', '/repos/acme/app/pulls/1/files')).toEqual({
      status: 500,
      violation: expect.stringMatching(/^GET \/api\/v3\/repos\/acme\/app\/pulls\/1\/files: no operation of GitHub’s REST description that cn-guard calls/),
    });
    expect(await send('DELETE', '/repos/acme/app/issues/comments/1')).toMatchObject({ status: 500, violation: expect.stringContaining('no operation') });
    expect(await send('GET', '/repos/acme/app/issues/one/comments')).toMatchObject({
      violation: expect.stringContaining('path parameter issue_number is not an integer: one'),
    });
    expect(await send('GET', '/repos/acme/app/issues/1/comments?perpage=100')).toMatchObject({
      violation: expect.stringContaining('unknown query parameter perpage'),
    });
    expect(await send('POST', '/repos/acme/app/issues/1/comments')).toMatchObject({ violation: expect.stringContaining('the required JSON body is missing') });
    expect(await send('POST', '/repos/acme/app/issues/1/comments', { text: 'hello' })).toMatchObject({
      violation: expect.stringContaining("the body does not match the description: data must have required property 'body'"),
    });
    const annotation = { path: 'a.ts', start_line: 1, end_line: 1, annotation_level: 'error', message: 'm' };
    expect(
      await send('POST', '/repos/acme/app/check-runs', { name: 'x', head_sha: 'a', output: { title: 't', summary: 's', annotations: [annotation] } }),
    ).toMatchObject({
      violation: expect.stringContaining('data/output/annotations/0/annotation_level must be equal to one of the allowed values'),
    });
    const many = Array.from({ length: 51 }, () => ({ ...annotation, annotation_level: 'notice' }));
    expect(
      await send('POST', '/repos/acme/app/check-runs', { name: 'x', head_sha: 'a', output: { title: 't', summary: 's', annotations: many } }),
    ).toMatchObject({
      violation: expect.stringContaining('data/output/annotations must NOT have more than 50 items'),
    });
    expect(await send('PATCH', '/repos/acme/app/check-runs/1', { status: 'completed' })).toMatchObject({
      violation: expect.stringContaining("must have required property 'conclusion'"),
    });
  });
});
