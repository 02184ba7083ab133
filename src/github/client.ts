import type { ThrottlingOptions } from '@octokit/plugin-throttling';
import type { Octokit } from '@octokit/rest';

export type GitHub = Octokit;

/** A rate-limit wait cn-guard is about to sit out, so that a silent minute in CI is explained. */
export interface Wait {
  reason: 'rate limit' | 'secondary rate limit';
  seconds: number;
  /** `METHOD /path`, without the query: never a header, never the token. */
  request: string;
}

export interface Connection {
  token: string;
  /** The REST API's root: `GITHUB_API_URL`, which is `https://HOST/api/v3` on GitHub Enterprise Server. */
  apiUrl?: string;
  userAgent?: string;
  /** Milliseconds per second of every wait (backoff after a 5xx, `retry-after`, a rate-limit reset): 1000; tests shrink it. */
  retryAfterBaseValue?: number;
  /** The longest rate-limit wait sat out, in seconds; a longer one fails the call (and becomes a warning). */
  maxWaitSeconds?: number;
  onWait?: (wait: Wait) => void;
}

export const DEFAULT_API_URL = 'https://api.github.com';

/** A hung connection must not hold a CI job until its timeout; the retry plugin retries a timed-out call like a 5xx. */
const REQUEST_TIMEOUT_MS = 30_000;
/** Rate limits are the throttling plugin's (it honours `retry-after` and the reset time); the rest is never worth retrying. */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];
const SECONDARY_RETRIES = 2;
const PRIMARY_RETRIES = 1;

/** The throttling plugin's handlers: true to wait the seconds given and retry. */
type LimitHandler = NonNullable<ThrottlingOptions['onRateLimit']>;

const silent = { debug() {}, info() {}, warn() {}, error() {} };
let connections = 0;

/** An Octokit with retries (5xx, with backoff) and throttling (rate limits, a second between writes). */
export async function connect(connection: Connection): Promise<GitHub> {
  // Loaded here, not at the top: only posting pays for Octokit, never the pre-commit path.
  const [{ Octokit }, { retry }, { throttling }] = await Promise.all([
    import('@octokit/rest'),
    import('@octokit/plugin-retry'),
    import('@octokit/plugin-throttling'),
  ]);
  const base = connection.retryAfterBaseValue ?? 1000;
  const maxWait = connection.maxWaitSeconds ?? 120;
  const sitOut =
    (reason: Wait['reason'], retries: number): LimitHandler =>
    (seconds, options, octokit, retryCount) => {
      if (retryCount >= retries || seconds > maxWait) return false;
      const { method, url } = octokit.request.endpoint.parse(options);
      connection.onWait?.({ reason, seconds, request: `${method} ${new URL(url).pathname}` });
      return true;
    };
  return new (Octokit.plugin(retry, throttling))({
    auth: connection.token,
    baseUrl: (connection.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, ''),
    ...(connection.userAgent && { userAgent: connection.userAgent }),
    // Octokit logs failed requests to the console; cn-guard reports failures itself, as warnings.
    log: silent,
    request: { fetch: (url: string, init?: RequestInit) => fetch(url, { ...init, signal: init?.signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS) }) },
    retry: { doNotRetry: DO_NOT_RETRY, retryAfterBaseValue: base },
    throttle: {
      // The plugin's limiters are shared by every client in the process with the same id: one per connection keeps one posting from pacing another.
      id: `cn-guard-${++connections}`,
      retryAfterBaseValue: base,
      onRateLimit: sitOut('rate limit', PRIMARY_RETRIES),
      onSecondaryRateLimit: sitOut('secondary rate limit', SECONDARY_RETRIES),
    },
  });
}
