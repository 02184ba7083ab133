import type { GitHub } from './client.js';
import { isIntegrationRefusal } from './errors.js';
import { clip, LIMITS } from './limits.js';

export interface StickyComment {
  owner: string;
  repo: string;
  issueNumber: number;
  /** A hidden HTML comment that tells this comment from every other: `<!-- cn-guard:orchestrator.toml -->`. */
  marker: string;
  /** Markdown whose first line carries the marker. */
  body: string;
}

export interface StickyResult {
  action: 'created' | 'updated' | 'unchanged';
  url: string;
}

interface Author {
  login: string;
  type: string;
}

interface IssueComment {
  id: number;
  html_url: string;
  body?: string;
  user: Author | null;
}

const firstLine = (text: string) => text.slice(0, text.indexOf('\n') + 1 || undefined);
/** GitHub may hand a body back with CRLF line ends: that is no change worth an edit. */
const sameText = (a: string, b: string) => a.replace(/\r\n/g, '\n') === b.replace(/\r\n/g, '\n');

/**
 * One comment per marker on the pull request: created once, edited in place when its body
 * changes, left alone when it does not. Only a comment whose first line carries the marker is
 * ever touched, and never deleted.
 */
export async function upsertStickyComment(github: GitHub, comment: StickyComment): Promise<StickyResult> {
  if (!firstLine(comment.body).includes(comment.marker)) throw new Error(`the comment's first line must carry its marker ${comment.marker}`);
  const { owner, repo, issueNumber } = comment;
  const body = clip(comment.body, LIMITS.commentBody);
  const marked = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 }, (response) =>
    (response.data as IssueComment[]).filter((c) => firstLine(c.body ?? '').includes(comment.marker)),
  );
  const ours = marked.length === 0 ? undefined : marked.find(await authoredByUs(github));
  if (!ours) {
    const { data } = await github.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
    return { action: 'created', url: data.html_url };
  }
  if (sameText(ours.body ?? '', body)) return { action: 'unchanged', url: ours.html_url };
  const { data } = await github.rest.issues.updateComment({ owner, repo, comment_id: ours.id, body });
  return { action: 'updated', url: data.html_url };
}

/**
 * Which marked comments cn-guard may take as its own. Anyone can paste a marker into a comment;
 * editing theirs would put cn-guard's report where they can rewrite it. A user's token says who
 * it is; a GitHub App's token (GITHUB_TOKEN is one) may not ask, and only apps write as bots.
 * When GitHub cannot say, the marker alone decides.
 */
async function authoredByUs(github: GitHub): Promise<(comment: IssueComment) => boolean> {
  try {
    const { data } = await github.rest.users.getAuthenticated();
    return (comment) => comment.user?.login === data.login;
  } catch (error) {
    if (isIntegrationRefusal(error)) return (comment) => comment.user?.type === 'Bot';
    return () => true;
  }
}
