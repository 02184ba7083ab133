import { SUBMODULE_MODE, SYMLINK_MODE, readBlobs, type Entry } from '../git/index.js';
import { nodeModulesAccess, type RepoView } from './host.js';

/** Files that steer resolution: read with the sources, in the same batch. */
const RESOLUTION_FILE = /(^|\/)(tsconfig[^/]*\.json|package\.json|pnpm-workspace\.yaml)$/;

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
  for (const [path, { mode }] of entries) if (mode !== SUBMODULE_MODE && mode !== SYMLINK_MODE) files.add(path);
  const texts = new Map<string, string>();
  const load = (paths: Iterable<string>) => {
    const wanted = [...paths].filter((p) => files.has(p) && !texts.has(p));
    const blobs = readBlobs(root, wanted.map((p) => entries.get(p)!.oid));
    for (const path of wanted) {
      const blob = blobs.get(entries.get(path)!.oid);
      if (blob) texts.set(path, blob.toString('utf8'));
    }
  };
  load([...options.prefetch, ...[...files].filter((p) => RESOLUTION_FILE.test(p))]);
  const outside = new Map<string, boolean>();
  return {
    root,
    files,
    isListed: (path) => files.has(path),
    isFile(path) {
      if (files.has(path) || !options.presentOutside) return files.has(path);
      let present = outside.get(path);
      if (present === undefined) outside.set(path, (present = options.presentOutside(path)));
      return present;
    },
    readText(path) {
      if (!texts.has(path)) load([path]);
      return texts.get(path);
    },
    prefetch: load,
    ...nodeModulesAccess(),
  };
}
