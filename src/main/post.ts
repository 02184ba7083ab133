import { readFileSync } from 'node:fs';
import {
  actionsContext,
  type CheckAnnotation,
  type Connection,
  type Environment,
  type GitHubContext,
  type GitHubOutcome,
  publish,
  tokenFromEnv,
} from '../github/index.js';
import { type CheckReport, commentMarker } from '../report/index.js';
import { TOOL } from './version.js';

export type { CheckAnnotation, GitHubContext, GitHubOutcome, PullRequest, Wait } from '../github/index.js';
export { tokenFromEnv };

/** What every posting target is given: the report, and what was rendered of it for people. */
export interface PostInput {
  report: CheckReport;
  /** The markdown format's rendering (`commentBody`); its first line carries the comment marker (`commentMarker`), or gets it. */
  commentBody: string;
  /** Line-level notes for the check run, paths relative to the repository's root. */
  annotations?: CheckAnnotation[];
}

export interface TargetOutcome {
  /** What could not be posted, one line each. */
  warnings: string[];
}

/** Somewhere a report goes after a check. Each target is built from its own options. */
export interface PostTarget<Outcome extends TargetOutcome = TargetOutcome> {
  readonly name: string;
  /** Never throws: what could not be posted is a warning, and never changes the exit code. */
  post(input: PostInput): Promise<Outcome>;
}

export interface GitHubPostOptions extends Omit<Connection, 'userAgent'> {
  owner: string;
  repo: string;
  /** The pull request to comment on; none on a push. */
  pullNumber?: number;
  /** The commit the check run is about: the pull request's head. */
  headSha: string;
  /** The sticky comment; by default whenever there is a pull request. Needs `pull-requests: write`. */
  comment?: boolean;
  /** A check run carrying the annotations; off by default. Needs `checks: write`. */
  checkRun?: boolean;
}

/** The configuration's path from the repository root: the same whichever folder cn-guard ran in. */
export function configPath({ project }: CheckReport): string {
  return project.dir ? `${project.dir}/${project.config}` : project.config;
}

/** One check run per configuration too; the plain name for the usual one at the root. */
function checkRunName(report: CheckReport): string {
  const path = configPath(report);
  return path === 'orchestrator.toml' ? 'cn-guard' : `cn-guard (${path})`;
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function checkRunTitle({ summary }: CheckReport): string {
  return summary.errors + summary.warnings === 0 ? 'No new findings' : `${count(summary.errors, 'error')}, ${count(summary.warnings, 'warning')}`;
}

/**
 * Posts a check's report to GitHub: the sticky comment on the pull request, and the check run
 * when asked for. Returns what happened as data; never throws (see `PostTarget`).
 */
export async function postToGitHub(input: PostInput, options: GitHubPostOptions): Promise<GitHubOutcome> {
  const { report, commentBody } = input;
  const { owner, repo, pullNumber, headSha, comment = pullNumber !== undefined, checkRun = false, ...connection } = options;
  const marker = commentMarker(report);
  const outcome = await publish(
    { ...connection, userAgent: `cn-guard/${TOOL.version}` },
    {
      owner,
      repo,
      ...(comment &&
        pullNumber !== undefined && {
          comment: { issueNumber: pullNumber, marker, body: commentBody.split('\n', 1)[0]?.includes(marker) ? commentBody : `${marker}\n${commentBody}` },
        }),
      ...(checkRun && {
        checkRun: {
          name: checkRunName(report),
          headSha,
          conclusion: report.failed ? 'failure' : 'success',
          title: checkRunTitle(report),
          summary: commentBody,
          annotations: input.annotations ?? [],
        },
      }),
    },
  );
  if (comment && pullNumber === undefined) outcome.warnings.unshift('no pull request to comment on: the comment is posted on pull_request events');
  return outcome;
}

export function gitHubTarget(options: GitHubPostOptions): PostTarget<GitHubOutcome> {
  return { name: 'github', post: (input) => postToGitHub(input, options) };
}

/** The GitHub Actions run's context (see `actionsContext`): reads the event payload at `GITHUB_EVENT_PATH`. */
export function readGitHubContext(env: Environment = process.env): GitHubContext {
  return actionsContext(env, (path) => readFileSync(path, 'utf8'));
}
