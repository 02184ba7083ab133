import { rmSync, symlinkSync, unlinkSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_DB_UI_FILES as BASE, CLEAN_EDIT, FORBIDDEN, API_DB_UI as TOML, VIOLATION } from './support/fixtures.js';
import { atHead, CLEAN_ENV, commitCount, gitRun, inIndex, installHook, repoState, stagedJson, stagedNames } from './support/hooks.js';
import { cli, git, makeRepo, summarizeFindings, type Tree, writeTree } from './support/repo.js';

/**
 * Staged mode (spec §3.1) and the scope of changes (spec §2.3), against real repositories and,
 * where it matters, real `git commit`s running the shipped hooks/pre-commit: what git itself
 * decides (the index against the working tree, GIT_INDEX_FILE, renames, type changes,
 * submodules, the first commit, merges, the checked-out branch, -z paths) and what a user sees.
 * The staged pipeline case by case runs in-process in test/unit/staged.test.ts.
 */
/** The text report's line for that violation, as the hook prints it. */
const FORBIDDEN_LINE = 'src/api/users.ts:1:1  error  forbidden-import  api may not import src/db/client.ts (forbidden by src/db/**)';

function repo(extra: Tree = {}): string {
  return makeRepo({ ...BASE, ...extra });
}

/** A repository with the shipped hook installed, as a user would after `cp hooks/pre-commit .git/hooks/`. */
function hookedRepo(extra: Tree = {}): string {
  const root = repo(extra);
  installHook(root);
  return root;
}

const write = (root: string, path: string, content: string) => writeTree(root, { [path]: content });
const commit = (root: string, args: string[], env: Record<string, string | undefined> = {}) => gitRun(root, ['commit', '-m', 'change', ...args], env);

describe('the shipped pre-commit hook in a real git commit', () => {
  it('refuses a commit that stages a forbidden import: non-zero exit, nothing committed, the finding printed', () => {
    const root = hookedRepo();
    write(root, 'src/api/users.ts', VIOLATION);
    git(root, 'add', 'src/api/users.ts');
    const result = commit(root, []);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(FORBIDDEN_LINE);
    expect(result.output).toContain('✖ 1 error, 0 warnings · 1 file, 1 import checked in');
    expect(commitCount(root)).toBe(1);
    expect(atHead(root, 'src/api/users.ts')).toBe(BASE['src/api/users.ts']);
    // The refused change is still staged, untouched.
    expect(stagedNames(root)).toEqual(['M\tsrc/api/users.ts']);
    expect(inIndex(root, 'src/api/users.ts')).toBe(VIOLATION);
  });

  it('lets a clean commit through', () => {
    const root = hookedRepo();
    write(root, 'src/api/users.ts', CLEAN_EDIT);
    git(root, 'add', 'src/api/users.ts');
    const result = commit(root, []);
    expect(result.output).toContain('✔ 0 errors, 0 warnings · 1 file, 0 imports checked in');
    expect(result.code).toBe(0);
    expect(commitCount(root)).toBe(2);
    expect(atHead(root, 'src/api/users.ts')).toBe(CLEAN_EDIT);
  });
});

describe('partial staging: the index is checked, not the working tree', () => {
  it('does not block on a violation that is only in the working tree', () => {
    const root = hookedRepo();
    write(root, 'src/api/users.ts', CLEAN_EDIT);
    git(root, 'add', 'src/api/users.ts');
    write(root, 'src/api/users.ts', VIOLATION);
    const report = stagedJson(root);
    expect(report.code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.summary).toMatchObject({ files: 1, edges: 0 });
    const result = commit(root, []);
    expect(result.code).toBe(0);
    expect(atHead(root, 'src/api/users.ts')).toBe(CLEAN_EDIT);
  });

  it('still blocks a staged violation that was removed only in the working tree', () => {
    const root = hookedRepo();
    write(root, 'src/api/users.ts', VIOLATION);
    git(root, 'add', 'src/api/users.ts');
    write(root, 'src/api/users.ts', CLEAN_EDIT);
    const report = stagedJson(root);
    expect(report.code).toBe(1);
    expect(summarizeFindings(report)).toEqual([FORBIDDEN]);
    const result = commit(root, []);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(FORBIDDEN_LINE);
    expect(commitCount(root)).toBe(1);
  });

  it('checks a partially staged file as staged: the staged hunk, with its line numbers', () => {
    const root = hookedRepo();
    // Staged: the violation on line 2. Working tree: one more line above it and a second violation.
    write(root, 'src/api/users.ts', "export const a = 1;\nimport { client } from '../db/client';\nexport const users = client;\n");
    git(root, 'add', 'src/api/users.ts');
    write(
      root,
      'src/api/users.ts',
      "export const z = 0;\nexport const a = 1;\nimport { client } from '../db/client';\nimport { legacy } from '../db/legacy';\nexport const users = [client, legacy];\n",
    );
    const report = stagedJson(root);
    expect(report.findings.map((f) => `${f.rule} ${f.file}:${f.line} -> ${f.target}`)).toEqual(['forbidden-import src/api/users.ts:2 -> src/db/client.ts']);
  });
});

