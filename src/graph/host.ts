import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What the graph stage may know of the repository. The working-tree view lists files with
 * git; staged mode (pre-commit) supplies a view of the git index instead.
 * Paths are root-relative with `/` separators unless a name says `Abs`.
 */
export interface RepoView {
  root: string;
  /** Every listed file (tracked and untracked-but-not-ignored), sources or not. */
  files: ReadonlySet<string>;
  /** In the listing (cheap); `isFile` also asks the disk. */
  isListed(path: string): boolean;
  isFile(path: string): boolean;
  readText(path: string): string | undefined;
  /** node_modules lives outside the listing (ignored) and sometimes outside the root. */
  isDirectoryAbs(path: string): boolean;
  realpathAbs(path: string): string | undefined;
}

/** A view of the working tree: listed files first, the disk for what the listing leaves out. */
export function workingTreeView(root: string, files: ReadonlySet<string>): RepoView {
  const onDisk = new Map<string, boolean>();
  const isFile = (path: string) => {
    if (files.has(path)) return true;
    let known = onDisk.get(path);
    if (known === undefined) {
      // Generated or ignored files are real import targets too.
      known = existsSync(join(root, path)) && statSync(join(root, path)).isFile();
      onDisk.set(path, known);
    }
    return known;
  };
  return {
    root,
    files,
    isListed: (path) => files.has(path),
    isFile,
    readText(path) {
      try {
        return readFileSync(join(root, path), 'utf8');
      } catch {
        return undefined;
      }
    },
    ...nodeModulesAccess(),
  };
}

/** node_modules is never in git's listings: every view reads it from disk. */
export function nodeModulesAccess(): Pick<RepoView, 'isDirectoryAbs' | 'realpathAbs'> {
  const directories = new Map<string, boolean>();
  return {
    isDirectoryAbs(path) {
      let known = directories.get(path);
      if (known === undefined) {
        known = existsSync(path) && statSync(path).isDirectory();
        directories.set(path, known);
      }
      return known;
    },
    realpathAbs(path) {
      try {
        return realpathSync(path);
      } catch {
        return undefined;
      }
    },
  };
}
