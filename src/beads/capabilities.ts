import { byCodePoint, type CapabilityReport, closest, type UnblockedIssue } from '../model/index.js';
import { isClosed, isGone } from './issue.js';
import type { BeadsIssue, ProjectIssues } from './types.js';

export const EXPORT = 'export:';
export const PROVIDES = 'provides:';
export const EXTERNAL = 'external:';

/** The dependency types that hold an issue back (bd ≥ 1.3 counts external references of these). */
const BLOCKING = new Set(['blocks', 'conditional-blocks', 'waits-for']);

export interface ExternalRef {
  project: string;
  /** May itself contain `:`: bd splits the reference into at most three parts. */
  capability: string;
}

/** `external:<project>:<capability>`, or why it is not one (bd's own wording). */
export function parseExternalRef(ref: string): ExternalRef | string {
  if (!ref.startsWith(EXTERNAL)) return "external reference must start with 'external:'";
  const rest = ref.slice(EXTERNAL.length);
  const colon = rest.indexOf(':');
  if (colon < 0) return `invalid external reference format: expected 'external:<project>:<capability>', got '${ref}'`;
  const [project, capability] = [rest.slice(0, colon), rest.slice(colon + 1)];
  if (project === '') return 'external reference missing project name';
  if (capability === '') return 'external reference missing capability name';
  return { project, capability };
}

export const externalRef = (project: string, capability: string): string => `${EXTERNAL}${project}:${capability}`;

/** A capability name as a label suffix: no whitespace (bd's labels would split, and nobody could type it in a reference). */
export function capabilityProblem(capability: string): string | undefined {
  if (capability === '') return 'a capability name must not be empty';
  if (/\s/u.test(capability)) return `capability "${capability}" contains whitespace; use - or : instead`;
  return undefined;
}

/** A reference of this project's that leads nowhere: its project is unknown, or nothing there exports the capability. */
export interface DanglingRef {
  issue: BeadsIssue;
  ref: string;
  message: string;
  suggestion?: string;
}

/** Past this many distinct dangling names, no more "did you mean" is computed: each costs an edit distance per exported capability. */
const SUGGESTIONS = 200;

const labelled = (issue: BeadsIssue, prefix: string) => issue.labels.filter((label) => label.startsWith(prefix)).map((label) => label.slice(prefix.length));

/** Each project's exported and provided capabilities, by name. */
function indexProjects(projects: ProjectIssues[]) {
  const index = new Map<string, { readable: boolean; exports: Map<string, BeadsIssue[]>; provided: Map<string, BeadsIssue> }>();
  for (const project of projects) {
    const exports = new Map<string, BeadsIssue[]>();
    const provided = new Map<string, BeadsIssue>();
    for (const issue of project.issues) {
      if (isGone(issue)) continue;
      for (const capability of labelled(issue, EXPORT)) exports.set(capability, [...(exports.get(capability) ?? []), issue]);
      // bd's satisfaction rule: a closed issue labelled provides:<capability>.
      if (isClosed(issue)) for (const capability of labelled(issue, PROVIDES)) if (!provided.has(capability)) provided.set(capability, issue);
    }
    index.set(project.name, { readable: project.source !== 'none', exports, provided });
  }
  return index;
}

export interface CapabilityAnalysis {
  report: CapabilityReport;
  /** This project's dangling references (the others' are their own projects' business). */
  dangling: DanglingRef[];
}

/**
 * Who provides what, who waits on what, and whose wait is over: bd's satisfaction rule, failing
 * closed (an unknown or unreadable project satisfies nothing). An issue is unblocked when it is
 * open, every blocking external reference of it is satisfied, and no open local issue blocks it.
 */
