// How a failed call to GitHub reads in the CI log, and what never does (the token).
import { describe, expect, it } from 'vitest';
import { clip, describeFailure, redact } from '../../src/github/index.js';

/** The shape of Octokit's RequestError: status, the request (headers included), GitHub's response. */
function requestError(status: number, data: unknown, headers: Record<string, string> = {}) {
  return Object.assign(new Error(typeof data === 'object' ? JSON.stringify(data) : String(data)), {
    name: 'HttpError',
    status,
    request: { method: 'POST', url: 'https://api.github.com/repos/acme/app/check-runs', headers: { authorization: 'token ghs_secret' } },
    response: { status, url: 'https://api.github.com/repos/acme/app/check-runs', headers, data },
  });
}

describe('describeFailure', () => {
  const attempt = 'could not create the check run';

  it("says GitHub's status and message, and what usually causes it", () => {
    expect(
      describeFailure(requestError(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs' }), attempt, 'checks: write'),
    ).toBe(
      "could not create the check run: GitHub answered 403 (Resource not accessible by integration); the token lacks `checks: write` (a pull request from a fork gets a read-only GITHUB_TOKEN; otherwise add it to the workflow's `permissions:`)",
    );
    expect(describeFailure(requestError(404, { message: 'Not Found' }), 'could not post the comment on pull request #7', 'pull-requests: write')).toBe(
      "could not post the comment on pull request #7: GitHub answered 404 (Not Found); the repository or pull request does not exist, or the token lacks `pull-requests: write` (a pull request from a fork gets a read-only GITHUB_TOKEN; otherwise add it to the workflow's `permissions:`)",
    );
    expect(describeFailure(requestError(401, { message: 'Bad credentials' }), attempt, 'checks: write')).toBe(
      'could not create the check run: GitHub answered 401 (Bad credentials); the token was refused',
    );
    expect(describeFailure(requestError(503, '<html>\n  <body>Service\n Unavailable</body>\n</html>'), attempt, 'checks: write')).toBe(
      'could not create the check run: GitHub answered 503 (<html> <body>Service Unavailable</body> </html>); GitHub kept failing after retries',
    );
  });

  it("gives a validation failure's details", () => {
    const invalid = {
      message: 'Validation Failed',
      errors: [{ resource: 'CheckRun', field: 'head_sha', code: 'invalid' }, { message: 'No commit found for SHA: abc' }],
    };
    expect(describeFailure(requestError(422, invalid), attempt, 'checks: write')).toBe(
      'could not create the check run: GitHub answered 422 (Validation Failed: head_sha invalid: No commit found for SHA: abc)',
    );
  });

  it('tells rate limits apart from refusals', () => {
    const primary = requestError(
      403,
      { message: 'API rate limit exceeded for installation ID 1.' },
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1767225600' },
    );
    expect(describeFailure(primary, attempt, 'checks: write')).toBe(
      "could not create the check run: GitHub answered 403 (API rate limit exceeded for installation ID 1.); the token's API rate limit is used up until 2026-01-01T00:00:00.000Z",
    );
    const secondary = requestError(
      429,
      { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
      { 'retry-after': '600' },
    );
    expect(describeFailure(secondary, attempt, 'checks: write')).toMatch(
      /\(You have exceeded a secondary rate limit\. .*\); GitHub limits how fast content is created; run again later$/,
    );
  });

  it('says when GitHub could not be reached, or something else broke', () => {
    const refused = Object.assign(new Error('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }), { status: 500, request: {} });
    expect(describeFailure(refused, attempt, 'checks: write')).toBe(
      'could not create the check run: could not reach GitHub: fetch failed (connect ECONNREFUSED 127.0.0.1:9)',
    );
    expect(describeFailure(new TypeError('x is not a function'), attempt, 'checks: write')).toBe('could not create the check run: x is not a function');
    expect(describeFailure('a string', attempt, 'checks: write')).toBe('could not create the check run: a string');
  });

  it('never reads the request, where the headers are', () => {
    const error = requestError(500, { message: 'boom' });
    expect(describeFailure(error, attempt, 'checks: write')).not.toContain('ghs_secret');
  });
});

describe('redact', () => {
  it('masks every occurrence of the token, and nothing when there is none', () => {
    expect(redact('token ghs_x1 and ghs_x1ghs_x1', 'ghs_x1')).toBe('token *** and ******');
    expect(redact('nothing to hide', '')).toBe('nothing to hide');
  });
});

describe('clip', () => {
  it('leaves text within the limit alone, and cuts longer text to the limit, saying so', () => {
    expect(clip('short', 10)).toBe('short');
    const cut = clip('x'.repeat(200), 100);
    expect(cut).toHaveLength(100);
    expect(cut).toMatch(/^x+\n\n… \(cut: GitHub accepts at most 100 characters here\)$/);
  });

  it('never splits a surrogate pair', () => {
    const room = 100 - (clip('x'.repeat(200), 100).length - clip('x'.repeat(200), 100).indexOf('\n'));
    // The cut would fall between the two halves of the first emoji.
    const cut = clip(`${'x'.repeat(room - 1)}${'😀'.repeat(100)}`, 100);
    expect(cut).toBe(`${'x'.repeat(room - 1)}\n\n… (cut: GitHub accepts at most 100 characters here)`);
  });
});
