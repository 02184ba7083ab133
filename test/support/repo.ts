import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll } from 'vitest';
import type { Finding } from '../../src/model/index.js';
import type { Summary } from '../../src/report/index.js';

const BIN = resolve(import.meta.dirname, '../../bin/cn-guard.js');
const created: string[] = [];

afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export type Tree = Record<string, string>;

export interface RepoOptions {
  /** `git init` and commit everything (default true). */
  git?: boolean;
  /** Symbolic links to create: link path → target (relative to the link's directory, as `ln -s`). */
  links?: Record<string, string>;
}

/** Writes a file tree into a fresh temporary directory, by default as a committed git repository. */
export function makeRepo(tree: Tree, options: RepoOptions = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'cn-guard-test-'));
  created.push(root);
  writeTree(root, tree);
  for (const [link, target] of Object.entries(options.links ?? {})) {
    mkdirSync(dirname(join(root, link)), { recursive: true });
    symlinkSync(target, join(root, link));
  }
  if (options.git !== false) {
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '--allow-empty', '-m', 'fixture');
  }
  return root;
}

export function writeTree(root: string, tree: Tree): void {
  for (const [path, content] of Object.entries(tree)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@localhost', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  });
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI, with no colour unless `env` asks for it. */
export function cli(cwd: string, args: string[], env: Record<string, string | undefined> = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...env },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export interface JsonReport {
  version: number;
  tool: { name: string; version: string };
  summary: Summary;
  findings: Finding[];
}

/** `cn-guard check --format json`, parsed; the exit code comes along. */
export function checkJson(cwd: string, args: string[] = []): JsonReport & { code: number } {
  const result = cli(cwd, ['check', '--format', 'json', ...args]);
  if (result.code !== 0 && result.code !== 1) {
    throw new Error(`cn-guard check exited ${result.code}\n${result.stderr}${result.stdout}`);
  }
  return { ...(JSON.parse(result.stdout) as JsonReport), code: result.code };
}

/** `rule file -> target` lines, for compact assertions. */
export function summarizeFindings(report: { findings: Finding[] }, rules?: string[]): string[] {
  return report.findings
    .filter((f) => !rules || rules.includes(f.rule))
    .map((f) => `${f.rule} ${f.file}${f.target ? ` -> ${f.target}` : ''}${f.status !== 'new' ? ` [${f.status}]` : ''}`);
}
