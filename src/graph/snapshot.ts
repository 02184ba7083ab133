import { posix } from 'node:path';
import { SUBMODULE_MODE, SYMLINK_MODE, readBlobs, type Entry } from '../git/index.js';
import { nodeModulesAccess, type RepoView } from './host.js';

/** Files that steer how imports resolve: read with the sources, and a reason to re-check everything when they change. */
const RESOLUTION_FILE = /(^|\/)(tsconfig[^/]*\.json|package\.json|pnpm-workspace\.yaml)$/;
export const isResolutionFile = (path: string) => RESOLUTION_FILE.test(path);

export interface SnapshotOptions {
  /** Paths whose content will be needed (the sources to scan): fetched in one batch up front. */
  prefetch: Iterable<string>;
  /** Files outside the snapshot that still count as present (ignored, generated files next to the index). */
  presentOutside?: (path: string) => boolean;
}

/**
 * A view of the repository as git stores it — the index (staged mode) or a commit (PR mode) —
 * rather than as the working tree has it. Contents come from blobs; node_modules, which git
 * does not hold, is still read from disk.
 */
export interface SnapshotView extends RepoView {
  /** Reads these files' blobs now, in one batch (the sources, once they are known). */
  prefetch(paths: Iterable<string>): void;
}

export function snapshotView(root: string, entries: ReadonlyMap<string, Entry>, options: SnapshotOptions): SnapshotView {
  const files = new Set<string>();
  const links: string[] = [];
  for (const [path, { mode }] of entries) {
    if (mode === SYMLINK_MODE) links.push(path);
    else if (mode !== SUBMODULE_MODE) files.add(path);
  }
  const texts = new Map<string, string>();
  const load = (paths: Iterable<string>) => {
    const wanted = [...paths].map((p) => linkTargets.get(p) ?? p).filter((p) => files.has(p) && !texts.has(p));
    const blobs = readBlobs(root, wanted.map((p) => entries.get(p)!.oid));
    for (const path of wanted) {
      const blob = blobs.get(entries.get(path)!.oid);
      if (blob) texts.set(path, blob.toString('utf8'));
    }
  };
  // A tracked symlink is a file (or folder) at its own path, as the working tree and `check --all` see it.
  const linkTargets = new Map<string, string>();
  const linkBlobs = readBlobs(root, links.map((p) => entries.get(p)!.oid));
  for (const link of links) {
    const target = linkBlobs.get(entries.get(link)!.oid)?.toString('utf8');
    if (target !== undefined && !target.startsWith('/')) linkTargets.set(link, posix.normalize(posix.join(posix.dirname(link), target)));
  }
  /** The stored path a path stands for once symlinked files and folders are followed. */
  const followLinks = (path: string): string => {
    const direct = linkTargets.get(path);
    if (direct !== undefined) return direct;
    for (let slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
      const folder = linkTargets.get(path.slice(0, slash));
      if (folder !== undefined) return `${folder}${path.slice(slash)}`;
    }
    return path;
  };
  for (const link of linkTargets.keys()) if (files.has(linkTargets.get(link)!)) files.add(link);
  load([...options.prefetch, ...[...files].filter(isResolutionFile)]);
  const isListed = (path: string) => files.has(path) || (linkTargets.size > 0 && files.has(followLinks(path)));
  const outside = new Map<string, boolean>();
  return {
    root,
    files,
    isListed,
    isFile(path) {
      if (isListed(path) || !options.presentOutside) return isListed(path);
      let present = outside.get(path);
      if (present === undefined) outside.set(path, (present = options.presentOutside(path)));
      return present;
    },
    readText(path) {
      const stored = linkTargets.size > 0 ? followLinks(path) : path;
      if (!texts.has(stored)) load([stored]);
      return texts.get(stored);
    },
    prefetch: load,
    ...nodeModulesAccess(),
  };
}
