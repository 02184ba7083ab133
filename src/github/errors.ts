/**
 * A failed call to GitHub in words for whoever reads the CI log: what cn-guard tried, GitHub's
 * status and message, and what usually causes it. Octokit's errors carry the request (and
 * headers); they are read here and never passed on.
 */

/** `text` with every occurrence of `secret` masked. */
export function redact(text: string, secret: string): string {
  return secret === '' ? text : text.split(secret).join('***');
}

interface HttpFailure {
  status: number;
  message: string;
  headers: Record<string, string | undefined>;
}

function asHttpFailure(error: unknown): HttpFailure | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error) || typeof error.status !== 'number') return undefined;
  const response = 'response' in error ? (error.response as { data?: unknown; headers?: Record<string, string | undefined> } | undefined) : undefined;
  // No response: the request never got one (refused connection, timeout); Octokit calls that a 500.
  if (!response) return undefined;
  return { status: error.status, message: githubMessage(response.data), headers: response.headers ?? {} };
}

/** GitHub's `message`, with the details of a validation failure (422) when it gives them. */
function githubMessage(data: unknown): string {
  if (typeof data === 'string') return oneLine(data).slice(0, 200);
  if (typeof data !== 'object' || data === null) return '';
  const { message, errors } = data as { message?: unknown; errors?: unknown };
  const details = Array.isArray(errors)
    ? errors.map((e) => (typeof e === 'string' ? e : (e?.message ?? [e?.field, e?.code].filter(Boolean).join(' ')))).filter(Boolean)
    : [];
  return oneLine([typeof message === 'string' ? message : '', ...details].filter(Boolean).join(': '));
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : '';
  return oneLine(cause && !error.message.includes(cause) ? `${error.message} (${cause})` : error.message);
}

function hint(failure: HttpFailure, permission: string): string {
  const { status, message, headers } = failure;
  if (headers['x-ratelimit-remaining'] === '0') {
    const reset = Number(headers['x-ratelimit-reset']);
    return `the token's API rate limit is used up${reset ? ` until ${new Date(reset * 1000).toISOString()}` : ''}`;
  }
  if (/secondary rate limit/i.test(message)) return 'GitHub limits how fast content is created; run again later';
  if (status === 401) return 'the token was refused';
  if (status === 403 || status === 404) {
    const lacks = `the token lacks \`${permission}\` (a pull request from a fork gets a read-only GITHUB_TOKEN; otherwise add it to the workflow's \`permissions:\`)`;
    // GitHub answers 404 for what the token may not see.
    return status === 404 ? `the repository or pull request does not exist, or ${lacks}` : lacks;
  }
  if (status >= 500) return 'GitHub kept failing after retries';
  return '';
}

/**
 * One line about a failed attempt: `attempt` says what cn-guard tried, `permission` what the
 * token needs for it (`pull-requests: write`).
 */
export function describeFailure(error: unknown, attempt: string, permission: string): string {
  const failure = asHttpFailure(error);
  if (!failure) return `${attempt}: ${error instanceof Error && 'status' in error ? 'could not reach GitHub: ' : ''}${causeOf(error)}`;
  const why = hint(failure, permission);
  return `${attempt}: GitHub answered ${failure.status}${failure.message ? ` (${failure.message})` : ''}${why ? `; ${why}` : ''}`;
}

/** Whether GitHub refused a GitHub App's token (GITHUB_TOKEN is one) an endpoint meant for users. */
export function isIntegrationRefusal(error: unknown): boolean {
  const failure = asHttpFailure(error);
  return failure?.status === 403 && /not accessible by integration/i.test(failure.message);
}
