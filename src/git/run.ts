import { execFileSync } from 'node:child_process';

import { UsageError } from '../model/index.js';

/** A git failure the user can act on (no repository, unknown revision, shallow clone, …): exit code 2. */
export class GitError extends UsageError {
  override name = 'GitError';
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/**
 * Runs git with an argument array (never a shell) and the inherited environment: git sets
 * GIT_INDEX_FILE for `commit -a` and `commit <paths>`, and the hook must see that index.
 */
export function git(cwd: string, args: string[], input?: string | Buffer): Buffer {
  try {
    return execFileSync('git', args, { cwd, input, maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
    throw new GitError(`git ${args[0]} failed${stderr ? `: ${stderr.split('\n')[0]}` : ''}`, stderr);
  }
}

export function gitText(cwd: string, args: string[]): string {
  return git(cwd, args).toString('utf8');
}

/** NUL-separated records of a `-z` listing. */
export function records(output: string): string[] {
  const parts = output.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}
