import { type CheckReport, defineFormatter } from '../../types.js';
import { type Bounds, checkMarkdown, commentMarker } from './body.js';

/** GitHub refuses a comment body over 65,536 characters (422 "Body is too long"). */
export const COMMENT_LIMIT = 65_536;

/** GitHub does not show a step summary over 1 MiB (and says so with an error annotation). */
export const SUMMARY_LIMIT = 1024 * 1024;

const COMMENT: Bounds = {
  max: COMMENT_LIMIT,
  // GitHub counts characters; UTF-16 code units are never fewer.
  size: (text) => text.length,
  limit: 'a GitHub comment holds at most 65,536 characters',
  elsewhere: 'Every finding is in the job summary of the workflow run (`--format github`) and in the output of `cn-guard check`.',
};

const SUMMARY: Bounds = {
  max: SUMMARY_LIMIT,
  size: (text) => Buffer.byteLength(text),
  limit: 'a job summary holds at most 1 MiB',
  elsewhere: 'Every finding is in the output of `cn-guard check` (and of `--format sarif`).',
};

/** The pull-request comment, with the marker the posting module finds it by. */
export const commentBody = (report: CheckReport) => checkMarkdown(report, COMMENT, commentMarker(report));

/** The same body for `$GITHUB_STEP_SUMMARY`, where there is room for every finding of most runs. */
export const jobSummary = (report: CheckReport) => checkMarkdown(report, SUMMARY);

/** `--format markdown`: the body of the PR comment (docs/output.md). */
export const markdownFormatter = defineFormatter('markdown', { check: ({ report }) => commentBody(report) });

export { commentMarker };
