import type { TaskAction } from './tasks.js';
import type { BeadsIssue } from './types.js';
/** One run at a time per project: the inbox is read, changed and written back, and bd itself must not run twice at once. */
export const POST_LOCK = '.orchestrator/beads.lock';

export interface PostedIssue {
  id: string;
  title: string;
}

export interface PostOutcome {
  via: 'bd' | 'inbox';
  /** The inbox, relative to the project root, when it was used. */
  inbox?: string;
  created: PostedIssue[];
  updated: PostedIssue[];
  closed: PostedIssue[];
  /** What could not be posted: said, never thrown, and never at the cost of the other tasks. */
  warnings: string[];
}

/** Where tasks go: bd, or the import inbox. `plan` runs under the project's lock, on what is there then. */
export interface TaskStore {
  post(plan: (existing: BeadsIssue[]) => TaskAction[]): Promise<PostOutcome>;
}

/** RFC 3339 in UTC at second precision, as bd's database returns times. */
export const beadsTime = (date = new Date()): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** What a post did, before it did anything. */
export const emptyOutcome = (via: PostOutcome['via']): PostOutcome => ({ via, created: [], updated: [], closed: [], warnings: [] });
