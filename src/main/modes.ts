import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_BASELINE, readConfig, type Config, type ConfigLocation } from '../config/index.js';
import {
  EMPTY_TREE, GitError, assertWorkTree, changesBetween, commitState, fileAt, indexEntries, isIgnored, isShallow, mergeBase, resolveCommit, stagedChanges,
  treeEntries, type Change,
} from '../git/index.js';
import { directoriesOf, isResolutionFile, listFiles, snapshotView, workingTreeView, type RepoView } from '../graph/index.js';
import { UsageError } from '../model/index.js';
import type { PreviousState } from './checks/index.js';
import { configIn, configPath, requireConfigIn, selectFiles, type Snapshot } from './snapshot.js';

/** A check's input: the state to check, and — for staged and PR mode — what changed and what was there before. */
export interface Subject {
  snapshot: Snapshot;
  /** Changed paths (staged or PR mode); undefined for a whole-repository check. */
  changes?: Change[];
  /** The PR's merge base, checked by the same rules to tell introduced findings from pre-existing ones. */
  base?: Snapshot;
  /** The state before the change (HEAD, or the merge base), for policy diffs. */
  before?: PreviousState;
  /** What the user should know about the run itself. */
  notes: string[];
}

/** `check FILE…`: the named files, as paths relative to the root; anything that cannot be checked is said. */
function namedSources(view: RepoView, config: Config, sources: string[], named: string[], notes: string[], staged?: Set<string>): string[] {
  const wanted = new Set<string>();
  const isSource = new Set(sources);
  for (const path of named) {
    if (staged && !staged.has(path)) notes.push(`${path} is not staged, so it was not checked`);
    else if (isSource.has(path)) wanted.add(path);
    else if (!view.isListed(path) && !view.isFile(path)) throw new UsageError(`${path}: no such file in the project (${config.root})`);
    else notes.push(`${path} is not a source file under settings.include and settings.exclude, so it was not checked`);
  }
  return [...wanted].sort();
}

/** The working tree: what is on disk, listed as git lists it. */
export function workingTree(location: ConfigLocation, named?: string[]): Subject {
  const root = dirname(location.file);
  const view = workingTreeView(root, listFiles(root));
  const { config, problems } = requireConfigIn(view, location);
  const { governed, sources } = selectFiles(config, view);
  const notes: string[] = [];
  const configFile = configPath(location, root);
  if (named === undefined) return { snapshot: { config, problems, view, governed, sources, partial: false, configFile }, notes };
  const chosen = namedSources(view, config, sources, named, notes);
  return { snapshot: { config, problems, view, governed, sources: chosen, partial: true, configFile }, notes };
}

/** git's raw failure, as one sentence that says what to do. */
function inRepository<T>(root: string, flag: string, read: () => T): T {
  try {
    assertWorkTree(root);
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    throw new UsageError(`${flag} needs a git repository, and ${root} is not inside one; run it in the repository's work tree (or drop ${flag} to check the files on disk)`);
  }
  try {
    return read();
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    throw new UsageError(`${flag}: git could not read the repository (${error.stderr.split('\n')[0] || error.message}); check that \`git status\` works here`);
  }
}

/** The state before a change, read from a commit only when a policy diff asks for it. */
function stateAt(root: string, commit: string): PreviousState {
  let directories: Set<string> | undefined;
  return {
    readText: (path) => fileAt(root, commit, path),
    isDirectory: (path) => (directories ??= directoriesOf(treeEntries(root, commit).keys())).has(path),
  };
}

/**
 * The index as the next commit will have it (GIT_INDEX_FILE honoured through git itself):
 * file list and contents from the index, never from the working tree.
 */
