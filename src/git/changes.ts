import { gitText, records } from './run.js';

/** One changed path; a rename or copy also names where it came from. */
export interface Change {
  /** A added, C copied, D deleted, M modified, R renamed, T type changed, U unmerged. */
  status: string;
  path: string;
  from?: string;
}

/** The empty tree: what the first commit of a repository is compared with. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

function parseNameStatus(output: string): Change[] {
  const parts = records(output);
  const changes: Change[] = [];
  for (let i = 0; i < parts.length; ) {
    const status = parts[i++]!.charAt(0);
    if (status === 'R' || status === 'C') {
      const from = parts[i++]!;
      changes.push({ status, path: parts[i++]!, from });
    } else {
      changes.push({ status, path: parts[i++]! });
    }
  }
  return changes;
}

// Explicit flags: user configuration (diff.renames, external diff drivers) must not change what we read.
const DIFF_FLAGS = ['-z', '--name-status', '-M', '--no-ext-diff', '--no-textconv', '--relative'];

/** What the index changes relative to a commit (or the empty tree). */
export function stagedChanges(cwd: string, against: string): Change[] {
  return parseNameStatus(gitText(cwd, ['diff', '--cached', ...DIFF_FLAGS, against, '--']));
}

/** What `to` changes relative to `from`. */
export function changesBetween(cwd: string, from: string, to: string): Change[] {
  return parseNameStatus(gitText(cwd, ['diff', ...DIFF_FLAGS, from, to, '--']));
}
