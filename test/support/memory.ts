import { expect } from 'vitest';
import { checkSubject, type FailOn, type MemoryCheck, memorySubject } from '../../src/main/index.js';
import { ConfigError, type Finding, UsageError } from '../../src/model/index.js';
import type { Summary } from '../../src/report/index.js';
import { createOwners } from '../../src/rules/index.js';
import type { Tree } from './repo.js';

/**
 * `cn-guard check` in-process, over repositories held in memory (src/main/memory.ts): the same
 * pipeline as on disk, in git's index or in a commit, without git, a disk or a Node process.
 * Reports come back in the shape of `check --format json`, with the exit code the CLI would give.
 */

/** The day every in-memory check runs on: exceptions expire relative to it, so results never depend on the calendar. */
export const TODAY = '2026-06-01';

export interface MemoryReport {
  findings: Finding[];
  summary: Summary;
  notes: string[];
  /** What `cn-guard check` would exit with: 1 when a finding fails at the threshold, else 0. */
  code: 0 | 1;
}

export interface MemoryOptions {
  /** `--domain NAME`: the acting domain of a staged or PR check. */
  domain?: string;
  /** `--head REF` of a PR check (names the branch `settings.branch_domain` is matched against). */
  head?: string;
  /** `--allow-policy-change`. */
  allowPolicyChange?: boolean;
  /** `--fail-on` (default `error`). */
  failOn?: FailOn;
  /** `check FILE…`: root-relative paths. */
  named?: string[];
  /**
   * The acting-domain variables (CN_GUARD_DOMAIN, GITHUB_HEAD_REF) during the check. Both are
   * unset unless given, so that the environment of a CI run on a pull request cannot leak in.
   */
  env?: Record<string, string | undefined>;
}

const ACTING_DOMAIN_ENV = ['CN_GUARD_DOMAIN', 'GITHUB_HEAD_REF'] as const;

function withEnv<T>(env: Record<string, string | undefined>, run: () => T): T {
  const names = [...new Set([...ACTING_DOMAIN_ENV, ...Object.keys(env)])];
  const saved = names.map((name) => [name, process.env[name]] as const);
  const set = (name: string, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  for (const name of names) set(name, env[name]);
  try {
    return run();
  } finally {
    for (const [name, value] of saved) set(name, value);
  }
}

function runInMemory(check: MemoryCheck, options: MemoryOptions): MemoryReport {
  const { domain, head, allowPolicyChange, failOn = 'error', env = {} } = options;
  const { report } = withEnv(env, () =>
    checkSubject(memorySubject(check), {
      today: TODAY,
      failOn,
      ...(domain !== undefined && { domain }),
      ...(head !== undefined && { head }),
      ...(allowPolicyChange !== undefined && { allowPolicyChange }),
    }),
  );
  // Through JSON, as `--format json` prints it: keys whose value is undefined are absent.
  const { findings, summary, notes } = JSON.parse(JSON.stringify(report)) as Pick<MemoryReport, 'findings' | 'summary' | 'notes'>;
  return { findings, summary, notes, code: report.failed ? 1 : 0 };
}

const named = (options: MemoryOptions) => (options.named ? { named: options.named } : {});

/** `cn-guard check` of a whole repository (the working tree). */
export function checkTree(files: Tree, options: MemoryOptions = {}): MemoryReport {
  return runInMemory({ head: { files }, ...named(options) }, options);
}

/** `cn-guard check --base`: `base` is the merge base, `head` the PR's head commit. */
export function checkPr(base: Tree, head: Tree, options: MemoryOptions = {}): MemoryReport {
  return runInMemory({ mode: 'pr', before: { files: base }, head: { files: head } }, options);
}

/** `cn-guard check --staged`: `head` is the HEAD commit (undefined before the first commit), `index` what is staged. */
export function checkStaged(head: Tree | undefined, index: Tree, options: MemoryOptions = {}): MemoryReport {
  return runInMemory({ mode: 'staged', ...(head && { before: { files: head } }), head: { files: index }, ...named(options) }, options);
}

/** The error a check must stop with (exit code 2 in the CLI); fails the test when it runs through. */
export function errorOf<E extends Error>(kind: abstract new (...args: never[]) => E, run: () => unknown): E {
  try {
    run();
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(kind);
    return error as E;
  }
  throw new Error(`expected a ${kind.name}, but the check ran through`);
}

/** The configuration error a check stops with: its problems, and `message` as stderr shows it below the header. */
export const configErrorOf = (run: () => unknown): ConfigError => errorOf(ConfigError, run);

/** The usage error a check stops with; `message` is what stderr shows after `cn-guard: `. */
export const usageErrorOf = (run: () => unknown): UsageError => errorOf(UsageError, run);

/**
 * The domain that owns `path` (what `cn-guard explain FILE` names), by the configuration as a
 * check loads it from the in-memory repository; undefined for an unowned path.
 */
export function ownerIn(files: Tree, path: string): string | undefined {
  const { config } = memorySubject({ head: { files } }).snapshot;
  return createOwners(config).ownerOf(path)?.domain.name;
}