export function analyzeCapabilities(projects: ProjectIssues[]): CapabilityAnalysis {
  const index = indexProjects(projects);
  const report: CapabilityReport = {
    projects: projects.map((p) => ({ name: p.name, source: p.source, issues: p.issues.length })),
    provided: [],
    blocked: [],
    unblocked: [],
  };
  for (const [project, { provided }] of index) {
    for (const [capability, issue] of provided) report.provided.push({ project, capability, issue: issue.id });
  }
  const dangling: DanglingRef[] = [];
  const satisfied = (ref: ExternalRef) => {
    const target = index.get(ref.project);
    return target?.readable === true && target.provided.has(ref.capability);
  };
  const judged = new Map<string, { message: string; suggestion?: string } | undefined>();
  const judge = (ref: ExternalRef | string) => {
    const key = typeof ref === 'string' ? ref : `${ref.project}\0${ref.capability}`;
    if (!judged.has(key)) judged.set(key, danglingProblem(ref, index, judged.size < SUGGESTIONS));
    return judged.get(key);
  };
  for (const project of projects) {
    const open = new Set(project.issues.filter((i) => !isClosed(i) && !isGone(i)).map((i) => i.id));
    for (const issue of project.issues) {
      if (!open.has(issue.id)) continue;
      const waitingOn = new Set<string>();
      const met = new Set<string>();
      const seen = new Set<string>();
      for (const { dependsOn, type } of issue.dependencies) {
        if (!dependsOn.startsWith(EXTERNAL)) continue;
        const ref = parseExternalRef(dependsOn);
        if (project.self && !seen.has(dependsOn)) {
          seen.add(dependsOn);
          const problem = judge(ref);
          if (problem) dangling.push({ issue, ref: dependsOn, ...problem });
        }
        if (!BLOCKING.has(type)) continue;
        (typeof ref !== 'string' && satisfied(ref) ? met : waitingOn).add(dependsOn);
      }
      if (waitingOn.size > 0) report.blocked.push({ project: project.name, issue: issue.id, title: issue.title, waitingOn: [...waitingOn] });
      else if (met.size > 0 && !issue.dependencies.some((d) => BLOCKING.has(d.type) && open.has(d.dependsOn))) {
        report.unblocked.push({ project: project.name, issue: issue.id, title: issue.title, satisfied: [...met] });
      }
    }
  }
  const order = (a: { project: string; issue: string }, b: { project: string; issue: string }) =>
    byCodePoint(a.project, b.project) || byCodePoint(a.issue, b.issue);
  report.provided.sort((a, b) => byCodePoint(a.project, b.project) || byCodePoint(a.capability, b.capability));
  report.blocked.sort(order);
  report.unblocked.sort(order);
  return { report, dangling };
}

function danglingProblem(
  ref: ExternalRef | string,
  index: ReturnType<typeof indexProjects>,
  suggest: boolean,
): { message: string; suggestion?: string } | undefined {
  if (typeof ref === 'string') return { message: ref };
  const target = index.get(ref.project);
  if (!target) {
    const near = suggest ? closest(ref.project, index.keys()) : undefined;
    return {
      message: `project "${ref.project}" is unknown: neither [external_projects] nor .beads/config.yaml declares it`,
      ...(near !== undefined && { suggestion: externalRef(near, ref.capability) }),
    };
  }
  // An unreadable project is reported as such; what it exports cannot be known. A capability
  // provided without its export label (bd import does not guard provides:) leads somewhere too.
  if (!target.readable || target.exports.has(ref.capability) || target.provided.has(ref.capability)) return undefined;
  const near = suggest ? closest(ref.capability, target.exports.keys()) : undefined;
  return {
    message: `no issue of project "${ref.project}" is labelled ${EXPORT}${ref.capability}`,
    ...(near !== undefined && { suggestion: externalRef(ref.project, near) }),
  };
}

/** Open issues that wait on this capability of this project and that nothing else holds back any more. */
export function unblockedBy(report: CapabilityReport, project: string, capability: string): UnblockedIssue[] {
  const ref = externalRef(project, capability);
  return report.unblocked.filter((issue) => issue.satisfied.includes(ref));
}
