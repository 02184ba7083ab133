/**
 * A markdown document with a size limit (a PR comment: 65,536 characters; a job summary: 1 MiB).
 * Its parts are filled by importance, row by row, until the budget runs out; rows are rendered
 * only when they are used, so a report of any size costs what fits.
 */

/** What a row of a part stands for, so that the note can say what was left out. */
export type Unit = 'finding' | 'note' | 'diagram';

export interface Part {
  /** Written only when at least one row is. */
  head: string;
  tail: string;
  /** How many rows there are, and the text of one. */
  rows: number;
  row(index: number): string;
  unit: Unit;
}

export interface Limit {
  /** The largest document, in the unit `size` measures. */
  max: number;
  size(text: string): number;
  /** The note that says what was left out (a count by unit) and where to find it. */
  note(omitted: ReadonlyMap<Unit, number>): string;
}

/** Room kept for the note, which is written last: a sentence with a few numbers. */
const NOTE_ROOM = 600;

/**
 * Lays out `parts` between `top` and `bottom` (always written). The parts come in order of
 * importance, which is also their order on the page: once one does not fit whole, the ones after
 * it are left out, so that a later, shorter one never jumps the queue.
 */
export function layOut(top: string, parts: Part[], bottom: string, limit: Limit): string {
  // The note's room is kept even when nothing is cut: a body that close to the limit is cut a little early, never over it.
  let budget = limit.max - limit.size(top) - limit.size(bottom) - NOTE_ROOM;
  const kept = parts.map((part) => {
    const rows: string[] = [];
    let cost = limit.size(part.head) + limit.size(part.tail);
    while (rows.length < part.rows) {
      const row = part.row(rows.length);
      const size = limit.size(row);
      if (cost + size > budget) break;
      rows.push(row);
      cost += size;
    }
    if (rows.length > 0) budget -= cost;
    if (rows.length < part.rows) budget = 0;
    return rows;
  });
  const omitted = new Map<Unit, number>();
  const body = parts.map((part, index) => {
    const rows = kept[index]!;
    if (rows.length < part.rows) omitted.set(part.unit, (omitted.get(part.unit) ?? 0) + part.rows - rows.length);
    return rows.length === 0 ? '' : `${part.head}${rows.join('')}${part.tail}`;
  });
  return `${top}${body.join('')}${omitted.size > 0 ? limit.note(omitted) : ''}${bottom}`;
}
