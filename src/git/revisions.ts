import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gitText } from './run.js';

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

/**
 * HEAD, and the other parents of a merge in progress (MERGE_HEAD), in one git call: the
 * pre-commit path pays for every process it starts. No HEAD (the first commit) means no merge.
 */
export function commitState(cwd: string): { head?: string; mergeHeads: string[] } {
  let output: string;
  try {
    output = gitText(cwd, ['rev-parse', '--git-path', 'MERGE_HEAD', '--verify', '--quiet', 'HEAD^{commit}']);
  } catch {
    return { mergeHeads: [] };
  }
  const [mergeHeadFile, head] = output.trim().split('\n') as [string, string];
  const path = resolve(cwd, mergeHeadFile);
  // One line per merged commit (several for an octopus merge).
  const mergeHeads = existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
    : [];
  return { head, mergeHeads };
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

/** Whether cwd is inside a git work tree (to explain a failure better than "HEAD names no commit"). */
export function isWorkTree(cwd: string): boolean {
  try {
    return gitText(cwd, ['rev-parse', '--is-inside-work-tree']).trim() === 'true';
  } catch {
    return false;
  }
}