describe('commit -a and commit <paths>: the index git hands the hook (GIT_INDEX_FILE)', () => {
  it('commit -a: an unstaged violation in a tracked file is checked (GIT_INDEX_FILE=.git/index.lock) and refused', () => {
    const root = hookedRepo();
    write(root, 'src/api/users.ts', VIOLATION);
    // .git/index has no change at all: only the temporary index of `commit -a` has the violation.
    expect(stagedNames(root)).toEqual([]);
    const result = commit(root, ['-a']);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(FORBIDDEN_LINE);
    expect(commitCount(root)).toBe(1);
    expect(stagedNames(root)).toEqual([]);
  });

  it('commit -a: a staged violation fixed in the working tree is committed fixed, and passes', () => {
    const root = hookedRepo();
    write(root, 'src/api/users.ts', VIOLATION);
    git(root, 'add', 'src/api/users.ts');
    write(root, 'src/api/users.ts', CLEAN_EDIT);
    // Reading .git/index instead of GIT_INDEX_FILE would see the violation.
    const result = commit(root, ['-a']);
    expect(result.code).toBe(0);
    expect(commitCount(root)).toBe(2);
    expect(atHead(root, 'src/api/users.ts')).toBe(CLEAN_EDIT);
  });

  it('commit <paths>: other staged paths are not part of the commit, so their violation does not block', () => {
    const root = hookedRepo();
    write(root, 'src/api/users.ts', VIOLATION);
    git(root, 'add', 'src/api/users.ts');
    write(root, 'src/ui/view.ts', `${BASE['src/ui/view.ts']}export const more = 1;\n`);
    const result = commit(root, ['src/ui/view.ts']);
    expect(result.output).toContain('✔ 0 errors, 0 warnings · 1 file, 1 import checked in');
    expect(result.code).toBe(0);
    expect(commitCount(root)).toBe(2);
    expect(git(root, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe('src/ui/view.ts');
    // The other staged change stays staged, and out of the commit.
    expect(atHead(root, 'src/api/users.ts')).toBe(BASE['src/api/users.ts']);
    expect(stagedNames(root)).toEqual(['M\tsrc/api/users.ts']);
  });

  it('commit <paths>: the named path is checked as the working tree has it (the temporary index), and refused', () => {
    const root = hookedRepo();
    write(root, 'src/ui/view.ts', `${BASE['src/ui/view.ts']}export const more = 1;\n`);
    git(root, 'add', 'src/ui/view.ts');
    write(root, 'src/api/users.ts', VIOLATION);
    const result = commit(root, ['src/api/users.ts']);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(FORBIDDEN_LINE);
    // Only the named path is in that index: one file scanned.
    expect(result.output).toContain('✖ 1 error, 0 warnings · 1 file, 1 import checked in');
    expect(commitCount(root)).toBe(1);
    expect(stagedNames(root)).toEqual(['M\tsrc/ui/view.ts']);
  });
});

describe('renames, deletions, type changes, submodules', () => {
  const scopeFindings = (report: { findings: { rule: string; message: string }[] }) =>
    report.findings.filter((f) => f.rule === 'out-of-scope-change').map((f) => f.message);

  it('a file moved across domains is a change of both domains', () => {
    const root = repo();
    git(root, 'mv', 'src/db/legacy.ts', 'src/ui/legacy.ts');
    expect(git(root, 'diff', '--cached', '--name-status', '-M').trim()).toBe('R100\tsrc/db/legacy.ts\tsrc/ui/legacy.ts');
    const fromApi = stagedJson(root, ['--domain', 'api']);
    expect(fromApi.code).toBe(1);
    expect(scopeFindings(fromApi)).toEqual([
      'domain api may not change src/db/legacy.ts (renamed to src/ui/legacy.ts): src/db/legacy.ts belongs to domain db; coordinate with db-agent',
      'domain api may not change src/ui/legacy.ts (renamed from src/db/legacy.ts): src/ui/legacy.ts belongs to domain ui',
    ]);
    expect(scopeFindings(stagedJson(root, ['--domain', 'ui']))).toEqual([
      'domain ui may not change src/db/legacy.ts (renamed to src/ui/legacy.ts): src/db/legacy.ts belongs to domain db; coordinate with db-agent',
    ]);
    expect(scopeFindings(stagedJson(root, ['--domain', 'db']))).toEqual([
      'domain db may not change src/ui/legacy.ts (renamed from src/db/legacy.ts): src/ui/legacy.ts belongs to domain ui',
    ]);
  });

  it('a file deleted in the index no longer resolves, even though it is still on disk', () => {
    const root = repo();
    git(root, 'rm', '-q', '--cached', 'src/db/client.ts');
    write(root, 'src/ui/view.ts', "import { client } from '../db/client';\nexport const view = client;\n");
    git(root, 'add', 'src/ui/view.ts');
    const report = stagedJson(root, ['--domain', 'ui']);
    expect(report.code).toBe(1);
    expect(report.findings.map((f) => [f.rule, f.severity, f.file, f.specifier ?? null])).toEqual([
      ['out-of-scope-change', 'error', 'src/db/client.ts', null],
      ['unresolved-import', 'warning', 'src/ui/view.ts', '../db/client'],
    ]);
    expect(scopeFindings(report)).toEqual([
      'domain ui may not change src/db/client.ts (deleted): src/db/client.ts belongs to domain db; coordinate with db-agent',
    ]);
    // Without an acting domain, a dangling import is a warning: the commit may go ahead.
    const plain = stagedJson(root);
    expect(plain.code).toBe(0);
    expect(summarizeFindings(plain)).toEqual(['unresolved-import src/ui/view.ts']);
  });

  it('a file replaced by a symlink (type change) is a change of its domain, and nothing crashes', () => {
    const root = repo();
    unlinkSync(join(root, 'src/db/legacy.ts'));
    symlinkSync('../api/users.ts', join(root, 'src/db/legacy.ts'));
    git(root, 'add', 'src/db/legacy.ts');
    expect(git(root, 'diff', '--cached', '--name-status').trim()).toBe('T\tsrc/db/legacy.ts');
    const report = stagedJson(root, ['--domain', 'api']);
    expect(report.code).toBe(1);
    expect(report.findings.map((f) => f.rule)).toEqual(['out-of-scope-change']);
    expect(scopeFindings(report)).toEqual([
      'domain api may not change src/db/legacy.ts (type changed): src/db/legacy.ts belongs to domain db; coordinate with db-agent',
    ]);
    // A link is never scanned under its own name (its target is, where it is): as `check --all` does.
    expect(report.summary.files).toBe(0);
    expect(stagedJson(root, ['--domain', 'db']).findings).toEqual([]);
  });

  it('check --all resolves an import of a tracked symlink to a source file', () => {
    const root = makeRepo(
      { ...BASE, 'src/ui/view.ts': "import { users } from './users-link';\nexport const view = users;\n" },
      { links: { 'src/ui/users-link.ts': '../api/users.ts' } },
    );
    const all = cli(root, ['check', '--format', 'json'], CLEAN_ENV);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout).findings).toEqual([]);
  });

  // BUG (staged mode): snapshotView drops index entries of mode 120000, so a staged file that
  // imports a tracked symlink to a tracked source gets `unresolved-import` although the import
  // resolves in the commit, at run time, and in `check --all` (previous test). Remove `.fails`
  // once src/graph/snapshot.ts follows symlink entries to their target.
  it('staged mode resolves an import of a tracked symlink as check --all does', () => {
    const root = makeRepo(BASE, { links: { 'src/ui/users-link.ts': '../api/users.ts' } });
    write(root, 'src/ui/view.ts', "import { users } from './users-link';\nexport const view = users;\n");
    git(root, 'add', 'src/ui/view.ts');
    expect(stagedJson(root).findings).toEqual([]);
  });

  it('a submodule (gitlink) added or moved does not crash and is not scanned', () => {
    const sub = makeRepo({ 'lib.ts': "import { x } from './nowhere';\nexport const lib = x;\n" });
    const root = hookedRepo();
    git(root, '-c', 'protocol.file.allow=always', 'submodule', '--quiet', 'add', sub, 'vendor/lib');
    expect(git(root, 'ls-files', '-s', 'vendor/lib').split(' ')[0]).toBe('160000');
    const added = stagedJson(root);
    expect(added.code).toBe(0);
    expect(added.findings).toEqual([]);
    expect(added.summary.files).toBe(0);
    // With an acting domain, the gitlink and .gitmodules are changes outside its scope.
    expect(scopeFindings(stagedJson(root, ['--domain', 'api']))).toEqual([
      'domain api may not change .gitmodules (added): .gitmodules belongs to no domain',
      'domain api may not change vendor/lib (added): vendor/lib belongs to no domain',
    ]);
    expect(commit(root, []).code).toBe(0);
    // Move the submodule's pointer: a modified gitlink.
    write(join(root, 'vendor/lib'), 'more.ts', 'export const more = 1;\n');
    git(join(root, 'vendor/lib'), 'add', 'more.ts');
    git(join(root, 'vendor/lib'), '-c', 'user.name=test', '-c', 'user.email=test@localhost', 'commit', '-q', '-m', 'more');
    git(root, 'add', 'vendor/lib');
    expect(stagedNames(root)).toEqual(['M\tvendor/lib']);
    const moved = stagedJson(root);
    expect(moved.code).toBe(0);
    expect(moved.findings).toEqual([]);
    const result = commit(root, []);
    expect(result.code).toBe(0);
    expect(commitCount(root)).toBe(3);
  });

  it('the initial commit (no HEAD yet): everything staged is checked, refused and then accepted through the hook', () => {
    const root = makeRepo({ ...BASE, 'src/api/users.ts': VIOLATION }, { git: false });
    git(root, 'init', '-q', '-b', 'main');
    installHook(root);
    git(root, 'add', '-A');
    expect(gitRun(root, ['rev-parse', '--verify', '-q', 'HEAD']).code).not.toBe(0);
    const report = stagedJson(root);
    expect(report.code).toBe(1);
    expect(summarizeFindings(report)).toEqual([FORBIDDEN]);
    expect(report.summary.files).toBe(4);
    const refused = commit(root, []);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain(FORBIDDEN_LINE);
    expect(commitCount(root)).toBe(0);
    write(root, 'src/api/users.ts', CLEAN_EDIT);
    git(root, 'add', 'src/api/users.ts');
    const accepted = commit(root, []);
    expect(accepted.code).toBe(0);
    expect(commitCount(root)).toBe(1);
    // The acting domain judges every file of a first commit.
    const fresh = makeRepo(BASE, { git: false });
    git(fresh, 'init', '-q', '-b', 'main');
    git(fresh, 'add', '-A');
    expect(stagedJson(fresh, ['--domain', 'api']).findings.map((f) => `${f.rule} ${f.file}`)).toEqual([
      'out-of-scope-change src/db/client.ts',
      'out-of-scope-change src/db/legacy.ts',
      'out-of-scope-change src/ui/view.ts',
    ]);
  });
});

