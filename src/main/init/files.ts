import { lstatSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkWritable, writeFilesAtomically } from '../../io/index.js';
import { UsageError } from '../../model/index.js';
import type { InitStep } from '../../report/index.js';

/**
 * init plans every file before it writes one: each destination is checked (no link out of the
 * project, no link as the file) before anything is read from it, every content is computed and
 * validated, and only then are the files written, each atomically.
 */

export interface PlannedFile extends InitStep {
  /** What to write: present exactly when the action is `created` or `updated`. */
  content?: string;
  /** For a new file (an existing one keeps its mode). */
  mode?: number;
}

/** Refuses a destination that leads outside the project; then its current text, if it exists. */
export function readDestination(root: string, path: string): string | undefined {
  const absolute = checkWritable(root, path);
  const stat = lstatSync(absolute, { throwIfNoEntry: false });
  if (stat === undefined) return undefined;
  if (!stat.isFile()) throw new UsageError(`${path} exists and is not a file; move it away and run cn-guard init again (nothing was written)`);
  return readFileSync(absolute, 'utf8');
}

/** A file init owns entirely (orchestrator.toml, the workflow): written when absent, replaced only with --force. */
export function planOwnedFile(path: string, current: string | undefined, content: string, force: boolean, note?: string): PlannedFile {
  const notes = note === undefined ? {} : { note };
  if (current === content) return { path, action: 'unchanged', ...notes };
  if (current !== undefined && !force) return { path, action: 'skipped', note: 'exists; --force replaces it' };
  return { path, action: current === undefined ? 'created' : 'updated', content, ...notes };
}

/**
 * writeFilesAtomically names its temporary files `.<random>.cn-guard.tmp` beside their
 * destination; a run killed between writing one and renaming it leaves it behind, and the next
 * run removes it from the folders it writes to.
 */
const TEMPORARY = /^\..+\.cn-guard\.tmp$/;

function removeStaleTemporaries(root: string, folders: Iterable<string>): void {
  for (const folder of folders) {
    const absolute = join(root, folder);
    if (!statSync(absolute, { throwIfNoEntry: false })?.isDirectory()) continue;
    for (const entry of readdirSync(absolute, { withFileTypes: true })) {
      if (entry.isFile() && TEMPORARY.test(entry.name)) unlinkSync(join(absolute, entry.name));
    }
  }
}

/**
 * Writes what the plan changes. orchestrator.toml goes last: a killed run leaves each file whole
 * (old or new), and a run that got as far as orchestrator.toml wrote everything else before it;
 * running init again completes a killed run, as it changes nothing that is already done.
 */
export function writePlan(root: string, plan: PlannedFile[], last: string): void {
  removeStaleTemporaries(root, new Set(plan.map((file) => dirname(file.path))));
  const writes = plan.flatMap(({ path, content, mode }) => (content === undefined ? [] : [{ path, content, ...(mode !== undefined && { mode }) }]));
  writeFilesAtomically(
    root,
    writes.sort((a, b) => Number(a.path === last) - Number(b.path === last)),
  );
}
