import { issueFrom } from './issue.js';
import type { BeadsIssue, ReadProblem } from './types.js';

export const ISSUES_JSONL = '.beads/issues.jsonl';

export interface JsonlIssues {
  issues: BeadsIssue[];
  problems: ReadProblem[];
}

/**
 * `.beads/issues.jsonl` as bd exports it: one record per line, folded by id (the last line of
 * an id wins, as `bd import` upserts); memory lines (`_type` other than `issue`) and an
 * `_schema` header skipped; a malformed line is a problem at its line number, never the end of
 * the read.
 */
export function parseIssuesJsonl(text: string, file = ISSUES_JSONL): JsonlIssues {
  const byId = new Map<string, BeadsIssue>();
  const problems: ReadProblem[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      problems.push({ file, line: index + 1, message: `line ${index + 1} is not valid JSON (${(error as Error).message.split('\n')[0]}): it was skipped` });
      continue;
    }
    const kind = (record as { _type?: unknown } | null)?._type;
    if ((kind !== undefined && kind !== 'issue') || (record as { _schema?: unknown } | null)?._schema !== undefined) continue;
    const issue = issueFrom(record);
    if (typeof issue === 'string') {
      problems.push({ file, line: index + 1, message: `line ${index + 1} is not an issue record (${issue}): it was skipped` });
      continue;
    }
    byId.delete(issue.id);
    byId.set(issue.id, { ...issue, line: index + 1 });
  }
  return { issues: [...byId.values()], problems };
}
