import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Config, type ConfigLocation, DEFAULT_BASELINE, readConfig } from '../config/index.js';
import {
  type Change,
  changesBetween,
  commitState,
  EMPTY_TREE,
  fileAt,
  GitError,
  stagedChanges as gitStagedChanges,
  indexEntries,
  isIgnored,
  isShallow,
  isWorkTree,
  mergeBase,
  resolveCommit,
  treeEntries,
} from '../git/index.js';
import { directoriesOf, isResolutionFile, type Listing, listFiles, type RepoView, type SnapshotView, snapshotView, workingTreeView } from '../graph/index.js';
import { UsageError } from '../model/index.js';
import type { PreviousState } from './checks/index.js';
import { configIn, configPath, requireConfigIn, type Snapshot, selectFiles } from './snapshot.js';

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
  /** The working tree on disk (not git's objects, not memory): its graph can be built by several threads. */
  onDisk?: boolean;
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

/** The whole repository as a view holds it, or only the named files of it. */
export function wholeTree(view: RepoView, location: ConfigLocation, named?: string[]): Subject {
  const { config, problems } = requireConfigIn(view, location);
  const { governed, sources } = selectFiles(config, view);
  const notes: string[] = [];
  const configFile = configPath(location, view.root);
  const chosen = named === undefined ? sources : namedSources(view, config, sources, named, notes);
  return { snapshot: { config, problems, view, governed, sources: chosen, partial: named !== undefined, configFile }, notes };
}

/** The working tree: what is on disk, listed as git lists it (or as the caller listed it already). */
export function workingTree(location: ConfigLocation, named?: string[], listing?: Listing): Subject {
  const root = dirname(location.file);
  return { ...wholeTree(workingTreeView(root, listing ?? listFiles(root)), location, named), onDisk: true };
}

/** git's raw failure, as one sentence that says what to do. */
function inRepository<T>(root: string, flag: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof GitError || error instanceof UsageError)) throw error;
    // Asked only once something failed ("HEAD names no commit" may mean "no repository"): a git
    // process costs milliseconds on the pre-commit path.
    if (!isWorkTree(root)) {
      throw new UsageError(
        `${flag} needs a git repository, and ${root} is not inside one; run it in the repository's work tree (or drop ${flag} to check the files on disk)`,
      );
    }
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
 * What is staged, given the index as a view and the staged changes. A staged configuration or
 * resolution file changes every file's verdict: then the whole staged tree is checked (docs/modes.md, "Pre-commit"),
 * also when a merge brings it in from the other side (`allChanges`).
 */
export function stagedSubject(
  view: SnapshotView,
  location: ConfigLocation,
  change: { changes: Change[]; allChanges: Change[]; before?: PreviousState; fallbackConfig?: () => ReturnType<typeof readConfig> },
  named?: string[],
): Subject {
  const { changes, allChanges } = change;
  const configFile = configPath(location, view.root);
  const whole =
    named === undefined && allChanges.some((c) => c.path === configFile || isResolutionFile(c.path) || (c.from !== undefined && isResolutionFile(c.from)));
  const changed = new Set(changes.filter((c) => c.status !== 'D').map((c) => c.path));
  const loaded = configIn(view, location) ?? change.fallbackConfig?.() ?? requireConfigIn(view, location);
  const { config, problems } = loaded;
  const notes: string[] = [];
  const { governed, sources } = selectFiles(config, view, whole ? view.files : changed);
  const scanned = named !== undefined ? namedSources(view, config, sources, named, notes, changed) : whole ? sources : sources.filter((s) => changed.has(s));
  view.prefetch([...scanned, config.settings.baseline]);
  return {
    snapshot: { config, problems, view, governed, sources: scanned, partial: !whole, configFile },
    changes,
    ...(change.before && { before: change.before }),
    notes,
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
    const againstHead = gitStagedChanges(root, head ?? EMPTY_TREE);
    // A merge is judged by its own changes: paths that differ from every parent, not what it brings in.
    let changes = againstHead;
    for (const parent of mergeHeads) {
      const fromParent = new Set(gitStagedChanges(root, parent).map((c) => c.path));
      changes = changes.filter((c) => fromParent.has(c.path));
    }
    const changed = changes.filter((c) => c.status !== 'D').map((c) => c.path);
    // One batch for the configuration, the (default) baseline and every changed file: each git process costs.
    const view = snapshotView(root, entries, { prefetch: [configPath(location, root), DEFAULT_BASELINE, ...changed], presentOutside: ignoredOnDisk(root) });
    return stagedSubject(
      view,
      location,
      {
        changes,
        allChanges: againstHead,
        ...(head && { before: stateAt(root, head) }),
        // The configuration being committed; one that is not in git yet is read from the working tree, against the index's folders.
        fallbackConfig: () => readWorkingConfig(location, view),
      },
      named,
    );
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

/** A commit's tree, judged by its own configuration or, for a PR's base, by the head's. */
export function commitSnapshot(view: SnapshotView, location: ConfigLocation, rules?: Config): Snapshot | undefined {
  const configFile = configPath(location, view.root);
  const loaded = rules ? { config: rules, problems: [] } : configIn(view, location);
  if (!loaded) return undefined;
  const { governed, sources } = selectFiles(loaded.config, view);
  view.prefetch([...sources, loaded.config.settings.baseline]);
  return { ...loaded, view, governed, sources, partial: false, configFile };
}

/** PR mode over two views: head, and the merge base judged by head's configuration. */
export function pullRequestOf(headView: SnapshotView, baseView: SnapshotView, location: ConfigLocation, changes: Change[], headName: string): Subject {
  const snapshot = commitSnapshot(headView, location);
  if (!snapshot) throw new UsageError(`${headName} has no ${configPath(location, headView.root)}; commit the configuration first`);
  const base = commitSnapshot(baseView, location, snapshot.config)!;
  return {
    snapshot,
    base,
    changes,
    before: { readText: (path) => baseView.readText(path), isDirectory: (path) => baseView.isDirectory(path) },
    notes: [],
  };
}

const FETCH_HINT = 'fetch the full history first (actions/checkout with `fetch-depth: 0`, or `git fetch --unshallow`)';

/**
 * PR mode (docs/modes.md, "Pull requests"): head, and the merge base of base and head, both judged by head's
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
    const configFile = configPath(location, root);
    const commitView = (commit: string) => snapshotView(root, treeEntries(root, commit), { prefetch: [configFile] });
    return pullRequestOf(commitView(head), commitView(since), location, changesBetween(root, since, head), headRef);
  });
}
