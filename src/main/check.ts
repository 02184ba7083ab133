import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { type Config, type ConfigLocation, locateConfig } from '../config/index.js';
import type { ContractVerdict } from '../contracts/index.js';
import { buildDomainGraph, markChanges, renderMermaid, UNOWNED } from '../diagram/index.js';
import { resolveCommit } from '../git/index.js';
import { listFilesInParallel } from '../graph/index.js';
import { compareFindings, type Finding, isFailing, UsageError } from '../model/index.js';
import type { CheckMode, CheckReport, WebLinks } from '../report/index.js';
import { applyBaseline, type BaselineEntry, compareWithBase, staleBaselineFindings } from '../rules/index.js';
import { readSubjectBeads } from './beads.js';
import { changeChecks } from './checks/index.js';
import { readBaseline, readPreviousBaseline } from './checks/policy.js';
import { validateSubjectContracts } from './contracts.js';
import { pullRequest, type Subject, stagedTree, workingTree } from './modes.js';
import { type Evaluation, evaluateSnapshot, evaluateWithGraph, type GraphEvaluation, type Snapshot } from './snapshot.js';
import { evaluateAhead, type Runtime, startThreadsEarly, stopThreads } from './threads.js';
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
  /** Breaking contract changes pass this once, as warnings. */
  allowBreaking?: boolean;
  failOn?: string;
  /** `YYYY-MM-DD`; defaults to today (UTC). Exceptions expire after this day. */
  today?: string;
  /**
   * PR mode: draw the domains the change touches (the report's `diagram`), for the formats that
   * show it. It keeps the import graphs of head and base until the diagram is drawn.
   */
  diagram?: boolean;
}