describe('a merge in progress (MERGE_HEAD) is judged by its own changes', () => {
  /**
   * main and feature both change src/api/users.ts (a conflict); feature alone also changes db's
   * client and adds an api file with a forbidden import. The merge runs on main, acting as api.
   */
  function conflictedMerge(): string {
    const root = repo();
    git(root, 'checkout', '-q', '-b', 'feature');
    writeTree(root, {
      'src/api/users.ts': "export const users = 'feature';\n",
      'src/db/client.ts': 'export const client = 2;\n',
      'src/api/extra.ts': "import { legacy } from '../db/legacy';\nexport const extra = legacy;\n",
    });
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'feature');
    git(root, 'checkout', '-q', 'main');
    write(root, 'src/api/users.ts', "export const users = 'main';\n");
    git(root, 'commit', '-q', '-am', 'main');
    installHook(root);
    expect(gitRun(root, ['merge', '-q', 'feature']).code).not.toBe(0);
    expect(gitRun(root, ['rev-parse', '-q', '--verify', 'MERGE_HEAD']).code).toBe(0);
    return root;
  }

  it("files that only come from the other parent are neither scanned nor out of the committer's scope", () => {
    const root = conflictedMerge();
    write(root, 'src/api/users.ts', "export const users = 'merged';\n");
    git(root, 'add', 'src/api/users.ts');
    const before = repoState(root);
    const report = stagedJson(root, ['--domain', 'api']);
    expect(repoState(root)).toEqual(before);
    expect(report.findings).toEqual([]);
    expect(report.code).toBe(0);
    expect(report.summary.files).toBe(1);
    // The real merge commit, through the hook, with the acting domain from the environment.
    const result = commit(root, ['--no-edit'], { CN_GUARD_DOMAIN: 'api' });
    expect(result.code).toBe(0);
    expect(git(root, 'rev-list', '--parents', '-n', '1', 'HEAD').trim().split(' ')).toHaveLength(3);
  });

  it("a conflict resolution that differs from both parents is the committer's change, and is checked", () => {
    const root = conflictedMerge();
    write(root, 'src/api/users.ts', VIOLATION);
    git(root, 'add', 'src/api/users.ts');
    const report = stagedJson(root, ['--domain', 'ui']);
    expect(report.code).toBe(1);
    expect(report.findings.map((f) => `${f.rule} ${f.file}`)).toEqual(['forbidden-import src/api/users.ts', 'out-of-scope-change src/api/users.ts']);
    const refused = commit(root, ['--no-edit'], { CN_GUARD_DOMAIN: 'api' });
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain(FORBIDDEN_LINE);
    expect(gitRun(root, ['rev-parse', '-q', '--verify', 'MERGE_HEAD']).code).toBe(0);
  });

  it("a configuration the other parent brings in applies to this side's files: the whole tree is checked", () => {
    const root = repo();
    git(root, 'checkout', '-q', '-b', 'feature');
    write(root, 'orchestrator.toml', `${TOML}forbidden_imports = ["src/api/**"]\n`);
    git(root, 'commit', '-q', '-am', 'ui may not use api');
    git(root, 'checkout', '-q', 'main');
    write(root, 'src/db/legacy.ts', 'export const legacy = 2;\n');
    git(root, 'commit', '-q', '-am', 'main moves on');
    git(root, 'merge', '-q', '--no-commit', '--no-ff', 'feature');
    const report = stagedJson(root);
    // view.ts is unchanged on both sides, yet violates the merged policy; the policy change itself
    // was the other branch's, reviewed there, so it is not reported again.
    expect(report.findings.map((f) => `${f.rule} ${f.file}`)).toEqual(['forbidden-import src/ui/view.ts']);
    expect(report.code).toBe(1);
  });

  it("taking the other side's version of a conflicted file is not a change of the committer", () => {
    const root = conflictedMerge();
    git(root, 'checkout', '--theirs', 'src/api/users.ts');
    git(root, 'add', 'src/api/users.ts');
    expect(stagedJson(root, ['--domain', 'ui']).findings).toEqual([]);
  });
});

