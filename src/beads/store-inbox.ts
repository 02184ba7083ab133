import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkWritable, withFileLock, writeFileAtomically } from '../io/index.js';
import { ISSUES_JSONL, parseIssuesJsonl } from './jsonl.js';
import { beadsTime, emptyOutcome, POST_LOCK, type PostOutcome, type TaskStore } from './store.js';
import { type DesiredTask, TASK_LABEL } from './tasks.js';
import type { BeadsIssue } from './types.js';

/**
 * The id an inbox task keeps for good: the project's prefix, `cng` as bd marks its own kinds
 * (`-wisp-`, `-mol-`), and the fingerprint. `bd import` upserts by id, so the task is created once.
 */
export const inboxId = (prefix: string, fingerprint: string): string => `${prefix}-cng-${fingerprint.slice(0, 12)}`;

/** The prefix most of a project's ids share (bd's `issue_prefix`), else the project's name. */
export function issuePrefix(issues: BeadsIssue[], fallback: string): string {
  const counts = new Map<string, number>();
  for (const { id } of issues) {
    const prefix = /^(.+?)-[0-9a-z]+(?:\.\d+)*$/.exec(id)?.[1];
    if (prefix !== undefined && !prefix.endsWith('-cng')) counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  return (
    best ??
    (fallback
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') ||
      'cn')
  );
}

/** A task as a line of bd's JSONL export (docs/beads.md): what `bd import` reads. */
function taskRecord(id: string, task: DesiredTask, now: string, previous?: BeadsIssue): Record<string, unknown> {
  const before = previous?.record ?? {};
  const { closed_at: _closedAt, close_reason: _reason, ...kept } = before;
  return {
    _type: 'issue',
    ...kept,
    id,
    title: task.title,
    description: task.description,
    // An update keeps what the agent made of the task (in progress, reprioritised); a closed one reopens.
    status: previous && previous.status !== 'closed' ? previous.status : 'open',
    priority: previous?.priority ?? task.priority,
    issue_type: task.type,
    ...(task.assignee !== undefined && { assignee: task.assignee }),
    created_at: typeof before.created_at === 'string' ? before.created_at : now,
    created_by: typeof before.created_by === 'string' ? before.created_by : TASK_LABEL,
    updated_at: now,
    metadata: { ...(previous?.metadata ?? {}), ...task.metadata },
    labels: [...new Set([...(previous?.labels ?? []), ...task.labels])].sort(),
    ...(task.relatesTo !== undefined && {
      dependencies: [{ issue_id: id, depends_on_id: task.relatesTo, type: 'related', created_at: now, created_by: TASK_LABEL, metadata: '{}' }],
    }),
  };
}

export interface InboxOptions {
  root: string;
  /** Relative to the root (`settings.beads_inbox`). */
  inbox: string;
  /** The project's issues as exported: tasks bd imported already count as existing. */
  issues: BeadsIssue[];
  prefix: string;
}

/**
 * Tasks as records in an import inbox, for `bd import` to upsert: under the project's lock the
 * inbox is read, each task's line replaced by its latest record (or added), and the whole written
 * to a temporary file and renamed — eight runs at once leave every task once and no line torn or
 * interleaved.
 */
export function inboxStore({ root, inbox, issues, prefix }: InboxOptions): TaskStore {
  return {
    post: (plan) =>
      withFileLock(root, POST_LOCK, async () => {
        const result: PostOutcome = { ...emptyOutcome('inbox'), inbox };
        const path = checkWritable(root, inbox);
        let text = '';
        try {
          text = readFileSync(path, 'utf8');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
        // What the inbox says is newer than the export: bd has not imported it yet, or has.
        const byId = new Map(issues.map((issue) => [issue.id, issue]));
        const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
        const lineOf = new Map<string, number>();
        for (const issue of parseIssuesJsonl(text, inbox).issues) {
          byId.set(issue.id, issue);
          lineOf.set(issue.id, issue.line! - 1);
        }
        // One line per task, its latest: bd import upserts by id, and the inbox does not grow with every run.
        const put = (id: string, record: Record<string, unknown>) => {
          const at = lineOf.get(id);
          if (at === undefined) lineOf.set(id, lines.push(JSON.stringify(record)) - 1);
          else lines[at] = JSON.stringify(record);
        };
        const now = beadsTime();
        const actions = plan([...byId.values()]);
        for (const action of actions) {
          if (action.kind === 'create') {
            const id = inboxId(prefix, action.task.fingerprint);
            put(id, taskRecord(id, action.task, now));
            result.created.push({ id, title: action.task.title });
          } else if (action.kind === 'update') {
            put(action.issue.id, taskRecord(action.issue.id, action.task, now, action.issue));
            result.updated.push({ id: action.issue.id, title: action.task.title });
          } else {
            put(action.issue.id, { _type: 'issue', ...action.issue.record, status: 'closed', updated_at: now, closed_at: now, close_reason: action.reason });
            result.closed.push({ id: action.issue.id, title: action.issue.title });
          }
        }
        if (actions.length > 0) writeFileAtomically(root, inbox, `${lines.join('\n')}\n`);
        return result;
      }),
  };
}

/** The export of a project on disk, for the inbox store: the tasks bd imported already count as existing. */
export function exportedIssues(root: string): BeadsIssue[] {
  let text: string;
  try {
    text = readFileSync(join(root, ISSUES_JSONL), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return parseIssuesJsonl(text).issues;
}
