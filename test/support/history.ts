import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../src/model/index.js';
import { type CliResult, cli, git, type JsonReport, type Tree, writeTree } from './repo.js';

/**
 * Helpers for tests that build a history (branches, commits) on top of `makeRepo`.
 * The acting-domain sources of the environment (CN_GUARD_DOMAIN, GITHUB_HEAD_REF) are cleared
 * unless a test sets them, so a CI run on a pull request cannot leak into the fixtures.
 */
export const CLEAN_ENV: Record<string, string | undefined> = { CN_GUARD_DOMAIN: undefined, GITHUB_HEAD_REF: undefined };

/** Writes (or, with `null`, deletes) files and commits the whole work tree. */
export function commit(root: string, tree: Record<string, string | null>, message: string): string {
  const writes: Tree = {};
  for (const [path, content] of Object.entries(tree)) {
    if (content === null) rmSync(join(root, path), { force: true });
    else writes[path] = content;
  }
  writeTree(root, writes);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '--allow-empty', '-m', message);
  return rev(root, 'HEAD');
}

export function rev(root: string, ref: string): string {
  return git(root, 'rev-parse', ref).trim();
}

export function run(root: string, args: string[], env: Record<string, string | undefined> = {}): CliResult {
  return cli(root, args, { ...CLEAN_ENV, ...env });
}

/** `cn-guard check --format json ARGS`, parsed, for runs that end with 0 or 1. */
export function check(root: string, args: string[], env: Record<string, string | undefined> = {}): JsonReport & { code: number } {
  const result = run(root, ['check', '--format', 'json', ...args], env);
  if (result.code !== 0 && result.code !== 1) {
    throw new Error(`cn-guard check exited ${result.code}\n${result.stderr}${result.stdout}`);
  }
  return { ...(JSON.parse(result.stdout) as JsonReport), code: result.code };
}

/** `rule file -> target [status]` lines, for compact and exact assertions. */
export function lines(report: { findings: Finding[] }, rules?: string[]): string[] {
  return report.findings.filter((f) => !rules || rules.includes(f.rule)).map((f) => `${f.rule} ${f.file}${f.target ? ` -> ${f.target}` : ''} [${f.status}]`);
}

/** The policy-change findings, reduced to what a reader sees: severity, status, message and position. */
export function policyChanges(report: { findings: Finding[] }): Pick<Finding, 'severity' | 'status' | 'message' | 'file' | 'line'>[] {
  return report.findings
    .filter((f) => f.rule === 'policy-change')
    .map((f) => ({ severity: f.severity, status: f.status, message: f.message, file: f.file, ...(f.line !== undefined && { line: f.line }) }));
}