export function stagedTree(location: ConfigLocation, named?: string[]): Subject {
  const root = dirname(location.file);
  return inRepository(root, '--staged', () => {
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
    const wholeTree = named === undefined && againstHead.some((c) => c.path === configFile || isResolutionFile(c.path) || (c.from !== undefined && isResolutionFile(c.from)));
    const changed = new Set(changes.filter((c) => c.status !== 'D').map((c) => c.path));
    // One batch for the configuration, the (default) baseline and every changed file: each git process costs.
    const view = snapshotView(root, entries, { prefetch: [configFile, DEFAULT_BASELINE, ...changed], presentOutside: ignoredOnDisk(root) });
    // The configuration being committed; one that is not in git yet is read from the working tree, against the index's folders.
    const { config, problems } = configIn(view, location) ?? readWorkingConfig(location, view);
    const notes: string[] = [];
    const { governed, sources } = selectFiles(config, view, wholeTree ? view.files : changed);
    const scanned = named !== undefined ? namedSources(view, config, sources, named, notes, changed) : wholeTree ? sources : sources.filter((s) => changed.has(s));
    view.prefetch([...scanned, config.settings.baseline]);
    return {
      snapshot: { config, problems, view, governed, sources: scanned, partial: !wholeTree, configFile },
      changes,
      ...(head && { before: stateAt(root, head) }),
      notes,
    };
  });
}

function readWorkingConfig(location: ConfigLocation, view: RepoView): { config: Config; problems: ReturnType<typeof readConfig>['problems'] } {
  let text: string;
  try {
    text = readFileSync(location.file, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${location.displayFile}: no such file${location.given ? ' (given with --config)' : ''}`);
  }
  return readConfig(text, location.file, location.displayFile, (path) => view.isDirectory(path));
}

/** Generated, ignored files are absent from the index yet present for every build: imports of them resolve. */
function ignoredOnDisk(root: string) {
  return (path: string) => existsSync(join(root, path)) && isIgnored(root, path);
}

function commitSnapshot(root: string, commit: string, location: ConfigLocation, rules?: Config): Snapshot | undefined {
  const configFile = configPath(location, root);
  const view = snapshotView(root, treeEntries(root, commit), { prefetch: [configFile] });
  const loaded = rules ? { config: rules, problems: [] } : configIn(view, location);
  if (!loaded) return undefined;
  const { governed, sources } = selectFiles(loaded.config, view);
  view.prefetch([...sources, loaded.config.settings.baseline]);
  return { ...loaded, view, governed, sources, partial: false, configFile };
}

const FETCH_HINT = 'fetch the full history first (actions/checkout with `fetch-depth: 0`, or `git fetch --unshallow`)';

/**
 * PR mode (spec §3.2): head, and the merge base of base and head, both judged by head's
 * configuration; everything is read from the two commits, whatever is checked out.
 */
export function pullRequest(location: ConfigLocation, baseRef: string, headRef: string): Subject {
  const root = dirname(location.file);
  return inRepository(root, '--base', () => {
    const head = resolveCommit(root, headRef);
    if (!head) throw new UsageError(`--head ${headRef} names no commit here${isShallow(root) ? ' (this clone is shallow)' : ''}; ${FETCH_HINT}`);
    const base = resolveCommit(root, baseRef);
    if (!base) throw new UsageError(`--base ${baseRef} names no commit here${isShallow(root) ? ' (this clone is shallow)' : ''}; ${FETCH_HINT}`);
    const since = mergeBase(root, base, head);
    if (!since) {
      throw new UsageError(`${baseRef} and ${headRef} have no common ancestor in this clone${isShallow(root) ? ' (it is shallow)' : ''}; ${FETCH_HINT}`);
    }
    const snapshot = commitSnapshot(root, head, location);
    if (!snapshot) throw new UsageError(`${headRef} has no ${configPath(location, root)}; commit the configuration first`);
    const baseSnapshot = commitSnapshot(root, since, location, snapshot.config)!;
    return {
      snapshot,
      base: baseSnapshot,
      changes: changesBetween(root, since, head),
      before: { readText: (path) => baseSnapshot.view.readText(path), isDirectory: (path) => baseSnapshot.view.isDirectory(path) },
      notes: [],
    };
  });
}