describe('a staged configuration change checks the whole staged tree with the staged configuration', () => {
  const UI_FORBIDS_API = `${TOML}forbidden_imports = ["src/api/**"]\n`;

  it('a new forbidden rule in the staged orchestrator.toml reports violations in files that are not staged', () => {
    const root = repo();
    write(root, 'orchestrator.toml', UI_FORBIDS_API);
    git(root, 'add', 'orchestrator.toml');
    // The working tree's copy no longer has the rule: the staged one counts.
    write(root, 'orchestrator.toml', TOML);
    const report = stagedJson(root);
    expect(report.code).toBe(1);
    expect(report.findings.map((f) => `${f.rule} ${f.severity} ${f.file}: ${f.message}`)).toEqual([
      'forbidden-import error src/ui/view.ts: ui may not import src/api/users.ts (forbidden by src/api/**)',
      'policy-change info orchestrator.toml: strengthened: domain ui: forbidden pattern "src/api/**" added',
    ]);
    expect(report.summary.files).toBe(4);
  });

  it('an unstaged orchestrator.toml change is not the policy of the commit', () => {
    const root = repo();
    write(root, 'orchestrator.toml', UI_FORBIDS_API);
    write(root, 'src/ui/view.ts', `${BASE['src/ui/view.ts']}export const more = 1;\n`);
    git(root, 'add', 'src/ui/view.ts');
    const report = stagedJson(root);
    expect(report.findings).toEqual([]);
    expect(report.summary.files).toBe(1);
  });

  it('a staged tsconfig.json that adds paths re-resolves unchanged files', () => {
    const root = repo({
      'tsconfig.json': '{ "compilerOptions": {} }\n',
      'src/api/users.ts': "import { client } from '@db/client';\nexport const users = client;\n",
    });
    expect(stagedJson(root).findings).toEqual([]);
    write(root, 'tsconfig.json', '{ "compilerOptions": { "paths": { "@db/*": ["./src/db/*"] } } }\n');
    git(root, 'add', 'tsconfig.json');
    write(root, 'tsconfig.json', '{ "compilerOptions": {} }\n');
    const report = stagedJson(root);
    expect(report.code).toBe(1);
    expect(summarizeFindings(report)).toEqual([FORBIDDEN]);
    expect(report.summary.files).toBe(4);
  });
});

