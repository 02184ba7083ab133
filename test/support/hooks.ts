import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli, git, type JsonReport } from './repo.js';

const MAIN = resolve(import.meta.dirname, '../..');
/** The hook and the binary cn-guard ships. */
export const SHIPPED_HOOK = join(MAIN, 'hooks/pre-commit');
export const SHIPPED_BIN = join(MAIN, 'bin/cn-guard.js');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together (git sends a hook's stdout to stderr anyway). */
  output: string;
}

/**
 * git with a test identity, and a result instead of an exception, for commands expected to fail
 * (a commit the hook refuses). The environment is the test's, less anything that would point git
 * or cn-guard elsewhere; `env` adds to it (undefined removes a variable).
 */
export function gitRun(cwd: string, args: string[], env: Record<string, string | undefined> = {}): Run {
  const result = spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@localhost', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...CLEAN_ENV, NO_COLOR: '1', ...env },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, output: `${result.stdout}${result.stderr}` };
}

/** Variables of the surrounding shell or CI that would change what the hook sees. */
export const CLEAN_ENV: Record<string, undefined> = {
  GIT_INDEX_FILE: undefined,
  GIT_DIR: undefined,
  GIT_WORK_TREE: undefined,
  CN_GUARD_DOMAIN: undefined,
  GITHUB_HEAD_REF: undefined,
  FORCE_COLOR: undefined,
};

/**
 * Installs the shipped plain-git hook as `.git/hooks/pre-commit` and makes
 * `node_modules/.bin/cn-guard` a symlink to this checkout's binary (node_modules is excluded
 * through .git/info/exclude, so the fixture's tree stays as given).
 */
export function installHook(root: string): void {
  const hook = join(root, '.git/hooks/pre-commit');
  mkdirSync(join(root, '.git/hooks'), { recursive: true });
  copyFileSync(SHIPPED_HOOK, hook);
  chmodSync(hook, 0o755);
  mkdirSync(join(root, 'node_modules/.bin'), { recursive: true });
  symlinkSync(SHIPPED_BIN, join(root, 'node_modules/.bin/cn-guard'));
  mkdirSync(join(root, '.git/info'), { recursive: true });
  appendFileSync(join(root, '.git/info/exclude'), '\nnode_modules/\n');
}

/** Number of commits reachable from HEAD (0 before the first commit). */
export function commitCount(root: string): number {
  const result = gitRun(root, ['rev-list', '--count', 'HEAD']);
  return result.code === 0 ? Number(result.stdout.trim()) : 0;
}

/** A file as HEAD has it. */
export const atHead = (root: string, path: string): string => git(root, 'show', `HEAD:${path}`);
/** A file as the index has it. */
export const inIndex = (root: string, path: string): string => git(root, 'show', `:${path}`);
/** Paths staged relative to HEAD, as `STATUS\tpath` lines. */
export const stagedNames = (root: string): string[] => git(root, 'diff', '--cached', '--name-status', '--no-renames').split('\n').filter(Boolean);

/** Every file of the work tree (outside .git and node_modules): path → bytes, or `-> target` for a symlink. */
export function workTree(root: string, dir = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (path === '.git' || path === 'node_modules') continue;
    const stat = lstatSync(join(root, path));
    if (stat.isSymbolicLink()) files[path] = `-> ${readlinkSync(join(root, path))}`;
    else if (stat.isDirectory()) Object.assign(files, workTree(root, path));
    else files[path] = `${stat.mode.toString(8)} ${readFileSync(join(root, path)).toString('base64')}`;
  }
  return files;
}

export interface RepoState {
  index: string;
  status: string;
  diff: string;
  cached: string;
  stashes: string;
  refs: string;
  files: Record<string, string>;
}

/**
 * What a read-only check must leave exactly as it was: the bytes of .git/index (read before any
 * git command that could refresh it), status, both diffs, stashes, refs and the work tree.
 */
export function repoState(root: string): RepoState {
  const indexFile = join(root, '.git/index');
  const index = existsSync(indexFile) ? readFileSync(indexFile) : undefined;
  // `git diff` refreshes and rewrites the index it reads, even with --no-optional-locks: the
  // observations run on a throwaway copy, so only the command under test can touch the real one.
  const scratch = mkdtempSync(join(tmpdir(), 'cn-guard-index-'));
  const copy = join(scratch, 'index');
  if (index) writeFileSync(copy, index);
  const plain = (args: string[]) => gitRun(root, ['--no-optional-locks', ...args], { GIT_INDEX_FILE: copy }).stdout;
  try {
    return observe(index, plain, root);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function observe(index: Buffer | undefined, plain: (args: string[]) => string, root: string): RepoState {
  return {
    index: index?.toString('base64') ?? '(none)',
    status: plain(['status', '--porcelain=v1', '-uall']),
    diff: plain(['diff', '--binary']),
    cached: plain(['diff', '--cached', '--binary']),
    stashes: plain(['stash', 'list']),
    refs: plain(['for-each-ref']),
    files: workTree(root),
  };
}

/** `cn-guard check --staged --format json` with a clean environment plus `env`; the exit code comes along. */
export function stagedJson(root: string, args: string[] = [], env: Record<string, string | undefined> = {}): JsonReport & { code: number } {
  const result = cli(root, ['check', '--staged', '--format', 'json', ...args], { ...CLEAN_ENV, ...env });
  if (result.code !== 0 && result.code !== 1) {
    throw new Error(`cn-guard check --staged exited ${result.code}\n${result.stderr}${result.stdout}`);
  }
  return { ...(JSON.parse(result.stdout) as JsonReport), code: result.code };
}
