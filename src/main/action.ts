import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UsageError } from '../model/index.js';
import { type CheckReport, render } from '../report/index.js';
import { type CheckOptions, runCheck } from './check.js';
import { readGitHubContext } from './post.js';
import { planPublishing, publish } from './publish.js';
import type { Runtime } from './threads.js';

/** The Action's inputs as GitHub hands them over (`INPUT_<NAME>`): strings, possibly empty. */
export interface ActionInputs {
  config: string;
  workingDirectory: string;
  mode: string;
  token: string;
  comment: string;
  checkRun: string;
  sarif: string;
  failOn: string;
  /** `true`: one Beads task per violation group (spec §4.4), through bd or the import inbox. */
  postBeads?: string;
}

export interface ActionRun {
  report: CheckReport;
  /** Workflow commands: the annotations and the summary line. */
  stdout: string;
  /** What could not be written or posted, and why something was not posted. */
  warnings: string[];
  /** 1 when the findings fail the step at `fail-on`; 0 otherwise. Nothing else decides it. */
  exitCode: 0 | 1;
}

function flag(value: string, name: string, fallback: boolean): boolean {
  const text = value.trim().toLowerCase();
  if (text === '') return fallback;
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new UsageError(`input ${name} must be true or false (got "${value}")`);
}

/** A path given to the Action, resolved inside the workspace: the Action checks the repository it was given, nothing else. */
function insideWorkspace(workspace: string, path: string, input: string): string {
  const absolute = resolve(workspace, path);
  const rel = relative(workspace, absolute);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new UsageError(`input ${input} (${path}) lies outside the workspace ${workspace}: the Action checks the repository checked out there`);
  }
  return absolute;
}

/**
 * The cn-guard GitHub Action (action.yml): on a pull request, what it introduces (merge base
 * against head, anchored on the head commit, never the merge commit Actions checks out); on a
 * push or a manual run, the whole repository. Then the annotations, the job summary, the step
 * outputs, SARIF, the sticky comment and the check run, as the inputs ask. Whatever cannot be
 * posted is a warning: the exit code depends on the findings alone.
 */
export async function runAction(inputs: ActionInputs, env: NodeJS.ProcessEnv, runtime: Runtime = {}): Promise<ActionRun> {
  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd());
  const cwd = insideWorkspace(workspace, inputs.workingDirectory || '.', 'working-directory');
  const config = inputs.config ? insideWorkspace(workspace, resolve(cwd, inputs.config), 'config') : undefined;
  const context = readGitHubContext(env);
  const pullRequest = context.pullRequest;
  const mode = inputs.mode.trim() || (pullRequest ? 'pr' : 'all');
  if (mode !== 'pr' && mode !== 'all') throw new UsageError(`input mode must be pr or all (got "${inputs.mode}")`);
  if (mode === 'pr' && !pullRequest) throw new UsageError(`input mode is pr, but this ${context.event} event has no pull request`);
  const warnings: string[] = [];
  let comment = flag(inputs.comment, 'comment', true) && pullRequest !== undefined;
  let checkRun = flag(inputs.checkRun, 'check-run', false);
  // Under pull_request, a fork's token is read-only: posting would only collect refusals.
  if (pullRequest?.fork && context.event === 'pull_request' && (comment || checkRun)) {
    warnings.push('a pull request from a fork gets a read-only token: no comment and no check run; the annotations and the job summary carry the findings');
    comment = false;
    checkRun = false;
  }
  const plan = planPublishing(
    {
      cwd: workspace,
      post: [...(comment || checkRun ? ['github'] : []), ...(flag(inputs.postBeads ?? '', 'post-beads', false) ? ['beads'] : [])],
      checkRun,
      tokenRequired: false,
      ...(inputs.sarif && { sarif: inputs.sarif }),
      actionFiles: true,
    },
    { ...env, GITHUB_TOKEN: inputs.token },
  );
  if (plan.github) plan.github.comment = comment;
  const options: CheckOptions = {
    cwd,
    ...(config !== undefined && { config }),
    failOn: inputs.failOn.trim() || 'error',
    diagram: true,
    ...(mode === 'pr' && pullRequest && { base: pullRequest.base.sha, head: pullRequest.head.sha }),
  };
  const result = await runCheck(options, runtime);
  const { report } = result;
  const published = await publish(result, plan, env);
  return {
    report,
    stdout: render('github', { kind: 'check', report }, { color: false, quiet: false, rulesDir: 'rules' }),
    warnings: [...warnings, ...published.warnings],
    exitCode: report.failed ? 1 : 0,
  };
}
