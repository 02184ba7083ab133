import { BEADS_CONFIG, BEADS_DIR, type DanglingRef, ISSUES_JSONL, type ProjectIssues, type ReadProblem } from '../../beads/index.js';
import { type Finding, finding } from '../../model/index.js';
import type { Snapshot } from '../snapshot.js';
import type { SnapshotCheck } from './types.js';

/**
 * Capabilities across projects (spec §4.2): this project's `external:` references that lead
 * nowhere, and every project that could not be read. The reading is done ahead (beads.ts);
 * the analysis itself also feeds the report's `capabilities`.
 */
export const capabilityReferences: SnapshotCheck = {
  name: 'capabilities',
  run: ({ snapshot }) => {
    const { beads } = snapshot;
    if (!beads) return [];
    const agents = new Map(snapshot.config.domains.flatMap((d) => (d.agentName ? [[d.agentName, d.name] as const] : [])));
    const self = beads.projects.find((p) => p.self);
    return [
      ...beads.problems.map((problem) => unreadable(problem, snapshot)),
      ...beads.projects.flatMap((project) => project.problems.map((problem) => unreadable(problem, snapshot, project))),
      ...beads.analysis.dangling.map((ref) => dangling(ref, self, agents, snapshot)),
    ];
  },
};

/** A path of this project's (relative to its root) as findings name paths: from the folder holding orchestrator.toml. */
function inProject(snapshot: Snapshot, path: string): string {
  const dir = snapshot.configFile.includes('/') ? snapshot.configFile.slice(0, snapshot.configFile.lastIndexOf('/')) : '';
  return dir ? `${dir}/${path}` : path;
}

/** Where a problem points: this project's own file, or the line that declares the external project. */
function unreadable(problem: ReadProblem, snapshot: Snapshot, project?: ProjectIssues): Finding {
  const external = project !== undefined && !project.self;
  const declared = external && project.declaredIn === 'orchestrator.toml' ? snapshot.config.locate(['external_projects', project.name]) : undefined;
  const file = external
    ? project.declaredIn === 'orchestrator.toml'
      ? snapshot.configFile
      : inProject(snapshot, BEADS_CONFIG)
    : inProject(snapshot, problem.file);
  const line = external ? declared?.line : problem.line;
  return finding({
    rule: 'unreadable-beads',
    severity: 'warning',
    message: problem.message,
    file,
    ...(line !== undefined && { line }),
    ...(problem.hint !== undefined && { hint: problem.hint }),
    identity: `${project?.name ?? ''}\0${problem.file}\0${problem.line ?? ''}`,
  });
}

function dangling(ref: DanglingRef, self: ProjectIssues | undefined, agents: Map<string, string>, snapshot: Snapshot): Finding {
  const { issue } = ref;
  const fromJsonl = self?.source === 'jsonl' && issue.line !== undefined;
  const domain = issue.assignee !== undefined ? agents.get(issue.assignee) : undefined;
  return finding({
    rule: 'dangling-external-ref',
    severity: 'error',
    message: `${issue.id} "${issue.title}" depends on ${ref.ref}, which leads nowhere: ${ref.message}`,
    file: inProject(snapshot, fromJsonl ? ISSUES_JSONL : BEADS_DIR),
    ...(fromJsonl && { line: issue.line }),
    ...(domain !== undefined && { domain }),
    hint: ref.suggestion !== undefined ? `did you mean ${ref.suggestion}?` : `fix the reference with bd dep remove ${issue.id} ${ref.ref}, then bd dep add`,
    identity: `${issue.id}\0${ref.ref}`,
  });
}
