import type { Change } from '../../git/index.js';
import type { ConfigProblem, Finding } from '../../model/index.js';
import type { Owners } from '../../rules/index.js';
import type { ImportsEvaluated, Role, Snapshot } from '../snapshot.js';

export interface SnapshotContext {
  snapshot: Snapshot;
  /** `YYYY-MM-DD` (UTC): exceptions expire after this day. */
  today: string;
  role: Role;
}

export interface EvaluatedContext extends SnapshotContext {
  owners: Owners;
  /** What the import rules found in the snapshot's sources (by one thread, or several). */
  imports: ImportsEvaluated;
}

/**
 * A check of one state of the repository. In PR mode it runs on the head and on the merge
 * base, and only what the head adds is introduced; `problems` are configuration errors that
 * stop a whole-repository check (exit 2) before anything is scanned.
 */
export interface SnapshotCheck {
  name: string;
  problems?(context: SnapshotContext): ConfigProblem[];
  run(context: EvaluatedContext): Finding[];
}

/** Read access to the state before a change (HEAD in staged mode, the merge base in PR mode). */
export interface PreviousState {
  readText(path: string): string | undefined;
  isDirectory(path: string): boolean;
}

export interface ChangeContext {
  head: Snapshot;
  owners: Owners;
  changes: Change[];
  before?: PreviousState;
  /** Root-relative path of orchestrator.toml. */
  configFile: string;
  actingDomain?: string;
  headRef?: string;
  allowPolicyChange: boolean;
}

/** A check of the change itself (staged or PR mode): who changed what, and what it did to the policy. */
export interface ChangeCheck {
  name: string;
  run(context: ChangeContext): Finding[];
}
