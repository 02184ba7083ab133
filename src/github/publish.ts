import { type CheckRun, createCheckRun } from './check-run.js';
import { type Connection, connect, type GitHub } from './client.js';
import { describeFailure, redact } from './errors.js';
import { type StickyComment, upsertStickyComment } from './sticky-comment.js';

export interface Publication {
  owner: string;
  repo: string;
  comment?: Omit<StickyComment, 'owner' | 'repo'>;
  checkRun?: Omit<CheckRun, 'owner' | 'repo'>;
}

/** Plain data for the formatters and the exit code (which it never changes). */
export interface GitHubOutcome {
  comment: 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed';
  commentUrl?: string;
  checkRun: 'created' | 'skipped' | 'failed';
  checkRunUrl?: string;
  /** One line each, the token masked: what did not reach GitHub, and why. */
  warnings: string[];
}

/**
 * Posts the sticky comment and the check run. It never throws: a refusal (a fork's read-only
 * token), a failure after retries or a bug becomes a warning, and the other half still goes out.
 */
export async function publish(connection: Connection, publication: Publication): Promise<GitHubOutcome> {
  const outcome: GitHubOutcome = { comment: 'skipped', checkRun: 'skipped', warnings: [] };
  const { owner, repo, comment, checkRun } = publication;
  // Connected on first use: with nothing to post, Octokit is not even loaded.
  let client: Promise<GitHub> | undefined;
  const github = () => (client ??= connect(connection));
  if (comment) {
    try {
      const result = await upsertStickyComment(await github(), { owner, repo, ...comment });
      outcome.comment = result.action;
      outcome.commentUrl = result.url;
    } catch (error) {
      outcome.comment = 'failed';
      outcome.warnings.push(describeFailure(error, `could not post the comment on pull request #${comment.issueNumber}`, 'pull-requests: write'));
    }
  }
  if (checkRun) {
    try {
      const result = await createCheckRun(await github(), { owner, repo, ...checkRun });
      outcome.checkRun = 'created';
      outcome.checkRunUrl = result.url;
      outcome.warnings.push(...result.warnings);
    } catch (error) {
      outcome.checkRun = 'failed';
      outcome.warnings.push(describeFailure(error, 'could not create the check run', 'checks: write'));
    }
  }
  return masked(outcome, connection.token);
}

/** Whatever GitHub or a bug put into a message, the token does not leave. */
function masked(outcome: GitHubOutcome, token: string): GitHubOutcome {
  return { ...outcome, warnings: outcome.warnings.map((warning) => redact(warning, token)) };
}
