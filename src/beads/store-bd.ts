import { withFileLock } from '../io/index.js';
import { type Bd, BdError, runBd } from './bd.js';
import { issueFrom } from './issue.js';
import { emptyOutcome, POST_LOCK, type TaskStore } from './store.js';
import { type DesiredTask, TASK_LABEL } from './tasks.js';
import type { BeadsIssue } from './types.js';

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

/** Tasks through bd (`create`, `update`, `close --reason`), one call each, serialised under the project's lock. */
export function bdStore(bd: Bd, root: string): TaskStore {
  return {
    post: (plan) =>
      withFileLock(root, POST_LOCK, async () => {
        const result = emptyOutcome('bd');
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
