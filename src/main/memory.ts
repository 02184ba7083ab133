import { CONFIG_FILE, type ConfigLocation } from '../config/index.js';
import type { Change } from '../git/index.js';
import { memoryView } from '../graph/index.js';
import { pullRequestOf, type Subject, stagedSubject, wholeTree } from './modes.js';

/** A repository state held in memory: path → content, and symbolic link path → target. */
export interface MemoryTree {
  /** Text, or bytes for what text cannot hold (UTF-16, binary). */
  files: Record<string, string | Uint8Array>;
  links?: Record<string, string>;
}

export interface MemoryCheck {
  /** The state to check (the working tree, the index, or a PR's head). */
  head: MemoryTree;
  /** HEAD (staged mode) or the merge base (PR mode): what the change started from. */
  before?: MemoryTree;
  /** `all` (default), `staged` (only changed sources scanned, as the pre-commit hook does) or `pr`. */
  mode?: 'all' | 'staged' | 'pr';
  /** `check FILE…`: only these files (root-relative). */
  named?: string[];
}

/** Where an in-memory repository pretends to live: nothing is ever read there. */
const ROOT = '/nonexistent/cn-guard-memory';

/** Added, modified and deleted paths between two trees (renames are git's to detect). */
function changesBetween(before: MemoryTree, after: MemoryTree): Change[] {
  const entry = (tree: MemoryTree, path: string) => {
    const content = tree.files[path];
    return tree.links?.[path] !== undefined
      ? `link:${tree.links[path]}`
      : typeof content === 'string' || content === undefined
        ? content
        : Buffer.from(content).toString('base64');
  };
  const paths = new Set([...Object.keys(before.files), ...Object.keys(before.links ?? {}), ...Object.keys(after.files), ...Object.keys(after.links ?? {})]);
  const changes: Change[] = [];
  for (const path of [...paths].sort()) {
    const was = entry(before, path);
    const is = entry(after, path);
    if (was === is) continue;
    changes.push({ status: was === undefined ? 'A' : is === undefined ? 'D' : 'M', path });
  }
  return changes;
}

/**
 * The check's subject for a repository held in memory: the same pipeline as on disk or in git,
 * so that resolution, rules and policy are tested in-process, by the hundred.
 */
export function memorySubject(check: MemoryCheck): Subject {
  const location: ConfigLocation = { file: `${ROOT}/${CONFIG_FILE}`, displayFile: CONFIG_FILE, given: false };
  const view = (tree: MemoryTree) => memoryView(ROOT, tree.files, tree.links);
  const mode = check.mode ?? 'all';
  if (mode === 'all') return wholeTree(view(check.head), location, check.named);
  const before = check.before ?? { files: {} };
  const changes = changesBetween(before, check.head);
  if (mode === 'pr') return pullRequestOf(view(check.head), view(before), location, changes, 'head');
  const previous = view(before);
  return stagedSubject(
    view(check.head),
    location,
    {
      changes,
      allChanges: changes,
      before: { readText: (path) => previous.readText(path), isDirectory: (path) => previous.isDirectory(path) },
    },
    check.named,
  );
}
