import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GitError, gitText } from './run.js';

/** The commit a revision names, or undefined when it names none (no HEAD yet, an unfetched ref). */
export function resolveCommit(cwd: string, revision: string): string | undefined {
  try {
    return gitText(cwd, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function mergeBase(cwd: string, a: string, b: string): string | undefined {
  try {
    return gitText(cwd, ['merge-base', a, b]).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function isShallow(cwd: string): boolean {
  try {
    return gitText(cwd, ['rev-parse', '--is-shallow-repository']).trim() === 'true';
  } catch {
    return false;
  }
}

/** The checked-out branch, or undefined on a detached HEAD. */
export function currentBranch(cwd: string): string | undefined {
  try {
    return gitText(cwd, ['symbolic-ref', '--quiet', '--short', 'HEAD']).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The other parents of a merge in progress (MERGE_HEAD), so a merge is judged by its own changes. */
export function mergeHeads(cwd: string): string[] {
  const file = gitText(cwd, ['rev-parse', '--git-path', 'MERGE_HEAD']).trim();
  const path = resolve(cwd, file);
  if (!existsSync(path)) return [];
  // One line per merged commit (several for an octopus merge).
  return readFileSync(path, 'utf8').split('\n').map((line) => line.trim()).filter(Boolean);
}

/** Whether .gitignore (or info/exclude) ignores a path. */
export function isIgnored(cwd: string, path: string): boolean {
  try {
    gitText(cwd, ['check-ignore', '-q', '--', path]);
    return true;
  } catch {
    return false;
  }
}

/** The top of the work tree `cwd` belongs to; throws when `cwd` is not in one. */
export function workTreeRoot(cwd: string): string {
  try {
    return gitText(cwd, ['rev-parse', '--show-toplevel']).trim();
  } catch (error) {
    throw new GitError(`${cwd} is not inside a git work tree`, (error as GitError).stderr ?? '');
  }
}
