/**
 * Beads issues as cn-guard reads them: the few fields it judges, whatever version of bd wrote
 * them (docs/beads.md). Everything else on a record is carried through untouched.
 */
export interface Dependency {
  /** A local id, or `external:<project>:<capability>`. */
  dependsOn: string;
  type: string;
}

export interface BeadsIssue {
  id: string;
  title: string;
  description?: string;
  priority?: number;
  /** Any string: custom statuses are accepted, `closed` is the one that counts. */
  status: string;
  labels: string[];
  dependencies: Dependency[];
  assignee?: string;
  createdAt?: string;
  /** bd's raw `metadata` object (cn-guard keeps its fingerprint there). */
  metadata?: Record<string, unknown>;
  /** The record as read: what an update through the inbox carries over unchanged. */
  record?: Record<string, unknown>;
  /** JSONL only: the 1-based line the issue's last record is on. */
  line?: number;
}

/** Where a project's issues came from: bd, the JSONL export, or nowhere readable. */
export type BeadsSource = 'bd' | 'jsonl' | 'none';

/** One Beads project: this one (`self`) or one of `external_projects`. */
export interface BeadsProject {
  name: string;
  /** Absolute root of the project (the folder holding `.beads/`). */
  root: string;
  self: boolean;
  /** Where the project was declared: `orchestrator.toml` or `.beads/config.yaml`. */
  declaredIn: string;
}

/** Something about reading a project that the user must hear: a finding, never a crash. */
export interface ReadProblem {
  /** The file the problem is about, relative to the project root (`.beads/issues.jsonl`) or the project's folder. */
  file: string;
  line?: number;
  message: string;
  hint?: string;
}

export interface ProjectIssues extends BeadsProject {
  source: BeadsSource;
  issues: BeadsIssue[];
  /** Unreadable project, failed bd, malformed lines: each reported, the rest still read. */
  problems: ReadProblem[];
}
