import { resolve } from 'node:path';
import { writeOutputFile } from '../io/index.js';
import { type RuleId, UsageError } from '../model/index.js';
import { type BeadsPosting, commentBody, render, runAnnotations } from '../report/index.js';
import { writeActionFiles } from './actions.js';
import { bdOf } from './beads.js';
import type { CheckResult } from './check.js';
import { type GitHubContext, type GitHubOutcome, postToGitHub, readGitHubContext, tokenFromEnv, type Wait } from './post.js';
import { beadsTarget } from './post-beads.js';

/** Where a check's report goes besides standard output: decided, and validated, before the check runs. */
export interface PublishPlan {
  /** The sticky pull-request comment and, with `checkRun`, a check run. */
  github?: { context: GitHubContext; token?: string; comment: boolean; checkRun: boolean };
  /** Write SARIF here (absolute), for code scanning. */
  sarif?: string;
  /** Append the job summary and the step outputs to GitHub's files (`GITHUB_STEP_SUMMARY`, `GITHUB_OUTPUT`). */
  actionFiles?: boolean;
  /** One Beads task per violation group; `judges` says which rules' tasks the run may close. */
  beads?: { judges(rule: RuleId): boolean };
}

export interface PublishRequest {
  /** Post to these targets (`github`). */
  post?: string[];
  checkRun?: boolean;
  /** The variable holding the token (default GITHUB_TOKEN). */
  tokenEnv?: string;
  /** Whether a missing token is an error (the CLI asked to post) or a warning (the Action's default comment). */
  tokenRequired?: boolean;
  sarif?: string;
  actionFiles?: boolean;
  cwd: string;
  /** The rules the command judges (`contracts`: the contract and capability rules); all by default. */
  judges?(rule: RuleId): boolean;
}

export const POST_TARGETS = ['github', 'beads'] as const;

/**
 * Checks what was asked before anything runs, so that a usage error never comes after the
 * findings: `--post github` needs GitHub Actions' context (the pull request, the repository).
 */
export function planPublishing(request: PublishRequest, env: NodeJS.ProcessEnv): PublishPlan {
  const unknown = (request.post ?? []).filter((target) => !(POST_TARGETS as readonly string[]).includes(target));
  if (unknown.length > 0) throw new UsageError(`--post ${unknown.join(', ')}: unknown target; expected ${POST_TARGETS.join(', ')}`);
  const github = request.post?.includes('github') === true;
  if (request.checkRun && !github) throw new UsageError('--check-run goes with --post github');
  const plan: PublishPlan = {
    ...(request.sarif !== undefined && { sarif: resolve(request.cwd, request.sarif) }),
    ...(request.actionFiles && { actionFiles: true }),
    ...(request.post?.includes('beads') && { beads: { judges: request.judges ?? (() => true) } }),
  };
  if (!github) return plan;
  const context = readGitHubContext(env);
  let token: string | undefined;
  try {
    token = tokenFromEnv(env, request.tokenEnv ?? 'GITHUB_TOKEN');
  } catch (error) {
    if (request.tokenRequired !== false) throw error;
  }
  return { ...plan, github: { context, ...(token !== undefined && { token }), comment: true, checkRun: request.checkRun === true } };
}

export interface Published {
  /** What could not be written or posted: the findings are out already, and the exit code stays theirs. */
  warnings: string[];
  github?: GitHubOutcome;
  beads?: BeadsPosting;
}

/** After the check: SARIF, GitHub Actions' files, the comment and the check run. Never throws for a failed write or post. */
export async function publish(result: CheckResult, plan: PublishPlan, env: NodeJS.ProcessEnv, onWait?: (message: string) => void): Promise<Published> {
  const { report } = result;
  const warnings: string[] = [];
  let beads: BeadsPosting | undefined;
  if (plan.beads && result.config) {
    const outcome = await beadsTarget({ config: result.config, bd: bdOf(env), judges: plan.beads.judges }).post({ report, commentBody: '' });
    warnings.push(...outcome.warnings.map((w) => `beads: ${w}`));
    beads = outcome.posting;
  }
  if (plan.sarif) {
    try {
      writeOutputFile(plan.sarif, render('sarif', { kind: 'check', report }, { color: false, quiet: false, rulesDir: 'rules' }));
    } catch (error) {
      warnings.push(`cannot write the SARIF file ${plan.sarif}: ${(error as Error).message}`);
    }
  }
  if (plan.actionFiles) warnings.push(...writeActionFiles(report, env, plan.sarif ? { 'sarif-path': plan.sarif } : {}));
  const gh = plan.github;
  if (!gh) return { warnings, ...(beads && { beads }) };
  if (gh.token === undefined) {
    warnings.push('no GitHub token (GITHUB_TOKEN, or the `token` input): nothing was posted; the annotations and the job summary carry the findings');
    return { warnings, ...(beads && { beads }) };
  }
  const { context } = gh;
  const github = await postToGitHub(
    { report, commentBody: commentBody(report), annotations: runAnnotations(report) },
    {
      token: gh.token,
      apiUrl: context.apiUrl,
      owner: context.owner,
      repo: context.repo,
      headSha: context.headSha,
      ...(context.pullRequest && { pullNumber: context.pullRequest.number }),
      comment: gh.comment && context.pullRequest !== undefined,
      checkRun: gh.checkRun,
      // A long rate-limit wait with no word would look like a hang in CI.
      ...(onWait && { onWait: (wait: Wait) => onWait(`GitHub asks to wait ${wait.seconds} s (${wait.reason}, ${wait.request})`) }),
    },
  );
  return { warnings: [...warnings, ...github.warnings], github, ...(beads && { beads }) };
}
