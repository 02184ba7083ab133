import { posix } from 'node:path';
import {
  analyzeCapabilities,
  type Bd,
  BEADS_CONFIG,
  BEADS_DIR,
  type CapabilityAnalysis,
  diskFiles,
  findBd,
  type ProjectFiles,
  type ProjectIssues,
  projectsOf,
  type ReadProblem,
  readProject,
} from '../beads/index.js';
import type { Config } from '../config/index.js';
import type { RepoView } from '../graph/index.js';
import type { Subject } from './modes.js';
import type { Snapshot } from './snapshot.js';

/** What a snapshot's Beads projects say, read ahead of the (synchronous) check like the contracts' verdicts. */
export interface BeadsState {
  projects: ProjectIssues[];
  /** `.beads/config.yaml` that cannot be read. */
  problems: ReadProblem[];
  analysis: CapabilityAnalysis;
}

/** Whether the project takes part in Beads at all: its own `.beads/`, or projects it depends on. */
export const usesBeads = (config: Config, view: Pick<RepoView, 'isDirectory'>): boolean =>
  view.isDirectory(BEADS_DIR) || Object.keys(config.externalProjects).length > 0;

/**
 * The bd this run uses: the one on PATH, if any (docs/beads.md, "Reading"), stopped after
 * `CN_GUARD_BD_TIMEOUT` seconds (30 by default).
 */
export function bdOf(env: NodeJS.ProcessEnv): Bd | undefined {
  const path = findBd(env);
  if (path === undefined) return undefined;
  const seconds = Number(env.CN_GUARD_BD_TIMEOUT);
  return { path, env, ...(Number.isFinite(seconds) && seconds > 0 && { timeoutMs: seconds * 1000 }) };
}

/** What several reads in one run share: an external project is read once, whichever snapshot asks. */
export type ReadCache = Map<string, Promise<ProjectIssues>>;

/**
 * Every project's issues as this state of the project sees them: its own `.beads/` through the
 * snapshot's view (staged and PR mode read the JSONL as committed), the external projects from disk.
 */
export async function readBeads(config: Config, view: ProjectFiles, bd: Bd | undefined, cache: ReadCache = new Map()): Promise<BeadsState> {
  const beadsConfig = view.readText(BEADS_CONFIG);
  const { projects, problems } = projectsOf({
    root: config.root,
    ...(config.projectName !== undefined && { projectName: config.projectName }),
    externalProjects: config.externalProjects,
    ...(beadsConfig !== undefined && { beadsConfig }),
  });
  const read = await Promise.all(
    projects.map((project) => {
      // bd answers from its database whatever the snapshot: one call per project and run.
      const key = project.self && !bd ? undefined : project.root;
      if (key === undefined) return readProject(project, view, bd);
      let issues = cache.get(key);
      if (!issues) cache.set(key, (issues = readProject(project, project.self ? view : diskFiles(project.root), bd)));
      return issues;
    }),
  );
  return { projects: read, problems, analysis: analyzeCapabilities(read) };
}

/** A staged change that touches Beads or the policy: otherwise the pre-commit check leaves Beads alone. */
function touchesBeads(subject: Subject): boolean {
  const { configFile } = subject.snapshot;
  const dir = posix.dirname(configFile);
  const beads = dir === '.' ? `${BEADS_DIR}/` : `${dir}/${BEADS_DIR}/`;
  return (subject.changes ?? []).some((change) =>
    [change.path, change.from].some((path) => path !== undefined && (path === configFile || path.startsWith(beads))),
  );
}

/**
 * Beads for each state a check judges — the whole repository, a pull request's head and merge
 * base — and, in staged mode, only when the commit touches `.beads/` or orchestrator.toml.
 */
export async function readSubjectBeads(subject: Subject, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const staged = subject.changes !== undefined && subject.base === undefined;
  if (staged && !touchesBeads(subject)) return;
  const states = [subject.snapshot, subject.base].filter((s): s is Snapshot => s !== undefined && usesBeads(s.config, s.view));
  if (states.length === 0) return;
  const bd = bdOf(env);
  const cache: ReadCache = new Map();
  for (const state of states) state.beads = await readBeads(state.config, state.view, bd, cache);
}
