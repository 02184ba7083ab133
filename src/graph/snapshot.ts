import { posix } from 'node:path';
import { type Entry, readBlobs, SUBMODULE_MODE, SYMLINK_MODE } from '../git/index.js';
import { escapesRoot } from '../glob/index.js';
import { decodeText } from './decode.js';
import { directoriesOf, nodeModulesAccess, type RepoView } from './host.js';

/** Files that steer how imports resolve: read with the sources, and a reason to re-check everything when they change. */
const RESOLUTION_FILE = /(^|\/)(tsconfig[^/]*\.json|package\.json|pnpm-workspace\.yaml)$/;
export const isResolutionFile = (path: string) => RESOLUTION_FILE.test(path);

/**
 * A view of a tree stored somewhere other than the working tree: the index, a commit, or memory.
 * Contents are fetched in batches; node_modules, which no such tree holds, is still read from disk.
 */
export interface SnapshotView extends RepoView {
  /** Reads these files now, in one batch (the sources, once they are known). */
  prefetch(paths: Iterable<string>): void;
}

/** One stored file: its content is fetched by `key`; a symbolic link also says where it points. */
interface StoredFile {
  key: string;
  link?: string;
}

interface StoredTree {
  root: string;
  files: ReadonlyMap<string, StoredFile>;
  /** The contents of these keys (a missing key is an unreadable file). */
  fetch(keys: string[]): Map<string, Uint8Array>;
  /** Files outside the tree that still count as present (ignored, generated files next to the index). */
  presentOutside?: (path: string) => boolean;
  /** Files known to be needed, read in the same batch as the resolution files (each batch is a git process). */
  prefetch?: Iterable<string>;
}

/** Symbolic links may point at links; past this many hops the path names nothing (as ELOOP). */
const MAX_LINK_HOPS = 40;

function storedTreeView(tree: StoredTree): SnapshotView {
  const { root, files: stored } = tree;
  const files = new Set(stored.keys());
  const links = new Set<string>();
  for (const [path, file] of stored) if (file.link !== undefined) links.add(path);
  const dirs = directoriesOf(files);
  /** The stored path a path stands for once links (to files or folders) are followed, or undefined outside the root. */
  const realPath = (path: string): string | undefined => {
    if (links.size === 0) return files.has(path) || dirs.has(path) ? path : undefined;
    let current = path;
    for (let hop = 0; hop <= MAX_LINK_HOPS; hop++) {
      if (escapesRoot(current)) return undefined;
      const followed = followOnce(current);
      if (followed === current) return files.has(current) || dirs.has(current) ? current : undefined;
      if (followed === undefined) return undefined;
      current = followed;
    }
    return undefined;
  };
  /** One link on the way (the path itself, or the folder it lies in) followed; the path itself when there is none. */
  const followOnce = (path: string): string | undefined => {
    for (let end = path.length; end > 0; end = path.lastIndexOf('/', end - 1)) {
      const target = stored.get(path.slice(0, end))?.link;
      if (target === undefined) continue;
      // An absolute target points outside whatever the tree is.
      if (target.startsWith('/')) return undefined;
      return posix.normalize(posix.join(posix.dirname(path.slice(0, end)), target)) + path.slice(end);
    }
    return path;
  };
  const texts = new Map<string, string>();
  const load = (paths: Iterable<string>) => {
    const wanted = new Set<string>();
    for (const path of paths) {
      const real = realPath(path);
      if (real !== undefined && !links.has(real) && stored.has(real) && !texts.has(real)) wanted.add(real);
    }
    if (wanted.size === 0) return;
    const contents = tree.fetch([...wanted].map((p) => stored.get(p)!.key));
    for (const path of wanted) {
      const bytes = contents.get(stored.get(path)!.key);
      if (bytes) texts.set(path, decodeText(bytes));
    }
  };
  load([...[...files].filter(isResolutionFile), ...(tree.prefetch ?? [])]);
  const isRegularFile = (path: string) => {
    const real = realPath(path);
    return real !== undefined && stored.has(real) && !links.has(real);
  };
  const outside = new Map<string, boolean>();
  return {
    root,
    files,
    links,
    // A link is listed (as git lists it); resolution then follows it, and one that leads out is external.
    isListed: (path) => stored.has(path) || (links.size > 0 && isRegularFile(path)),
    isFile(path) {
      if (isRegularFile(path)) return true;
      if (!tree.presentOutside || escapesRoot(path)) return false;
      let present = outside.get(path);
      if (present === undefined) outside.set(path, (present = tree.presentOutside(path)));
      return present;
    },
    isDirectory: (path) => dirs.has(path) || (links.size > 0 && realPath(path) !== undefined && dirs.has(realPath(path)!)),
    realPath: (path) => {
      const real = realPath(path);
      return real !== undefined && stored.has(real) ? real : undefined;
    },
    readText(path) {
      const real = realPath(path);
      if (real === undefined) return undefined;
      if (!texts.has(real)) load([real]);
      return texts.get(real);
    },
    prefetch: load,
    ...nodeModulesAccess(),
  };
}

export interface SnapshotOptions {
  /** Paths whose content will be needed (the configuration, the sources): fetched in one batch up front. */
  prefetch: Iterable<string>;
  presentOutside?: (path: string) => boolean;
}

/** The index (staged mode) or a commit (PR mode), as git stores it: contents from blobs, links from their blobs. */
export function snapshotView(root: string, entries: ReadonlyMap<string, Entry>, options: SnapshotOptions): SnapshotView {
  const linkPaths: string[] = [];
  for (const [path, { mode }] of entries) if (mode === SYMLINK_MODE) linkPaths.push(path);
  // git stores a symbolic link as a blob holding its target.
  const linkBlobs = readBlobs(
    root,
    linkPaths.map((p) => entries.get(p)!.oid),
  );
  const files = new Map<string, StoredFile>();
  for (const [path, { mode, oid }] of entries) {
    if (mode === SUBMODULE_MODE) continue;
    const link = mode === SYMLINK_MODE ? (linkBlobs.get(oid)?.toString('utf8') ?? '/') : undefined;
    files.set(path, { key: oid, ...(link !== undefined && { link }) });
  }
  return storedTreeView({
    root,
    files,
    fetch: (oids) => readBlobs(root, oids),
    prefetch: options.prefetch,
    ...(options.presentOutside && { presentOutside: options.presentOutside }),
  });
}

/**
 * A repository held in memory: path → content, and link path → target. The pipeline runs on it
 * exactly as on a commit, so tests of resolution, rules and policy need no git and no disk.
 */
export function memoryView(root: string, tree: Record<string, string | Uint8Array>, links: Record<string, string> = {}): SnapshotView {
  const files = new Map<string, StoredFile>();
  for (const path of Object.keys(tree)) files.set(path, { key: path });
  for (const [path, target] of Object.entries(links)) files.set(path, { key: path, link: target });
  const encoder = new TextEncoder();
  return storedTreeView({
    root,
    files,
    fetch: (keys) => new Map(keys.filter((k) => tree[k] !== undefined).map((k) => [k, typeof tree[k] === 'string' ? encoder.encode(tree[k]) : tree[k]!])),
  });
}
