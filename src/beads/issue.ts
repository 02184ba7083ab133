import type { BeadsIssue, Dependency } from './types.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function dependenciesOf(value: unknown): Dependency[] {
  if (!Array.isArray(value)) return [];
  const dependencies: Dependency[] = [];
  for (const record of value) {
    if (!isObject(record)) continue;
    // bd ≥ 1.0.5 keeps an external target apart in its database, and exports it as depends_on_id still.
    const target = record.depends_on_id || record.depends_on_external || record.id;
    if (typeof target === 'string' && target !== '') {
      dependencies.push({
        dependsOn: target,
        type: typeof record.type === 'string' ? record.type : typeof record.dependency_type === 'string' ? record.dependency_type : 'blocks',
      });
    }
  }
  return dependencies;
}

/**
 * One issue record of bd's (`bd list --json` or an export line) read tolerantly: unknown fields
 * and statuses are accepted; what cannot be an issue (no id, no title) is said, not guessed.
 */
export function issueFrom(record: unknown): BeadsIssue | string {
  if (!isObject(record)) return 'not a JSON object';
  const { id, title, status, labels, assignee, metadata, description, priority, created_at: createdAt } = record;
  if (typeof id !== 'string' || id === '') return 'an issue without an "id"';
  if (typeof title !== 'string') return `issue ${id} has no "title"`;
  return {
    id,
    title,
    // bd's import default.
    status: typeof status === 'string' && status !== '' ? status : 'open',
    labels: Array.isArray(labels) ? labels.filter((label): label is string => typeof label === 'string') : [],
    dependencies: dependenciesOf(record.dependencies),
    ...(typeof description === 'string' && description !== '' && { description }),
    ...(typeof priority === 'number' && { priority }),
    ...(typeof assignee === 'string' && assignee !== '' && { assignee }),
    ...(typeof createdAt === 'string' && { createdAt }),
    ...(isObject(metadata) && { metadata }),
    record,
  };
}

/** Closed is the one status that satisfies and unblocks; a legacy tombstone is gone. */
export const isClosed = (issue: Pick<BeadsIssue, 'status'>): boolean => issue.status === 'closed';
export const isGone = (issue: Pick<BeadsIssue, 'status'>): boolean => issue.status === 'tombstone';
