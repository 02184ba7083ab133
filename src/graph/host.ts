import { closeSync, existsSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { escapesRoot } from '../glob/index.js';
import { decodeText } from './decode.js';

/**
 * What the pipeline may know of one state of the repository: the working tree, the index
 * (staged mode), a commit (PR mode), or a tree held in memory. Every read of a check goes
 * through a view, so that the state checked is the state reported.
 * Paths are root-relative with `/` separators unless a name says `Abs`.
 */
export interface RepoView {
  root: string;
  /** Every listed file (tracked and untracked-but-not-ignored), sources or not, symbolic links included. */
  files: ReadonlySet<string>;
  /** The listed symbolic links: never scanned under their own name; what they point at is, when it lies inside the root. */
  links: ReadonlySet<string>;
  /** In the listing (cheap); `isFile` also asks the disk. */
  isListed(path: string): boolean;
  isFile(path: string): boolean;
  isDirectory(path: string): boolean;
  /** The file a path stands for once symbolic links are followed; undefined when that leaves the root or names nothing. */
  realPath(path: string): string | undefined;
  /** A file's text (UTF-8, or UTF-16 with a byte order mark); undefined when it is absent or lies outside the root. */
  readText(path: string): string | undefined;
  /** node_modules lives outside the listing (ignored) and sometimes outside the root. */
  isDirectoryAbs(path: string): boolean;
  realpathAbs(path: string): string | undefined;
}

/** Every folder that holds a listed file, for `isDirectory` without asking the disk. */
export function directoriesOf(files: Iterable<string>): Set<string> {
  const dirs = new Set<string>();
  for (const file of files) {
    for (let slash = file.lastIndexOf('/'); slash > 0; slash = file.lastIndexOf('/', slash - 1)) {
      const dir = file.slice(0, slash);
      if (dirs.has(dir)) break;
      dirs.add(dir);
    }
  }
  return dirs;
}

/** A view of the working tree: listed files first, the disk for what the listing leaves out, never outside the root. */
export function workingTreeView(root: string, listing: { files: ReadonlySet<string>; links: ReadonlySet<string> }): RepoView {
  const { files, links } = listing;
  const realRoot = realpathOr(root);
  const realPaths = new Map<string, string | undefined>();
  let dirs: Set<string> | undefined;
  const realPath = (path: string): string | undefined => {
    // git lists no file beneath a symbolic link, so a listed path that is not a link is its own real path.
    if (files.has(path) && !links.has(path)) return path;
    if (realPaths.has(path)) return realPaths.get(path);
    let real: string | undefined;
    try {
      const rel = relative(realRoot, realpathSync(join(root, path)))
        .split(sep)
        .join('/');
      real = escapesRoot(rel) ? undefined : rel;
    } catch {
      real = undefined;
    }
    realPaths.set(path, real);
    return real;
  };
  // A real path is root-relative and normal: joined by concatenation (path.join, once per source, cost 1%).
  const rootSlash = join(root, '/');
  const onDisk = new Map<string, boolean>();
  const isFile = (path: string) => {
    if (files.has(path) && !links.has(path)) return true;
    let known = onDisk.get(path);
    if (known === undefined) {
      // Generated or ignored files are real import targets too, as long as they lie inside the root.
      // Most candidates do not exist: a stat that does not throw rules them out cheaply.
      known = !escapesRoot(path) && statSync(join(root, path), { throwIfNoEntry: false })?.isFile() === true && realPath(path) !== undefined;
      onDisk.set(path, known);
    }
    return known;
  };
  return {
    root,
    files,
    links,
    isListed: (path) => files.has(path),
    isFile,
    isDirectory(path) {
      dirs ??= directoriesOf(files);
      if (dirs.has(path)) return true;
      return !escapesRoot(path) && statSync(join(root, path), { throwIfNoEntry: false })?.isDirectory() === true && realPath(path) !== undefined;
    },
    realPath,
    readText(path) {
      const real = escapesRoot(path) ? undefined : realPath(path);
      if (real === undefined) return undefined;
      try {
        return decodeText(readBytes(rootSlash + real));
      } catch {
        return undefined;
      }
    },
    ...nodeModulesAccess(),
  };
}

/** One buffer for every read: most sources are a few kilobytes, and decoding copies them out. */
const scratch = Buffer.allocUnsafe(256 * 1024);

/**
 * A file's bytes, valid until the next read: `readFileSync` without its `fstat` and its
 * allocation per file (about 5% of a 50,000-file check). A larger file is read on from where the
 * buffer ended, into memory of its own.
 */
function readBytes(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const size = readSync(fd, scratch, 0, scratch.length, null);
    return size < scratch.length ? scratch.subarray(0, size) : Buffer.concat([scratch, readFileSync(fd)]);
  } finally {
    closeSync(fd);
  }
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
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