describe('never stashes, never writes to the working tree or the index', () => {
  it('leaves .git/index, status, both diffs, stashes, refs and the work tree exactly as they were', () => {
    const root = repo({ 'src/ui/extra.ts': 'export const extra = 1;\n' });
    // Staged, partially staged, unstaged, untracked, staged deletion, worktree deletion.
    write(root, 'src/api/users.ts', VIOLATION);
    git(root, 'add', 'src/api/users.ts');
    write(root, 'src/api/users.ts', `${VIOLATION}export const more = 1;\n`);
    write(root, 'src/db/client.ts', 'export const client = 9;\n');
    write(root, 'src/ui/untracked.ts', "import { client } from '../db/client';\n");
    git(root, 'rm', '-q', '--cached', 'src/db/legacy.ts');
    rmSync(join(root, 'src/ui/extra.ts'));
    // An unchanged file with a new mtime: any index refresh (git status, update-index) would rewrite its entry.
    utimesSync(join(root, 'src/ui/view.ts'), new Date('2001-01-01'), new Date('2001-01-01'));
    const before = repoState(root);
    for (const args of [[], ['--domain', 'ui'], ['--format', 'text']]) {
      const result = cli(root, ['check', '--staged', ...args], CLEAN_ENV);
      expect(result.code).toBe(1);
    }
    expect(repoState(root)).toEqual(before);
  });

  it('leaves everything as it was in a repository without commits', () => {
    const fresh = makeRepo(BASE, { git: false });
    git(fresh, 'init', '-q', '-b', 'main');
    git(fresh, 'add', 'src');
    const beforeFresh = repoState(fresh);
    expect(cli(fresh, ['check', '--staged'], CLEAN_ENV).code).toBe(0);
    expect(repoState(fresh)).toEqual(beforeFresh);
  });
});

