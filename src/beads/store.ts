import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkWritable, withFileLock, writeFileAtomically } from '../io/index.js';
import { type Bd, BdError, runBd } from './bd.js';
import { issueFrom } from './issue.js';
import { ISSUES_JSONL, parseIssuesJsonl } from './jsonl.js';
import type { DesiredTask, TaskAction } from './tasks.js';
import { TASK_LABEL } from './tasks.js';
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

// Free text goes as --flag=value: a description that starts with "-" is never read as a flag.
function createArgs(task: DesiredTask): string[] {
  return [
    'create',
    `--title=${task.title}`,
    `--description=${task.description}`,
    `--type=${task.type}`,
    `--priority=${task.priority}`,
    `--labels=${task.labels.join(',')}`,
    `--metadata=${JSON.stringify(task.metadata)}`,
    ...(task.assignee !== undefined ? [`--assignee=${task.assignee}`] : []),
    ...(task.relatesTo !== undefined ? [`--deps=related:${task.relatesTo}`] : []),
  ];
}

function updateArgs(issue: BeadsIssue, task: DesiredTask, reopen: boolean): string[] {
  return [
    'update',
    issue.id,
    `--title=${task.title}`,
    `--description=${task.description}`,
    `--metadata=${JSON.stringify({ ...issue.metadata, ...task.metadata })}`,
    ...(reopen ? ['--status=open'] : []),
    ...(task.assignee !== undefined && task.assignee !== issue.assignee ? [`--assignee=${task.assignee}`] : []),
    ...task.labels.filter((label) => !issue.labels.includes(label)).map((label) => `--add-label=${label}`),
  ];
}

const outcome = (via: PostOutcome['via']): PostOutcome => ({ via, created: [], updated: [], closed: [], warnings: [] });

/** Tasks through bd (`create`, `update`, `close --reason`), one call each, serialised under the project's lock. */
export function bdStore(bd: Bd, root: string): TaskStore {
  return {
    post: (plan) =>
      withFileLock(root, POST_LOCK, async () => {
        const result = outcome('bd');
        let existing: BeadsIssue[];
        try {
          const listed = await runBd(bd, root, ['list', '--all', '--limit', '0', `--label=${TASK_LABEL}`]);
          if (!Array.isArray(listed)) throw new BdError('bd list answered with something that is not a list of issues');
          existing = listed.map(issueFrom).filter((issue): issue is BeadsIssue => typeof issue !== 'string');
        } catch (error) {
          if (!(error instanceof BdError)) throw error;
          // Without the list, a create could duplicate a task: nothing is posted.
          result.warnings.push(`${error.message}: no task was posted`);
          return result;
        }
        for (const action of plan(existing)) {
          try {
            if (action.kind === 'create') {
              const created = (await runBd(bd, root, createArgs(action.task))) as { id?: unknown };
              const id = typeof created?.id === 'string' ? created.id : '(id not returned)';
              result.created.push({ id, title: action.task.title });
            } else if (action.kind === 'update') {
              await runBd(bd, root, updateArgs(action.issue, action.task, action.reopen));
              result.updated.push({ id: action.issue.id, title: action.task.title });
            } else {
              await runBd(bd, root, ['close', action.issue.id, `--reason=${action.reason}`]);
              result.closed.push({ id: action.issue.id, title: action.issue.title });
            }
          } catch (error) {
            if (!(error instanceof BdError)) throw error;
            result.warnings.push(error.message);
          }
        }
        return result;
      }),
  };
}

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
        const result: PostOutcome = { ...outcome('inbox'), inbox };
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
