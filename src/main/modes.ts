import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_BASELINE, readConfigAt, type Config, type ConfigLocation } from '../config/index.js';
import {
  EMPTY_TREE, assertWorkTree, changesBetween, commitState, fileAt, indexEntries, isIgnored, isShallow, mergeBase, resolveCommit, stagedChanges, treeEntries,
  type Change,
} from '../git/index.js';
import { isResolutionFile, listFiles, snapshotView, workingTreeView } from '../graph/index.js';
import { UsageError } from '../model/index.js';
import { configIn, configPath, selectFiles, type Snapshot } from './snapshot.js';

/** A check's input: the state to check, and — for staged and PR mode — what changed and what the policy was. */
export interface Subject {
  snapshot: Snapshot;
  /** Changed paths (staged or PR mode); undefined for a whole-repository check. */
  changes?: Change[];
  /** The PR's merge base, checked by the same rules to tell introduced findings from pre-existing ones. */
  base?: Snapshot;
  /** Reads a file as it was before the change (HEAD, or the merge base), for policy diffs. */
  before?: (path: string) => string | undefined;
}

export function workingTree(location: ConfigLocation): Subject {
  const { config, problems } = readConfigAt(location);
  const files = listFiles(config.root);
  const view = workingTreeView(config.root, new Set(files));
  return { snapshot: { config, problems, view, ...selectFiles(config, files), partial: false } };
}

/**
 * The index as the next commit will have it (GIT_INDEX_FILE honoured through git itself):
 * file list and contents from the index, never from the working tree.
 */
export function stagedTree(location: ConfigLocation): Subject {
  const root = dirname(location.file);
  const entries = indexEntries(root);
  const { head, mergeHeads } = commitState(root);
  const againstHead = stagedChanges(root, head ?? EMPTY_TREE);
  // A merge is judged by its own changes: paths that differ from every parent, not what it brings in.
  let changes = againstHead;
  for (const parent of mergeHeads) {
    const fromParent = new Set(stagedChanges(root, parent).map((c) => c.path));
    changes = changes.filter((c) => fromParent.has(c.path));
  }
  // A staged configuration or resolution file changes every file's verdict: then the whole staged tree
  // is checked (spec §3.1), also when a merge brings it in from the other side.
  const configFile = configPath(location, root);
  const wholeTree = againstHead.some((c) => c.path === configFile || isResolutionFile(c.path) || (c.from !== undefined && isResolutionFile(c.from)));
  const changed = new Set(changes.filter((c) => c.status !== 'D').map((c) => c.path));
  // One batch for the configuration, the (default) baseline and every changed file: each git process costs.
  const view = snapshotView(root, entries, {
    prefetch: [configPath(location, root), DEFAULT_BASELINE, ...changed],
    presentOutside: ignoredOnDisk(root),
  });
  // The configuration being committed; one that is not in git yet is read from the working tree.
  const { config, problems } = configIn(view, location) ?? readConfigAt(location);
  const { governed, sources } = selectFiles(config, wholeTree ? view.files : changed);
  const scanned = wholeTree ? sources : sources.filter((s) => changed.has(s));
  view.prefetch([...scanned, config.settings.baseline]);
  return {
    snapshot: { config, problems, view, governed, sources: scanned, partial: !wholeTree },
    changes,
    before: (path) => (head ? fileAt(root, head, path) : undefined),
  };
}

/** Generated, ignored files are absent from the index yet present for every build: imports of them resolve. */
function ignoredOnDisk(root: string) {
  return (path: string) => existsSync(join(root, path)) && isIgnored(root, path);
}

function commitSnapshot(root: string, commit: string, location: ConfigLocation, rules?: Config): Snapshot | undefined {
  const entries = treeEntries(root, commit);
  const view = snapshotView(root, entries, { prefetch: [configPath(location, root)] });
  const loaded = rules ? { config: rules, problems: [] } : configIn(view, location);
  if (!loaded) return undefined;
  const { governed, sources } = selectFiles(loaded.config, view.files);
  view.prefetch([...sources, loaded.config.settings.baseline]);
  return { ...loaded, view, governed, sources, partial: false };
}

const FETCH_HINT = 'fetch the full history first (actions/checkout with `fetch-depth: 0`, or `git fetch --unshallow`)';

/** PR mode (spec §3.2): head, and the merge base of base and head, both judged by head's configuration. */
export function pullRequest(location: ConfigLocation, baseRef: string, headRef: string): Subject {
  const root = dirname(location.file);
  assertWorkTree(root);
  const head = resolveCommit(root, headRef);
  if (!head) throw new UsageError(`--head ${headRef} names no commit`);
  const base = resolveCommit(root, baseRef);
  if (!base) {
    throw new UsageError(`--base ${baseRef} names no commit here${isShallow(root) ? ' (this clone is shallow)' : ''}; ${FETCH_HINT}`);
  }
  const since = mergeBase(root, base, head);
  if (!since) {
    throw new UsageError(`${baseRef} and ${headRef} have no common ancestor in this clone${isShallow(root) ? ' (it is shallow)' : ''}; ${FETCH_HINT}`);
  }
  const snapshot = commitSnapshot(root, head, location);
  if (!snapshot) throw new UsageError(`${headRef} has no ${configPath(location, root)}`);
  return {
    snapshot,
    base: commitSnapshot(root, since, location, snapshot.config),
    changes: changesBetween(root, since, head),
    before: (path) => fileAt(root, since, path),
  };
}
