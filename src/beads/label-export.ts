import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from '../io/index.js';
import { UsageError } from '../model/index.js';
import { ISSUES_JSONL } from './jsonl.js';
import { addLabelToLine, editIssueLine } from './jsonl-edit.js';
import { beadsTime } from './store.js';

/**
 * A label on an issue of the JSONL export as it is now — bd ship's work when bd is not installed:
 * that line's labels and updated_at, atomically, every other byte kept. False when the label is
 * there already.
 */
export function labelInExport(root: string, id: string, label: string): boolean {
  const text = readFileSync(join(root, ISSUES_JSONL), 'utf8');
  const edited = editIssueLine(text, id, (line) => addLabelToLine(line, label, beadsTime()));
  if (edited === undefined) throw new UsageError(`${id} is no longer in ${ISSUES_JSONL}: nothing was labelled`);
  if (edited === text) return false;
  writeFileAtomically(root, ISSUES_JSONL, edited);
  return true;
}
