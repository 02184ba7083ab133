import { isAbsolute, relative, resolve, sep } from 'node:path';
import { type ConfigLocation, locateConfig } from '../config/index.js';
import { compareFindings, type Finding, isFailing, UsageError } from '../model/index.js';
import type { CheckReport } from '../report/index.js';
import { applyBaseline, type BaselineEntry, compareWithBase, staleBaselineFindings } from '../rules/index.js';
import { changeChecks } from './checks/index.js';
import { readBaseline, readPreviousBaseline } from './checks/policy.js';
import { pullRequest, type Subject, stagedTree, workingTree } from './modes.js';
import { evaluateSnapshot, type Snapshot } from './snapshot.js';
import { evaluateAhead, type Runtime } from './threads.js';
import { TOOL } from './version.js';

export type FailOn = 'error' | 'warning' | 'never';

export interface CheckOptions {
  cwd: string;
  config?: string;
  /** `--all`: the whole repository (the default). */
  all?: boolean;
  /** Pre-commit: only what is staged, read from the git index. */
  staged?: boolean;
  /** PR mode: findings introduced since the merge base of `base` and `head`. */
  base?: string;
  head?: string;
  /** Files named on the command line (relative to `cwd`): only these are checked. */
  files?: string[];
  /** The acting domain, for the scope-of-changes check. */
  domain?: string;
  allowPolicyChange?: boolean;
  failOn?: string;
  /** `YYYY-MM-DD`; defaults to today (UTC). Exceptions expire after this day. */
  today?: string;
}

export interface CheckResult {
  report: CheckReport;
}

const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'never'];

/**
 * Which flags go together: one rule for every front end (the CLI, the Action), so that they
 * cannot disagree. Returns the threshold that fails the run.
 */
export function validateCheckOptions(options: CheckOptions): FailOn {
  const failOn = options.failOn ?? 'error';
  if (!FAIL_ON.includes(failOn as FailOn)) throw new UsageError(`--fail-on must be error, warning or never (got "${failOn}")`);
  const modes = [options.all, options.staged, options.base !== undefined].filter(Boolean).length;
  if (modes > 1) throw new UsageError('choose one of --all, --staged and --base');
  if (options.head !== undefined && options.base === undefined) throw new UsageError('--head needs --base');
  if (options.domain !== undefined && !options.staged && options.base === undefined) {
    throw new UsageError('--domain applies to changes: use it with --staged or --base');
  }
  if (options.files?.length && options.base !== undefined) {
    throw new UsageError('file arguments name what to check in the working tree or the index; a PR check (--base) covers the whole change');
  }
  return failOn as FailOn;
}

/** `check FILE…` names files relative to where cn-guard runs; the pipeline wants them relative to the project. */
function projectPaths(files: string[] | undefined, cwd: string, location: ConfigLocation): string[] | undefined {
  if (!files?.length) return undefined;
  const root = resolve(location.file, '..');
  return files.map((file) => {
    const path = relative(root, resolve(cwd, file)).split(sep).join('/');
    if (path === '' || path === '..' || path.startsWith('../') || isAbsolute(path)) throw new UsageError(`${file} is outside the project (${root})`);
    return path;
  });
}

function summarize(findings: Finding[]) {
  const summary = { errors: 0, warnings: 0, suppressed: 0, known: 0, preexisting: 0 };
  for (const f of findings) {
    if (f.status === 'new') {
      if (f.severity === 'error') summary.errors++;
      else if (f.severity === 'warning') summary.warnings++;
    } else if (f.status === 'suppressed') summary.suppressed++;
    else if (f.status === 'known') summary.known++;
    else summary.preexisting++;
  }
  return summary;
}

/** Known violations marked, and — after a whole-repository scan — stale entries reported. */
function withBaseline(findings: Finding[], snapshot: Snapshot, read: (text: string | undefined, file: string) => BaselineEntry[]): Finding[] {
  const baselineFile = snapshot.config.settings.baseline;
  const result = applyBaseline(findings, read(snapshot.view.readText(baselineFile), baselineFile));
  return [...result.findings, ...(snapshot.partial ? [] : staleBaselineFindings(result.stale, baselineFile))];
}

function openSubject(options: CheckOptions, location: ConfigLocation): Subject {
  const named = projectPaths(options.files, options.cwd, location);
  if (options.staged) return stagedTree(location, named);
  if (options.base !== undefined) return pullRequest(location, options.base, options.head ?? 'HEAD');
  return workingTree(location, named);
}

/** What the pipeline needs besides the subject: the same for the CLI, the Action and the tests. */
export interface CheckSettings {
  today: string;
  failOn: FailOn;
  domain?: string;
  head?: string;
  allowPolicyChange?: boolean;
}

/**
 * The check itself, over whatever the subject's views hold (the disk, git, or memory): each
 * state is evaluated by the snapshot checks; a PR's findings are compared with its merge base's;
 * then the change checks judge the change itself.
 */
export function checkSubject(subject: Subject, settings: CheckSettings, started = performance.now()): CheckResult {
  const { snapshot } = subject;
  const { today } = settings;
  const head = evaluateSnapshot(snapshot, today, subject.changes ? 'change' : 'head');
  let findings = withBaseline(head.findings, snapshot, readBaseline);
  let fixed = 0;
  if (subject.base) {
    const base = evaluateSnapshot(subject.base, today, 'base');
    ({ findings, fixed } = compareWithBase(findings, withBaseline(base.findings, subject.base, readPreviousBaseline)));
  }
  if (subject.changes) {
    const context = {
      head: snapshot,
      owners: head.owners,
      changes: subject.changes,
      ...(subject.before && { before: subject.before }),
      configFile: snapshot.configFile,
      ...(settings.domain !== undefined && { actingDomain: settings.domain }),
      ...(settings.head !== undefined && { headRef: settings.head }),
      allowPolicyChange: settings.allowPolicyChange === true,
    };
    for (const check of changeChecks) findings.push(...check.run(context));
  }
  findings.sort(compareFindings);
  const { config } = snapshot;
  const report: CheckReport = {
    tool: TOOL,
    configFile: config.displayFile,
    domains: config.domains.map((d) => ({ name: d.name, ...(d.agentName && { agentName: d.agentName }) })),
    findings,
    summary: {
      ...summarize(findings),
      ...(subject.base && { fixed }),
      files: head.files,
      edges: head.edges,
      durationMs: Math.round(performance.now() - started),
    },
    failed: findings.some((f) => isFailing(f, settings.failOn)),
    notes: subject.notes,
  };
  return { report };
}

/** `cn-guard check` in every mode: the whole repository, named files, the staged tree, or a PR. */
export async function runCheck(options: CheckOptions, runtime: Runtime = {}): Promise<CheckResult> {
  const started = performance.now();
  const failOn = validateCheckOptions(options);
  const location = locateConfig(options);
  const subject = openSubject(options, location);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  await evaluateAhead(subject, location, today, runtime);
  return checkSubject(
    subject,
    {
      today,
      failOn,
      ...(options.domain !== undefined && { domain: options.domain }),
      ...(options.head !== undefined && { head: options.head }),
      ...(options.allowPolicyChange !== undefined && { allowPolicyChange: options.allowPolicyChange }),
    },
    started,
  );
}
