import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../model/index.js';

/** One file to write, relative to the project root. */
export interface FileWrite {
  path: string;
  content: string;
  /** File mode for a new file (an existing file keeps its own). */
  mode?: number;
}

const inside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
};

/** The deepest folder on the way to `path` that exists. */
function existingAncestor(path: string): string {
  let dir = dirname(path);
  while (statSync(dir, { throwIfNoEntry: false }) === undefined) dir = dirname(dir);
  return dir;
}

/**
 * Refuses a write that would land outside the project: a path with `..`, a symbolic link on
 * the way (a linked `.orchestrator/` or `.github/`) that leads out, or a link as the file itself.
 */
export function checkWritable(root: string, path: string): string {
  const absolute = resolve(root, path);
  if (!inside(root, absolute)) throw new UsageError(`refusing to write ${path}: it is outside the project (${root})`);
  const realRoot = realpathSync(root);
  const ancestor = existingAncestor(absolute);
  if (!inside(realRoot, realpathSync(ancestor))) {
    throw new UsageError(`refusing to write ${path}: ${relative(root, ancestor) || '.'} is a symbolic link to a folder outside the project`);
  }
  if (lstatSync(absolute, { throwIfNoEntry: false })?.isSymbolicLink()) {
    throw new UsageError(`refusing to write ${path}: it is a symbolic link, and cn-guard writes no file through a link`);
  }
  return absolute;
}

/**
 * Writes each file to a temporary name beside it, flushed, then renamed over the old one: a
 * killed run leaves the old file or the new one, never half of either. Every destination is
 * checked before the first byte is written.
 */
export function writeFilesAtomically(root: string, files: FileWrite[]): void {
  const targets = files.map((file) => ({ ...file, absolute: checkWritable(root, file.path) }));
  for (const { absolute, content, mode } of targets) {
    mkdirSync(dirname(absolute), { recursive: true });
    const existing = statSync(absolute, { throwIfNoEntry: false });
    const temporary = join(dirname(absolute), `.${randomBytes(6).toString('hex')}.cn-guard.tmp`);
    const fd = openSync(temporary, 'wx', existing?.mode ?? mode ?? 0o644);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } catch (error) {
      closeSync(fd);
      unlinkSync(temporary);
      throw error;
    }
    closeSync(fd);
    try {
      renameSync(temporary, absolute);
    } catch (error) {
      unlinkSync(temporary);
      throw error;
    }
  }
}

export function writeFileAtomically(root: string, path: string, content: string, mode?: number): void {
  writeFilesAtomically(root, [{ path, content, ...(mode !== undefined && { mode }) }]);
}

/** A file the user named (`graph --output`), wherever it is: folders created, written atomically, never through a link. */
export function writeOutputFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomically(dirname(path), basename(path), content);
}
