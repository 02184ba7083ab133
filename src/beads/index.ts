export { BD_TIMEOUT_MS, type Bd, BdError, findBd, runBd } from './bd.js';
export {
  analyzeCapabilities,
  type CapabilityAnalysis,
  capabilityProblem,
  type DanglingRef,
  EXPORT,
  EXTERNAL,
  externalRef,
  PROVIDES,
  parseExternalRef,
  unblockedBy,
} from './capabilities.js';
export { isClosed, isGone } from './issue.js';
export { ISSUES_JSONL, parseIssuesJsonl } from './jsonl.js';
export { addLabelToLine, editIssueLine } from './jsonl-edit.js';
export { labelInExport } from './label-export.js';
export { BEADS_CONFIG, projectsOf } from './projects.js';
export { BEADS_DIR, diskFiles, type ProjectFiles, readProject } from './read.js';
export { beadsTime, POST_LOCK, type PostOutcome, type TaskStore } from './store.js';
export { bdStore } from './store-bd.js';
export { exportedIssues, inboxStore, issuePrefix } from './store-inbox.js';
export { type DesiredTask, reconcileTasks, TASK_LABEL, type TaskAction, unblockedNotice, violationTasks } from './tasks.js';
export type { BeadsIssue, BeadsProject, ProjectIssues, ReadProblem } from './types.js';