export interface CheckResult {
  report: CheckReport;
  /** The checked state's configuration, for what is posted after the check (Beads tasks go to its agents). */
  config?: Config;
  /** The verdicts on the published artifacts of the checked state (for `contracts --update`). */
  contracts?: ContractVerdict[];
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

/** `--allow-breaking`: breaking contract changes reported as warnings, this once, and said so. */
function allowBreakingChanges(report: CheckReport, failOn: FailOn): CheckReport {
  const allowed = report.findings.filter((f) => f.rule === 'breaking-contract-change' && f.severity === 'error').length;
  if (allowed === 0) return report;
  const findings = report.findings.map((f) => (f.rule === 'breaking-contract-change' && f.severity === 'error' ? { ...f, severity: 'warning' as const } : f));
  const note = `--allow-breaking: ${allowed} breaking contract change${allowed === 1 ? ' passes' : 's pass'} as warning${allowed === 1 ? '' : 's'}; record ${allowed === 1 ? 'it' : 'them'} in the lock to stop seeing ${allowed === 1 ? 'it' : 'them'}`;
  return { ...reportOnly({ ...report, findings }, () => true, failOn), notes: [...report.notes, note] };
}

/** The same report with only some of its findings, counted and judged again (`cn-guard contracts`: the contract rules). */
export function reportOnly(report: CheckReport, keep: (finding: Finding) => boolean, failOn: FailOn): CheckReport {
  const findings = report.findings.filter(keep);
  return { ...report, findings, summary: { ...report.summary, ...summarize(findings) }, failed: findings.some((f) => isFailing(f, failOn)) };
}

/** Known violations marked, and — after a whole-repository scan — stale entries reported. */
function withBaseline(findings: Finding[], snapshot: Snapshot, read: (text: string | undefined, file: string) => BaselineEntry[]): Finding[] {
  const baselineFile = snapshot.config.settings.baseline;
  const result = applyBaseline(findings, read(snapshot.view.readText(baselineFile), baselineFile));
  return [...result.findings, ...(snapshot.partial ? [] : staleBaselineFindings(result.stale, baselineFile))];
}

async function openSubject(options: CheckOptions, location: ConfigLocation, large: boolean): Promise<Subject> {
  const named = projectPaths(options.files, options.cwd, location);
  if (options.staged) return stagedTree(location, named);
  if (options.base !== undefined) return pullRequest(location, options.base, options.head ?? 'HEAD');
  return workingTree(location, named, large ? await listFilesInParallel(dirname(location.file)) : undefined);
}

/** What the pipeline needs besides the subject: the same for the CLI, the Action and the tests. */
export interface CheckSettings {
  today: string;
  failOn: FailOn;
  domain?: string;
  head?: string;
  allowPolicyChange?: boolean;
  diagram?: boolean;
  /** The folder holding orchestrator.toml, relative to the repository root (`''`, the default, when it is the root). */
  projectDir?: string;
}

function modeOf(subject: Subject): CheckMode {
  if (subject.base) return 'pull-request';
  if (subject.changes) return 'staged';
  return subject.snapshot.partial ? 'files' : 'repository';
}

/**
 * PR mode: the domains the change touches — those of its introduced findings, and the ends of
 * the domain edges it adds or removes — with those edges, drawn as `graph --base` draws them.
 * Only introduced findings count as violations, so that the red edges are the change's own.
 */
function changeDiagram(
  head: Snapshot & { evaluation: GraphEvaluation },
  base: Snapshot & { evaluation: GraphEvaluation },
  findings: Finding[],
): string | undefined {
  const introduced = findings.filter((f) => f.status === 'new');
  const domainGraph = ({ config, governed, evaluation }: typeof head, found: Finding[]) =>
    buildDomainGraph({ config, graph: evaluation.graph, owners: evaluation.owners, findings: found, governed });
  const graph = markChanges(domainGraph(head, introduced), domainGraph(base, []));
  const touched = new Set<string>();
  for (const f of introduced) {
    if (f.domain !== undefined) touched.add(f.domain);
    if (f.target !== undefined) touched.add(f.targetDomain ?? UNOWNED);
  }
  for (const e of graph.edges) if (e.change) touched.add(e.from).add(e.to);
  if (touched.size === 0) return undefined;
  return renderMermaid({
    nodes: graph.nodes.filter((n) => touched.has(n.name)),
    edges: graph.edges.filter((e) => touched.has(e.from) && touched.has(e.to)),
  });
}

/** A finding may name a path the checked state does not have (a file the change deletes): formats must not point into it. */
function absentPaths(findings: Finding[], snapshot: Snapshot): string[] {
  const absent = new Set<string>();
  let previous: string | undefined;
  // Sorted findings come file by file: each file is asked about once a run of them.
  for (const { file } of findings) {
    if (file === previous) continue;
    previous = file;
    if (!snapshot.view.isFile(file)) absent.add(file);
  }
  return [...absent];
}

/**
 * The check itself, over whatever the subject's views hold (the disk, git, or memory): each
 * state is evaluated by the snapshot checks; a PR's findings are compared with its merge base's;
 * then the change checks judge the change itself.
 */
export function checkSubject(subject: Subject, settings: CheckSettings, started = performance.now()): CheckResult {
  const { snapshot } = subject;
  const { today } = settings;
  // The diagram needs the import graphs; every other run lets them go as soon as they are judged.
  const draw = settings.diagram === true && subject.base !== undefined;
  const evaluate = (s: Snapshot, role: Parameters<typeof evaluateSnapshot>[2]): Evaluation =>
    draw ? evaluateWithGraph(s, today, role) : evaluateSnapshot(s, today, role);
  const head = evaluate(snapshot, subject.changes ? 'change' : 'head');
  let findings = withBaseline(head.findings, snapshot, readBaseline);
  let fixed = 0;
  let unchanged: string[] | undefined;
  let diagram: string | undefined;
  if (subject.base) {
    const base = evaluate(subject.base, 'base');
    const baseFindings = withBaseline(base.findings, subject.base, readPreviousBaseline);
    ({ findings, fixed } = compareWithBase(findings, baseFindings));
    // A `new` finding the base has is `preexisting` already; suppressed and known ones keep their status, and SARIF still asks.
    const atBase = new Set(baseFindings.map((f) => f.fingerprint));
    unchanged = findings.filter((f) => (f.status === 'suppressed' || f.status === 'known') && atBase.has(f.fingerprint)).map((f) => f.fingerprint);
    if (draw) {
      diagram = changeDiagram({ ...snapshot, evaluation: head as GraphEvaluation }, { ...subject.base, evaluation: base as GraphEvaluation }, findings);
    }
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
  const absent = absentPaths(findings, snapshot);
  const report: CheckReport = {
    tool: TOOL,
    configFile: config.displayFile,
    mode: modeOf(subject),
    project: { dir: settings.projectDir ?? '', config: snapshot.configFile, baseline: config.settings.baseline },
    domains: config.domains.map((d) => {
      const line = config.locate(['domains', d.name, 'scope'])?.line;
      return { name: d.name, ...(d.agentName && { agentName: d.agentName }), ...(line !== undefined && { line }) };
    }),
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
    ...(subject.changes && { changed: [...new Set(subject.changes.flatMap((c) => (c.status === 'R' && c.from !== undefined ? [c.from, c.path] : [c.path])))] }),
    ...(absent.length > 0 && { absent }),
    ...(unchanged && { unchanged }),
    ...(diagram !== undefined && { diagram }),
    ...(snapshot.beads && { capabilities: snapshot.beads.analysis.report }),
  };
  return { report };
}

/** The folder holding orchestrator.toml, relative to its git work tree (the nearest folder above with a `.git`); `''` outside git. */
function projectDir(root: string): string {
  for (let at = root; ; at = dirname(at)) {
    if (existsSync(join(at, '.git'))) return relative(at, root).split(sep).join('/');
    if (dirname(at) === at) return '';
  }
}

/**
 * In GitHub Actions (GITHUB_SERVER_URL, GITHUB_REPOSITORY): where the checked files are on the
 * web, at the commit checked — a PR's head, else GITHUB_SHA (or HEAD).
 */
function webLinks(root: string, options: CheckOptions): WebLinks | undefined {
  const server = process.env.GITHUB_SERVER_URL;
  const repository = process.env.GITHUB_REPOSITORY;
  if (!server || !repository) return undefined;
  const commit = options.base !== undefined ? resolveCommit(root, options.head ?? 'HEAD') : process.env.GITHUB_SHA || resolveCommit(root, 'HEAD');
  return commit ? { server: server.replace(/\/+$/, ''), repository, commit } : undefined;
}

/** `cn-guard check` in every mode: the whole repository, named files, the staged tree, or a PR. */
export async function runCheck(options: CheckOptions, runtime: Runtime = {}): Promise<CheckResult> {
  const started = performance.now();
  const failOn = validateCheckOptions(options);
  const location = locateConfig(options);
  const root = dirname(location.file);
  const wholeTree = !options.staged && options.base === undefined && !options.files?.length;
  const early = wholeTree ? startThreadsEarly(root, runtime) : [];
  let subject: Subject;
  try {
    subject = await openSubject(options, location, early.length > 0);
  } catch (error) {
    stopThreads(early);
    throw error;
  }
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  await evaluateAhead(subject, location, today, runtime, early);
  await Promise.all([validateSubjectContracts(subject), readSubjectBeads(subject)]);
  const { report } = checkSubject(
    subject,
    {
      today,
      failOn,
      projectDir: projectDir(root),
      ...(options.domain !== undefined && { domain: options.domain }),
      ...(options.head !== undefined && { head: options.head }),
      ...(options.allowPolicyChange !== undefined && { allowPolicyChange: options.allowPolicyChange }),
      ...(options.diagram !== undefined && { diagram: options.diagram }),
    },
    started,
  );
  const links = webLinks(root, options);
  const judged = options.allowBreaking ? allowBreakingChanges(report, failOn) : report;
  return {
    report: links ? { ...judged, links } : judged,
    config: subject.snapshot.config,
    ...(subject.snapshot.contracts && { contracts: subject.snapshot.contracts }),
  };
}