describe('the acting domain (spec §2.3)', () => {
  /** api changes its own file and one of db's. */
  function crossDomainChange(extra: Tree = {}): string {
    const root = repo(extra);
    write(root, 'src/api/users.ts', CLEAN_EDIT);
    write(root, 'src/db/client.ts', 'export const client = 2;\n');
    git(root, 'add', '-A');
    return root;
  }
  const OUT_OF_SCOPE_MESSAGE = 'domain api may not change src/db/client.ts (modified): src/db/client.ts belongs to domain db; coordinate with db-agent';

  it('the text report shows it under the acting domain', () => {
    const root = crossDomainChange();
    const result = cli(root, ['check', '--staged', '--domain', 'api'], CLEAN_ENV);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`api (api-agent)\n  src/db/client.ts  error  out-of-scope-change  ${OUT_OF_SCOPE_MESSAGE}\n`);
  });

  // How the pattern matches branch names is judged in-process (test/unit/staged.test.ts).
  it('settings.branch_domain matched against the current branch', () => {
    const root = crossDomainChange({ 'orchestrator.toml': `[settings]\nbranch_domain = "swarm/*/{domain}"\n\n${TOML}` });
    expect(stagedJson(root).findings).toEqual([]); // on main
    git(root, 'checkout', '-q', '-b', 'swarm/alice/api');
    expect(stagedJson(root).findings.map((f) => f.message)).toEqual([OUT_OF_SCOPE_MESSAGE]);
    git(root, 'checkout', '-q', '-b', 'swarm/bob/db');
    expect(stagedJson(root).findings.map((f) => `${f.domain} ${f.file}`)).toEqual(['db src/api/users.ts']);
  });

  it('an unknown CN_GUARD_DOMAIN exits 2 with did-you-mean', () => {
    const env = cli(crossDomainChange(), ['check', '--staged'], { ...CLEAN_ENV, CN_GUARD_DOMAIN: 'dbb' });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('unknown domain "dbb" (from CN_GUARD_DOMAIN); did you mean "db"?');
  });

  it('paths with spaces and non-ASCII characters are named exactly (git -z output)', () => {
    const root = repo({ 'src/db/a file ü.ts': 'export const x = 1;\n' });
    write(root, 'src/db/a file ü.ts', 'export const x = 2;\n');
    git(root, 'mv', 'src/db/legacy.ts', 'src/db/lé gacy.ts');
    git(root, 'add', '-A');
    expect(stagedJson(root, ['--domain', 'api']).findings.map((f) => f.message)).toEqual([
      'domain api may not change src/db/a file ü.ts (modified): src/db/a file ü.ts belongs to domain db; coordinate with db-agent',
      'domain api may not change src/db/legacy.ts (renamed to src/db/lé gacy.ts): src/db/legacy.ts belongs to domain db; coordinate with db-agent',
      'domain api may not change src/db/lé gacy.ts (renamed from src/db/legacy.ts): src/db/lé gacy.ts belongs to domain db; coordinate with db-agent',
    ]);
    expect(stagedJson(root, ['--domain', 'db']).findings).toEqual([]);
  });

  it('from a subdirectory, the same index and root-relative paths', () => {
    const root = repo();
    write(root, 'src/api/users.ts', VIOLATION);
    write(root, 'src/db/client.ts', 'export const client = 2;\n');
    git(root, 'add', '-A');
    const report = stagedJson(join(root, 'src/ui'), ['--domain', 'api']);
    expect(report.findings.map((f) => `${f.rule} ${f.file}`)).toEqual(['forbidden-import src/api/users.ts', 'out-of-scope-change src/db/client.ts']);
  });
});

