// Posting to GitHub: a sticky pull-request comment and a check run, through Octokit (loaded only
// when something is posted), and the context of a GitHub Actions run.
export { type CheckAnnotation, type CheckRun, type CheckRunResult, createCheckRun } from './check-run.js';
export type { Connection, GitHub, Wait } from './client.js';
export { type ActionsEvent, actionsContext, type Environment, type GitHubContext, type GitRef, type PullRequest, tokenFromEnv } from './context.js';
export { describeFailure, redact } from './errors.js';
export { clip } from './limits.js';
export { type GitHubOutcome, type Publication, publish } from './publish.js';
