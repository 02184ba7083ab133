import { issueFrom } from './issue.js';

/** Where each top-level value of a one-line JSON object lies: `[start, end)` by key. */
function topLevelSpans(line: string): Map<string, [number, number]> {
  const spans = new Map<string, [number, number]>();
  let depth = 0;
  let key: string | undefined;
  let valueStart = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      const start = i;
      for (i++; i < line.length && line[i] !== '"'; i++) if (line[i] === '\\') i++;
      if (depth === 1 && key === undefined && valueStart < 0) {
        key = JSON.parse(line.slice(start, i + 1)) as string;
      }
      continue;
    }
    if (c === ':' && depth === 1 && key !== undefined && valueStart < 0) {
      valueStart = i + 1;
      while (line[valueStart] === ' ') valueStart++;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0 && key !== undefined) spans.set(key, [valueStart, i]);
    } else if (c === ',' && depth === 1 && key !== undefined) {
      spans.set(key, [valueStart, i]);
      key = undefined;
      valueStart = -1;
    }
  }
  return spans;
}

const trimEnd = (line: string, [start, end]: [number, number]): [number, number] => {
  let e = end;
  while (e > start && line[e - 1] === ' ') e--;
  return [start, e];
};

/**
 * An issue's line with a label added and `updated_at` set, as an edit of its text: every other
 * byte (key order, bd's `\u003c` escapes, numbers past 2^53) stays as bd wrote it. A line that has
 * the label already is returned as it is.
 */
export function addLabelToLine(line: string, label: string, updatedAt: string): string {
  const record = JSON.parse(line) as { labels?: unknown };
  const labels = Array.isArray(record.labels) ? (record.labels as string[]) : [];
  if (labels.includes(label)) return line;
  const spans = topLevelSpans(line);
  const edits: { at: [number, number]; text: string }[] = [];
  const labelsSpan = spans.get('labels');
  const newLabels = JSON.stringify([...labels, label]);
  if (labelsSpan) edits.push({ at: trimEnd(line, labelsSpan), text: newLabels });
  const updated = spans.get('updated_at');
  if (updated) edits.push({ at: trimEnd(line, updated), text: JSON.stringify(updatedAt) });
  // Keys bd writes after the labels; without labels yet, they go before these (or at the end).
  if (!labelsSpan || !updated) {
    const close = line.lastIndexOf('}');
    const missing = [...(updated ? [] : [`"updated_at":${JSON.stringify(updatedAt)}`]), ...(labelsSpan ? [] : [`"labels":${newLabels}`])].join(',');
    edits.push({ at: [close, close], text: `${spans.size > 0 ? ',' : ''}${missing}` });
  }
  let edited = line;
  for (const { at, text } of edits.sort((a, b) => b.at[0] - a.at[0])) edited = `${edited.slice(0, at[0])}${text}${edited.slice(at[1])}`;
  return edited;
}

/**
 * The export with one issue's last line (the one `bd import` and cn-guard read) edited; every
 * other line, and the line endings, unchanged. Undefined when the issue is not in it.
 */
export function editIssueLine(text: string, id: string, edit: (line: string) => string): string | undefined {
  const lines = text.split('\n');
  for (let index = lines.length - 1; index >= 0; index--) {
    const raw = lines[index]!;
    const cr = raw.endsWith('\r') ? '\r' : '';
    const line = cr ? raw.slice(0, -1) : raw;
    if (!line.includes(JSON.stringify(id).slice(1, -1))) continue;
    let record: { id?: unknown; _type?: unknown };
    try {
      record = JSON.parse(line) as typeof record;
    } catch {
      continue;
    }
    // The line the reader takes for the issue: the last one that is a whole issue record.
    if (record.id !== id || (record._type !== undefined && record._type !== 'issue') || typeof issueFrom(record) === 'string') continue;
    lines[index] = `${edit(line)}${cr}`;
    return lines.join('\n');
  }
  return undefined;
}