describe('removing the policy from the commit', () => {
  // `git rm --cached orchestrator.toml` keeps the file on disk: staged mode must not read that
  // working-tree copy as the commit's policy and pass in silence (the commit drops every rule).
  it('a staged deletion of orchestrator.toml that keeps the file on disk is a failing policy-change', () => {
    const root = repo();
    git(root, 'rm', '-q', '--cached', 'orchestrator.toml');
    for (const args of [['--domain', 'api'], []]) {
      const report = stagedJson(root, args);
      expect(report.findings.map((f) => `${f.rule} ${f.severity} ${f.file}`)).toEqual(['policy-change error orchestrator.toml']);
      expect(report.code).toBe(1);
    }
    expect(stagedJson(root, ['--allow-policy-change']).code).toBe(0);
  });

  it('deleting orchestrator.toml from the index and the disk stops the commit with a configuration error', () => {
    const root = hookedRepo();
    git(root, 'rm', '-q', 'orchestrator.toml');
    expect(cli(root, ['check', '--staged'], CLEAN_ENV).code).toBe(2);
    expect(commit(root, []).code).not.toBe(0);
    expect(commitCount(root)).toBe(1);
  });
});

describe('outside a git repository', () => {
  it('check --staged is a usage error (exit 2) that says why', () => {
    const root = makeRepo(BASE, { git: false });
    const result = cli(root, ['check', '--staged'], { ...CLEAN_ENV, GIT_CEILING_DIRECTORIES: dirname(root) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--staged needs a git repository, and ${root} is not inside one`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('file names after check --staged (lint-staged): only those of the staged files are checked', () => {
  it('checks a named staged file, and says which named files are not staged', () => {
    const root = repo();
    write(root, 'src/api/users.ts', VIOLATION);
    git(root, 'add', 'src/api/users.ts');
    write(root, 'src/ui/view.ts', "import { client } from '../db/client';\nimport { legacy } from '../db/nowhere';\n");
    for (const names of [['src/api/users.ts'], [join(root, 'src/api/users.ts'), join(root, 'src/ui/view.ts')]]) {
      const report = stagedJson(root, names);
      expect(report.code).toBe(1);
      expect(summarizeFindings(report)).toEqual([FORBIDDEN]);
      expect(report.summary.files).toBe(1);
    }
    const unstaged = stagedJson(root, ['src/ui/view.ts', 'no/such/file.ts']);
    expect(unstaged.code).toBe(0);
    expect(unstaged.summary.files).toBe(0);
    expect((unstaged as unknown as { notes: string[] }).notes).toEqual([
      'src/ui/view.ts is not staged, so it was not checked',
      'no/such/file.ts is not staged, so it was not checked',
    ]);
  });
});
