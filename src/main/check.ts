import { locateConfig, parseConfig, type Config } from '../config/index.js';
import type { ImportGraph } from '../graph/index.js';
import { compareFindings, ConfigError, finding, isFailing, type Finding } from '../model/index.js';
import type { CheckReport } from '../report/index.js';
import {
  applyBaseline, checkScopes, compareWithBase, diffBaseline, diffPolicy, outOfScopeChanges, parseBaseline, policyFindings,
  staleBaselineFindings, type BaselineEntry,
} from '../rules/index.js';
import { actingDomain } from './acting-domain.js';
import { pullRequest, stagedTree, workingTree, type Subject } from './modes.js';
import { configPath, evaluateSnapshot, type Evaluation, type Snapshot } from './snapshot.js';
import { TOOL } from './version.js';

export type FailOn = 'error' | 'warning' | 'never';

export interface CheckOptions {
  cwd: string;
  config?: string;
  /** Pre-commit: only what is staged, read from the git index. */
  staged?: boolean;
  /** PR mode: findings introduced since the merge base of `base` and `head`. */
  base?: string;
  head?: string;
  /** The acting domain, for the scope-of-changes check. */
  domain?: string;
  allowPolicyChange?: boolean;
  failOn?: FailOn;
  /** `YYYY-MM-DD`; defaults to today (UTC). Exceptions expire after this day. */
  today?: string;
}

export interface CheckResult {
  report: CheckReport;
  graph: ImportGraph;
}

function summarize(findings: Finding[]) {
  const count = (test: (f: Finding) => boolean) => findings.filter(test).length;
  return {
    errors: count((f) => f.status === 'new' && f.severity === 'error'),
    warnings: count((f) => f.status === 'new' && f.severity === 'warning'),
    suppressed: count((f) => f.status === 'suppressed'),
    known: count((f) => f.status === 'known'),
    preexisting: count((f) => f.status === 'preexisting'),
  };
}

const readBaseline = (text: string | undefined, file: string): BaselineEntry[] => (text === undefined ? [] : parseBaseline(text, file));

/** The baseline as it was before the change: a malformed one the change repairs counts as empty. */
function readPreviousBaseline(text: string | undefined, file: string): BaselineEntry[] {
  try {
    return readBaseline(text, file);
  } catch (error) {
    if (error instanceof ConfigError) return [];
    throw error;
  }
}

/** Known violations marked, and — after a whole-repository scan — stale entries reported. */
function withBaseline(findings: Finding[], snapshot: Snapshot, baselineFile: string, read = readBaseline): Finding[] {
  const result = applyBaseline(findings, read(snapshot.view.readText(baselineFile), baselineFile));
  return [...result.findings, ...(snapshot.partial ? [] : staleBaselineFindings(result.stale, baselineFile))];
}

/** The policy as it was before the change, and what the change did to it (spec §2.3, issue: policy changes). */
function policyChanges(subject: Subject, config: Config, file: string, allow: boolean): Finding[] {
  const baselineFile = config.settings.baseline;
  const touched = new Set((subject.changes ?? []).flatMap((c) => [c.path, c.from ?? c.path]));
  const findings: Finding[] = [];
  if (subject.changes?.some((c) => c.status === 'D' && c.path === file)) {
    // Untracking the policy would leave only the working-tree copy, which nobody reviews.
    findings.push(...policyFindings([{ weakening: true, message: `${file} removed from the repository: the policy is no longer versioned` }], config, file, allow));
    return findings;
  }
  if (touched.has(file) && subject.before) {
    const text = subject.before(file);
    if (text !== undefined) {
      try {
        findings.push(...policyFindings(diffPolicy(parseConfig(text, config.file, `${file} (before)`), config), config, file, allow));
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        findings.push(finding({ rule: 'policy-change', severity: 'warning', file, message: 'the previous orchestrator.toml does not load, so what this change did to the policy cannot be judged', hint: error.message.split('\n')[0]! }));
      }
    }
  }
  if (touched.has(baselineFile) && subject.before) {
    const before = readPreviousBaseline(subject.before(baselineFile), `${baselineFile} (before)`);
    const after = readBaseline(subject.snapshot.view.readText(baselineFile), baselineFile);
    findings.push(...policyFindings(diffBaseline(before, after), config, baselineFile, allow));
  }
  return findings;
}

/** `cn-guard check` in all three modes: the whole repository, the staged tree, or a PR. */
export function runCheck(options: CheckOptions): CheckResult {
  const started = performance.now();
  const location = locateConfig(options);
  const subject = options.staged
    ? stagedTree(location)
    : options.base !== undefined
      ? pullRequest(location, options.base, options.head ?? 'HEAD')
      : workingTree(location);
  const { snapshot } = subject;
  const { config } = snapshot;
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  if (snapshot.partial) {
    // The unchanged files were checked when they were committed; only ties on the changed ones are news.
    const problems = [...snapshot.problems, ...checkScopes(config, snapshot.sources, { emptyScopes: false })];
    if (problems.length > 0) throw new ConfigError(problems);
  }
  const head: Evaluation = evaluateSnapshot(snapshot, today, { sanity: !snapshot.partial });
  const baselineFile = config.settings.baseline;
  let findings = withBaseline(head.findings, snapshot, baselineFile);
  let fixed = 0;
  if (subject.base) {
    const base = evaluateSnapshot(subject.base, today, { sanity: false });
    ({ findings, fixed } = compareWithBase(findings, withBaseline(base.findings, subject.base, baselineFile, readPreviousBaseline)));
  }
  const configFile = configPath(location, config.root);
  // Only changes have an acting domain; a whole-repository check does not ask who is acting.
  const acting = subject.changes ? actingDomain(config, options.domain, options.head) : undefined;
  if (acting && subject.changes) {
    findings.push(...outOfScopeChanges(subject.changes, acting, head.owners, new Set([configFile, baselineFile])));
  }
  findings.push(...policyChanges(subject, config, configFile, options.allowPolicyChange === true));
  findings.sort(compareFindings);
  const failOn = options.failOn ?? 'error';
  const report: CheckReport = {
    tool: TOOL,
    configFile: config.displayFile,
    domains: config.domains.map((d) => ({ name: d.name, ...(d.agentName && { agentName: d.agentName }) })),
    findings,
    summary: {
      ...summarize(findings),
      ...(subject.base && { fixed }),
      files: head.graph.files.length,
      edges: head.graph.edges.length,
      durationMs: Math.round(performance.now() - started),
    },
    failed: findings.some((f) => isFailing(f, failOn)),
  };
  return { report, graph: head.graph };
}
