import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check, commit, lines, policyChanges, rev, run } from './support/history.js';
import { git, makeRepo, type Tree } from './support/repo.js';

/** PR mode (spec §3.2): `cn-guard check --base REF [--head REF]`, and the policy diff of spec §2.3. */

const clones: string[] = [];
afterAll(() => {
  for (const dir of clones.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const LAYERS = `[domains.routes]
scope = "src/routes/**"
agent_name = "routes-agent"
forbidden_imports = ["src/database/**"]

[domains.database]
scope = "src/database/**"
agent_name = "database-agent"

[domains.auth]
scope = "src/auth/**"
agent_name = "auth-agent"
`;

const USES_DB = (name: string) => `import { client } from '../database/client';\nexport const ${name} = client;\n`;
const CLEAN = (name: string) => `export const ${name} = 0;\n`;

/** main: routes/users.ts and routes/orders.ts both import the database (two violations on main). */
function layered(extra: Tree = {}): string {
  return makeRepo({
    'orchestrator.toml': LAYERS,
    'src/routes/users.ts': USES_DB('users'),
    'src/routes/orders.ts': USES_DB('orders'),
    'src/routes/health.ts': CLEAN('health'),
    'src/database/client.ts': 'export const client = 1;\n',
    'src/auth/client.ts': 'export const login = 2;\n',
    ...extra,
  });
}

describe('introduced, pre-existing and fixed findings', () => {
  it('fails only on the violation the branch introduces; the shared one is pre-existing, the fixed one counted', () => {
    const root = layered();
    git(root, 'checkout', '-q', '-b', 'feature');
    commit(root, { 'src/routes/orders.ts': CLEAN('orders') }, 'fix: orders no longer reaches into the database');
    commit(root, { 'src/routes/health.ts': USES_DB('health') }, 'feat: health pings the database');
    commit(root, { 'src/auth/client.ts': 'export const login = 3;\n' }, 'chore: unrelated');

    const report = check(root, ['--base', 'main']);
    expect(lines(report)).toEqual([
      'forbidden-import src/routes/health.ts -> src/database/client.ts [new]',
      'forbidden-import src/routes/users.ts -> src/database/client.ts [preexisting]',
    ]);
    expect(report.summary).toMatchObject({ errors: 1, warnings: 0, preexisting: 1, fixed: 1, known: 0, suppressed: 0 });
    expect(report.code).toBe(1);
  });

  it('passes with only pre-existing findings', () => {
    const root = layered();
    git(root, 'checkout', '-q', '-b', 'feature');
    commit(root, { 'src/auth/client.ts': 'export const login = 3;\n' }, 'unrelated');
    const report = check(root, ['--base', 'main']);
    expect(lines(report)).toEqual([
      'forbidden-import src/routes/orders.ts -> src/database/client.ts [preexisting]',
      'forbidden-import src/routes/users.ts -> src/database/client.ts [preexisting]',
    ]);
    expect(report.summary).toMatchObject({ errors: 0, preexisting: 2, fixed: 0 });
    expect(report.code).toBe(0);
  });

  it('counts the summary of a branch that fixes everything: no findings, two fixed', () => {
    const root = layered();
    git(root, 'checkout', '-q', '-b', 'feature');
    commit(root, { 'src/routes/orders.ts': CLEAN('orders'), 'src/routes/users.ts': null }, 'fix both');
    const report = check(root, ['--base', 'main']);
    expect(report.findings).toEqual([]);
    expect(report.summary).toMatchObject({ errors: 0, preexisting: 0, fixed: 2 });
    expect(report.code).toBe(0);
  });

  it('has no fixed count outside PR mode', () => {
    const report = check(layered(), []);
    expect(report.summary).not.toHaveProperty('fixed');
    expect(report.summary).toMatchObject({ errors: 2, preexisting: 0 });
  });

  it('keeps a pre-existing violation pre-existing when its import moves to another line', () => {
    const root = layered();
    git(root, 'checkout', '-q', '-b', 'feature');
    commit(root, { 'src/routes/users.ts': `// users\nimport { login } from '../auth/client';\n${USES_DB('users')}export const who = login;\n` }, 'move the import down');
    const report = check(root, ['--base', 'main']);
    const users = report.findings.find((f) => f.file === 'src/routes/users.ts')!;
    expect(users).toMatchObject({ rule: 'forbidden-import', status: 'preexisting', line: 3 });
    expect(report.summary).toMatchObject({ errors: 0, preexisting: 2, fixed: 0 });
    expect(report.code).toBe(0);
  });

  // The PR identity is (rule, file, target, specifier), as the issue states: rewriting how a violating
  // import is written is a new violating import (and the old one is fixed). The baseline, keyed by
  // (rule, file, target) per spec §3.3, is the tool for accepting a violation whatever its spelling.
  it('treats a rewritten specifier of a violating import as a new identity (the old one is fixed)', () => {
    const root = layered();
    git(root, 'checkout', '-q', '-b', 'feature');
    commit(root, { 'src/routes/users.ts': "import { client } from './../database/client';\nexport const users = client;\n" }, 'rewrite the specifier');
    const report = check(root, ['--base', 'main']);
    expect(lines(report)).toEqual([
      'forbidden-import src/routes/orders.ts -> src/database/client.ts [preexisting]',
      'forbidden-import src/routes/users.ts -> src/database/client.ts [new]',
    ]);
    expect(report.summary).toMatchObject({ errors: 1, preexisting: 1, fixed: 1 });
    expect(report.code).toBe(1);
  });

  it('reads head from git, not from the working tree: an uncommitted violation is not part of the PR', () => {
    const root = layered();
    git(root, 'checkout', '-q', '-b', 'feature');
    commit(root, { 'src/auth/client.ts': 'export const login = 3;\n' }, 'unrelated');
    writeFileSync(join(root, 'src/routes/health.ts'), USES_DB('health'));
    const report = check(root, ['--base', 'main']);
    expect(lines(report)).toEqual([
      'forbidden-import src/routes/orders.ts -> src/database/client.ts [preexisting]',
      'forbidden-import src/routes/users.ts -> src/database/client.ts [preexisting]',
    ]);
    expect(report.code).toBe(0);
  });
});

describe('the merge base', () => {
  /** feature branches off, then main moves on: it fixes users.ts and introduces admin.ts. */
  function diverged(): string {
    const root = layered();
    git(root, 'checkout', '-q', '-b', 'feature');
    commit(root, { 'src/routes/health.ts': USES_DB('health') }, 'feature: new violation');
    commit(root, { 'src/routes/health.ts': CLEAN('health'), 'src/auth/client.ts': 'export const login = 3;\n' }, 'feature: fixed again');
    git(root, 'checkout', '-q', 'main');
    commit(root, { 'src/routes/users.ts': CLEAN('users'), 'src/routes/admin.ts': USES_DB('admin') }, 'main: later work');
    return root;
  }

  it('compares with merge-base(base, head), not with the tip of base', () => {
    const root = diverged();
    git(root, 'checkout', '-q', 'feature');
    const report = check(root, ['--base', 'main']);
    // users.ts still violates on the branch; main fixed it later, but the branch did not introduce it.
    // admin.ts was introduced on main after the branch point: the branch does not contain it.
    expect(lines(report)).toEqual([
      'forbidden-import src/routes/orders.ts -> src/database/client.ts [preexisting]',
      'forbidden-import src/routes/users.ts -> src/database/client.ts [preexisting]',
    ]);
    expect(report.summary).toMatchObject({ errors: 0, preexisting: 2, fixed: 0 });
    expect(report.code).toBe(0);
  });

  it('checks an explicit --head commit while another branch is checked out', () => {
    const root = diverged();
    // HEAD is main (with admin.ts); the first feature commit introduced health.ts's violation.
    const first = rev(root, 'feature~1');
    const report = check(root, ['--base', 'main', '--head', first]);
    expect(lines(report)).toEqual([
      'forbidden-import src/routes/health.ts -> src/database/client.ts [new]',
      'forbidden-import src/routes/orders.ts -> src/database/client.ts [preexisting]',
      'forbidden-import src/routes/users.ts -> src/database/client.ts [preexisting]',
    ]);
    expect(report.code).toBe(1);

    const tip = check(root, ['--base', 'main', '--head', 'feature']);
    expect(lines(tip, ['forbidden-import']).filter((l) => l.includes('[new]'))).toEqual([]);
    expect(tip.code).toBe(0);
  });

  it('accepts commit ids for both --base and --head', () => {
    const root = diverged();
    const report = check(root, ['--base', rev(root, 'main~1'), '--head', rev(root, 'feature~1')]);
    expect(lines(report).filter((l) => l.includes('[new]'))).toEqual(['forbidden-import src/routes/health.ts -> src/database/client.ts [new]']);
    expect(report.code).toBe(1);
  });

  it('judges the net change: a violation added and removed again within the branch is not reported', () => {
    const root = diverged();
    git(root, 'checkout', '-q', 'feature');
    const report = check(root, ['--base', 'main']);
    expect(report.findings.filter((f) => f.file === 'src/routes/health.ts')).toEqual([]);
  });

  it('does not blame the branch for a violation main introduced and the branch merged in', () => {
    const root = diverged();
    git(root, 'checkout', '-q', 'feature');
    git(root, 'merge', '-q', '--no-edit', 'main');
    const report = check(root, ['--base', 'main']);
    expect(lines(report)).toEqual([
      'forbidden-import src/routes/admin.ts -> src/database/client.ts [preexisting]',
      'forbidden-import src/routes/orders.ts -> src/database/client.ts [preexisting]',
    ]);
    expect(report.code).toBe(0);
  });
});

describe('usage errors', () => {
  function shallowClone(root: string, args: string[]): string {
    const dir = mkdtempSync(join(tmpdir(), 'cn-guard-clone-'));
    clones.push(dir);
    git(dir, 'clone', '-q', '--depth', '1', ...args, `file://${root}`, 'clone');
    return join(dir, 'clone');
  }

  function branched(): string {
    const root = layered();
    git(root, 'checkout', '-q', '-b', 'feature');
    commit(root, { 'src/routes/health.ts': USES_DB('health') }, 'feature');
    git(root, 'checkout', '-q', 'main');
    commit(root, { 'src/auth/client.ts': 'export const login = 3;\n' }, 'main moves on');
    return root;
  }

  it.each([['main'], ['origin/main']])('exits 2 with a fetch-depth hint when --base %s is missing from a shallow clone', (base) => {
    const clone = shallowClone(branched(), ['--branch', 'feature']);
    const result = run(clone, ['check', '--base', base]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `cn-guard: --base ${base} names no commit here (this clone is shallow); fetch the full history first (actions/checkout with \`fetch-depth: 0\`, or \`git fetch --unshallow\`)\n`,
    );
  });

  it('exits 2 with a fetch-depth hint when the shallow clone has the base but not the merge base', () => {
    const clone = shallowClone(branched(), ['--branch', 'feature', '--no-single-branch']);
    const result = run(clone, ['check', '--base', 'origin/main']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'cn-guard: origin/main and HEAD have no common ancestor in this clone (it is shallow); fetch the full history first (actions/checkout with `fetch-depth: 0`, or `git fetch --unshallow`)\n',
    );
  });

  it('exits 2 for an unknown --base ref, naming it', () => {
    const result = run(layered(), ['check', '--base', 'no-such-branch']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^cn-guard: --base no-such-branch names no commit here; /);
    expect(result.stderr).not.toContain('this clone is shallow');
  });

  it('exits 2 for an unknown --head ref, naming it', () => {
    const result = run(layered(), ['check', '--base', 'main', '--head', 'no-such-commit']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('cn-guard: --head no-such-commit names no commit here; fetch the full history first (actions/checkout with `fetch-depth: 0`, or `git fetch --unshallow`)\n');
  });

  it('exits 2 for --head without --base', () => {
    const result = run(layered(), ['check', '--head', 'HEAD']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('cn-guard: --head needs --base\n');
  });

  it('exits 2 for --base together with --staged', () => {
    const result = run(layered(), ['check', '--staged', '--base', 'main']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('cn-guard: choose one of --all, --staged and --base\n');
  });
});

/** A policy with something of every kind, each on its own line so findings can point at it. */
const POLICY = `[settings]
unowned = "warn"

[domains.routes]
scope = ["src/routes/**", "src/admin/**"]
agent_name = "routes-agent"
forbidden_imports = ["src/database/**", "src/auth/internal/**"]
allowed_imports = ["src/auth/client.ts", "src/shared/**"]

[domains.database]
scope = "src/database/**"
public = ["src/database/index.ts"]

[domains.auth]
scope = "src/auth/**"

[domains.shared]
scope = "src/shared/**"

[domains.services]
scope = "src/services/**"

[[exceptions]]
from = "src/routes/legacy/**"
to = "src/database/**"
reason = "legacy export; removal tracked in bd-a1b2"
owner = "@alice"
expires = 2030-01-31
`;

const POLICY_FILES: Tree = {
  'orchestrator.toml': POLICY,
  'src/routes/users.ts': "import { login } from '../auth/client';\nimport { util } from '../shared/util';\nexport const users = [login, util];\n",
  'src/routes/legacy/export.ts': "import { db } from '../../database/index';\nexport const dump = db;\n",
  'src/admin/panel.ts': "import { login } from '../auth/client';\nexport const panel = login;\n",
  'src/database/index.ts': "export { db } from './client';\n",
  'src/database/client.ts': 'export const db = 1;\n',
  'src/auth/client.ts': "import { secret } from './internal/secret';\nexport const login = secret;\n",
  'src/auth/internal/secret.ts': 'export const secret = 2;\n',
  'src/shared/util.ts': 'export const util = 3;\n',
  'src/services/orders.ts': "import { db } from '../database/index';\nexport const orders = db;\n",
  'src/tools/gen.ts': 'export const gen = 4;\n',
};

/** 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string, occurrence = 1): number {
  let seen = 0;
  const index = text.split('\n').findIndex((line) => line.includes(needle) && ++seen === occurrence);
  if (index < 0) throw new Error(`"${needle}" not in the fixture`);
  return index + 1;
}

/** main has POLICY; the branch `feature` commits `toml` (and maybe code). */
function policyBranch(toml: string, code: Record<string, string | null> = {}): string {
  const root = makeRepo(POLICY_FILES);
  git(root, 'checkout', '-q', '-b', 'feature');
  commit(root, { 'orchestrator.toml': toml, ...code }, 'policy change');
  return root;
}

const WEAK = "policy changes need the owners' agreement: rerun with --allow-policy-change once they have approved it";

describe('policy changes between base and head', () => {
  it('starts from a base that passes (only an unowned warning and a suppressed finding)', () => {
    const report = check(makeRepo(POLICY_FILES), []);
    expect(lines(report)).toEqual([
      'forbidden-import src/routes/legacy/export.ts -> src/database/index.ts [suppressed]',
      'unowned-file src/tools/gen.ts [new]',
    ]);
    expect(report.code).toBe(0);
  });

  it('a duplicate of an existing exception that never expires is an exception added', () => {
    const duplicate = `${POLICY}\n[[exceptions]]\nfrom = "src/routes/legacy/**"\nto = "src/database/**"\nreason = "forever"\n`;
    const report = check(policyBranch(duplicate), ['--base', 'main']);
    expect(policyChanges(report).map((f) => f.message)).toEqual(['weakened: exception added: src/routes/legacy/** → src/database/** (forever; never expires)']);
    expect(report.code).toBe(1);
  });

  it('judges a domain\'s type_imports by its effect under the global setting', () => {
    const ignoring = POLICY.replace('unowned = "warn"', 'unowned = "warn"\ntype_imports = "ignore"');
    const root = makeRepo({ ...POLICY_FILES, 'orchestrator.toml': ignoring.replace('agent_name = "routes-agent"', 'agent_name = "routes-agent"\ntype_imports = "check"') });
    git(root, 'checkout', '-q', '-b', 'feature');
    commit(root, { 'orchestrator.toml': ignoring }, 'drop the domain override');
    const report = check(root, ['--base', 'main']);
    expect(policyChanges(report).map((f) => f.message)).toEqual(['weakened: domain routes: type-only imports no longer checked (type_imports check → (global))']);
  });

  it('reports no policy change when orchestrator.toml is untouched, or changed and changed back', () => {
    const root = policyBranch(POLICY.replace('"src/admin/**"]', '"src/admin/**", "src/tools/**"]'));
    commit(root, { 'orchestrator.toml': POLICY }, 'revert');
    const report = check(root, ['--base', 'main']);
    expect(policyChanges(report)).toEqual([]);
    expect(report.code).toBe(0);
  });

  it('scope widened: a weakening that fails, pointing at the scope line', () => {
    const toml = POLICY.replace('"src/admin/**"]', '"src/admin/**", "src/tools/**"]');
    const report = check(policyBranch(toml), ['--base', 'main']);
    expect(policyChanges(report)).toEqual([
      { severity: 'error', status: 'new', file: 'orchestrator.toml', line: 5, message: 'weakened: scope of domain routes widened: added "src/tools/**" (its agent may change more files)' },
    ]);
    expect(report.findings.find((f) => f.rule === 'policy-change')).toMatchObject({ hint: WEAK, column: 1 });
    expect(report.code).toBe(1);
  });

  it('scope widened by removing an exclusion', () => {
    const base = makeRepo({ ...POLICY_FILES, 'orchestrator.toml': POLICY.replace('"src/admin/**"]', '"src/admin/**", "!src/routes/legacy/**"]') });
    git(base, 'checkout', '-q', '-b', 'feature');
    commit(base, { 'orchestrator.toml': POLICY }, 'drop the exclusion');
    const report = check(base, ['--base', 'main']);
    expect(policyChanges(report)).toEqual([
      { severity: 'error', status: 'new', file: 'orchestrator.toml', line: 5, message: 'weakened: scope of domain routes widened: exclusion "!src/routes/legacy/**" removed (its agent may change more files)' },
    ]);
    expect(report.code).toBe(1);
  });

  // Narrowing a scope lets files out of the domain's import rules (they become unowned or another
  // domain's), so it is a weakening too.
  it('scope narrowed by removing a pattern: a weakening (those files leave its rules)', () => {
    const toml = POLICY.replace('scope = ["src/routes/**", "src/admin/**"]', 'scope = ["src/routes/**"]');
    const report = check(policyBranch(toml), ['--base', 'main']);
    expect(policyChanges(report)).toEqual([
      { severity: 'error', status: 'new', file: 'orchestrator.toml', line: 5, message: 'weakened: scope of domain routes narrowed: removed "src/admin/**" (those files leave its rules)' },
    ]);
    expect(report.findings.find((f) => f.rule === 'policy-change')!.hint).toBe(WEAK);
    expect(report.code).toBe(1);
  });

  // An exclusion's source keeps its "!" as written: the message must not double it.
  it('scope narrowed by adding an exclusion: named with a single "!"', () => {
    const toml = POLICY.replace('"src/admin/**"]', '"src/admin/**", "!src/routes/legacy/**"]');
    const report = check(policyBranch(toml), ['--base', 'main']);
    expect(policyChanges(report)).toEqual([
      { severity: 'error', status: 'new', file: 'orchestrator.toml', line: 5, message: 'weakened: scope of domain routes narrowed: exclusion "!src/routes/legacy/**" added (those files leave its rules)' },
    ]);
    expect(report.code).toBe(1);
  });

  it('forbidden pattern removed: a weakening', () => {
    const toml = POLICY.replace('forbidden_imports = ["src/database/**", "src/auth/internal/**"]', 'forbidden_imports = ["src/database/**"]');
    const report = check(policyBranch(toml), ['--base', 'main']);
    expect(policyChanges(report)).toEqual([
      { severity: 'error', status: 'new', file: 'orchestrator.toml', line: 7, message: 'weakened: domain routes: forbidden pattern "src/auth/internal/**" removed' },
    ]);
    expect(report.code).toBe(1);
  });

  it('the whole forbidden_imports key removed: a weakening pointing at the domain header', () => {
    const toml = POLICY.replace('forbidden_imports = ["src/database/**", "src/auth/internal/**"]\n', '');
    const report = check(policyBranch(toml), ['--base', 'main']);
    expect(policyChanges(report)).toEqual([
      { severity: 'error', status: 'new', file: 'orchestrator.toml', line: 4, message: 'weakened: domain routes: forbidden pattern "src/database/**", "src/auth/internal/**" removed' },
    ]);
    expect(report.code).toBe(1);
  });

  it('forbidden pattern added: a strengthening', () => {
    const toml = POLICY.replace('"src/auth/internal/**"]', '"src/auth/internal/**", "src/services/**"]');
    const report = check(policyBranch(toml), ['--base', 'main']);
    expect(policyChanges(report)).toEqual([
      { severity: 'info', status: 'new', file: 'orchestrator.toml', line: 7, message: 'strengthened: domain routes: forbidden pattern "src/services/**" added' },
    ]);
    expect(report.code).toBe(0);
  });

  it('allowed pattern added to an existing allow-list: a weakening', () => {
    const toml = POLICY.replace('"src/shared/**"]', '"src/shared/**", "src/services/**"]');
    const report = check(policyBranch(toml), ['--base', 'main']);
    expect(policyChanges(report)).toEqual([
      { severity: 'error', status: 'new', file: 'orchestrator.toml', line: 8, message: 'weakened: domain routes: "src/services/**" added to allowed_imports' },
    ]);
    expect(report.code).toBe(1);
  });

  it('allowed pattern removed from an allow-list: a strengthening', () => {
    const toml = POLICY.replace('allowed_imports = ["src/auth/client.ts", "src/shared/**"]', 'allowed_imports = ["src/auth/client.ts"]');
    // routes/users.ts imports shared: now a violation introduced by the PR's stricter policy? No: the base is
    // judged by head's rules too, so it is pre-existing.
    const report = check(policyBranch(toml), ['--base', 'main']);
    expect(policyChanges(report)).toEqual([
      { severity: 'info', status: 'new', file: 'orchestrator.toml', line: 8, message: 'strengthened: domain routes: "src/shared/**" removed from allowed_imports' },
    ]);
    expect(lines(report, ['not-allowed-import'])).toEqual(['not-allowed-import src/routes/users.ts -> src/shared/util.ts [preexisting]']);
    expect(report.code).toBe(0);
  });

  it('allow-list introduced: a strengthening', () => {
    const toml = POLICY.replace('scope = "src/services/**"\n', 'scope = "src/services/**"\nallowed_imports = ["src/database/index.ts"]\n');
    const report = check(policyBranch(toml), ['--base', 'main']);
    expect(policyChanges(report)).toEqual([
      { severity: 'info', status: 'new', file: 'orchestrator.toml', line: lineOf(toml, 'allowed_imports = ["src/database/index.ts"]'), message: 'strengthened: domain services: allow-list introduced ("src/database/index.ts")' },
    ]);
    expect(report.code).toBe(0);
  });

  it('allow-list introduced in a domain with forbidden patterns: a weakening (a more specific allowed pattern wins)', () => {
    const toml = POLICY.replace('scope = "src/services/**"\n', 'scope = "src/services/**"\nforbidden_imports = ["src/auth/**"]\n');
    const root = makeRepo({ ...POLICY_FILES, 'orchestrator.toml': toml });
    git(root, 'checkout', '-q', '-b', 'feature');
    const next = toml.replace('forbidden_imports = ["src/auth/**"]\n', 'forbidden_imports = ["src/auth/**"]\nallowed_imports = ["src/auth/internal/**", "src/database/**"]\n');
    commit(root, { 'orchestrator.toml': next, 'src/services/peek.ts': "import { secret } from '../auth/internal/secret';\nexport const p = secret;\n" }, 'allow-list');
    const report = check(root, ['--base', 'main']);
    expect(policyChanges(report)).toEqual([
      {
        severity: 'error', status: 'new', file: 'orchestrator.toml', line: lineOf(next, 'allowed_imports = ["src/auth/internal/**"'),
        message: 'weakened: domain services: allow-list introduced ("src/auth/internal/**", "src/database/**"), which can out-rank its forbidden patterns',
      },
    ]);
    // The deep import the allow-list now permits is no violation at head: only the policy diff catches it.
    expect(report.findings.filter((f) => f.file === 'src/services/peek.ts')).toEqual([]);
    expect(report.code).toBe(1);
  });

  it('domain added: a weakening (it may take files, and their rules, from other domains)', () => {
    const toml = POLICY.replace('[[exceptions]]', '[domains.tools]\nscope = "src/tools/**"\n\n[[exceptions]]');
    const report = check(policyBranch(toml), ['--base', 'main']);
    expect(policyChanges(report)).toEqual([
      { severity: 'error', status: 'new', file: 'orchestrator.toml', line: lineOf(toml, '[domains.tools]'), message: 'weakened: domain tools added (it may take files, and so their rules, from other domains)' },
    ]);
    expect(report.code).toBe(1);
  });

  it('allow-list removed entirely: a weakening', () => {
    const toml = POLICY.replace('allowed_imports = ["src/auth/client.ts", "src/shared/**"]\n', '');
    const report = check(policyBranch(toml), ['--base', 'main']);
    expect(policyChanges(report)).toEqual([
      {
        severity: 'error', status: 'new', file: 'orchestrator.toml', line: 4,
        message: 'weakened: domain routes: allow-list removed (was "src/auth/client.ts", "src/shared/**"): everything not forbidden may be imported',
      },
    ]);
    expect(report.code).toBe(1);
  });

  it('exception added: a weakening pointing at the new [[exceptions]] table', () => {
    const toml = `${POLICY}
[[exceptions]]
from = "src/services/**"
to = "src/auth/**"
reason = "migration, bd-c3d4"
owner = "@bob"
expires = 2029-12-31
`;
    const report = check(policyBranch(toml), ['--base', 'main']);
    expect(policyChanges(report)).toEqual([
      {
        severity: 'error', status: 'new', file: 'orchestrator.toml', line: lineOf(toml, '[[exceptions]]', 2),
        message: 'weakened: exception added: src/services/** → src/auth/** (migration, bd-c3d4; owner @bob; expires 2029-12-31)',
      },
    ]);
    expect(report.code).toBe(1);
  });

  it('exception extended (expires later): a weakening', () => {
    const toml = POLICY.replace('expires = 2030-01-31', 'expires = 2031-06-30');
    const report = check(policyBranch(toml), ['--base', 'main']);
    expect(policyChanges(report)).toEqual([
      {
        severity: 'error', status: 'new', file: 'orchestrator.toml', line: lineOf(toml, '[[exceptions]]'),
        message: 'weakened: exception src/routes/legacy/** → src/database/** extended: expires 2030-01-31 → 2031-06-30',
      },
    ]);
    expect(report.code).toBe(1);
  });

  it('exception made permanent (expiry removed): a weakening', () => {
    const toml = POLICY.replace('expires = 2030-01-31\n', '');
    const report = check(policyBranch(toml), ['--base', 'main']);
    expect(policyChanges(report)).toEqual([
      {
        severity: 'error', status: 'new', file: 'orchestrator.toml', line: lineOf(toml, '[[exceptions]]'),
        message: 'weakened: exception src/routes/legacy/** → src/database/** extended: expires 2030-01-31 → never',
      },
    ]);
    expect(report.code).toBe(1);
  });

  it('exception shortened and exception removed: strengthenings', () => {
    const shortened = check(policyBranch(POLICY.replace('expires = 2030-01-31', 'expires = 2029-01-31')), ['--base', 'main']);
    expect(policyChanges(shortened)).toEqual([
      { severity: 'info', status: 'new', file: 'orchestrator.toml', line: lineOf(POLICY, '[[exceptions]]'), message: 'strengthened: exception src/routes/legacy/** → src/database/** shortened: expires 2030-01-31 → 2029-01-31' },
    ]);
    expect(shortened.code).toBe(0);

    // Removing the exception and the legacy import it covered.
    const toml = POLICY.slice(0, POLICY.indexOf('[[exceptions]]'));
    const removed = check(policyBranch(toml, { 'src/routes/legacy/export.ts': null }), ['--base', 'main']);
    expect(policyChanges(removed)).toEqual([
      { severity: 'info', status: 'new', file: 'orchestrator.toml', message: 'strengthened: exception removed: src/routes/legacy/** → src/database/**' },
    ]);
    expect(removed.code).toBe(0);
  });

  it('domain removed: a weakening (no line to point at in the new file)', () => {
    const toml = POLICY.replace('[domains.services]\nscope = "src/services/**"\n\n', '');
    const report = check(policyBranch(toml), ['--base', 'main']);
    expect(policyChanges(report)).toEqual([
      { severity: 'error', status: 'new', file: 'orchestrator.toml', message: 'weakened: domain services removed: its scope and rules no longer apply' },
    ]);
    expect(report.code).toBe(1);
  });

  it('public entry point added: a weakening', () => {
    const toml = POLICY.replace('public = ["src/database/index.ts"]', 'public = ["src/database/index.ts", "src/database/client.ts"]');
    const report = check(policyBranch(toml), ['--base', 'main']);
    expect(policyChanges(report)).toEqual([
      { severity: 'error', status: 'new', file: 'orchestrator.toml', line: 12, message: 'weakened: domain database: public entry point "src/database/client.ts" added' },
    ]);
    expect(report.code).toBe(1);
  });

  it('settings.unowned lowered: a weakening; raised: a strengthening whose findings are pre-existing', () => {
    const lowered = check(policyBranch(POLICY.replace('unowned = "warn"', 'unowned = "allow"')), ['--base', 'main']);
    expect(policyChanges(lowered)).toEqual([
      { severity: 'error', status: 'new', file: 'orchestrator.toml', line: 2, message: 'weakened: unowned files: "warn" → "allow"' },
    ]);
    expect(lowered.code).toBe(1);

    const raised = check(policyBranch(POLICY.replace('unowned = "warn"', 'unowned = "error"')), ['--base', 'main']);
    expect(policyChanges(raised)).toEqual([
      { severity: 'info', status: 'new', file: 'orchestrator.toml', line: 2, message: 'strengthened: unowned files: "warn" → "error"' },
    ]);
    expect(lines(raised, ['unowned-file'])).toEqual(['unowned-file src/tools/gen.ts [preexisting]']);
    expect(raised.code).toBe(0);
  });

  it('reports several changes of one PR, each on its own line', () => {
    const toml = POLICY.replace('unowned = "warn"', 'unowned = "allow"')
      .replace('"src/auth/internal/**"]', '"src/auth/internal/**", "src/services/**"]')
      .replace('public = ["src/database/index.ts"]', 'public = ["src/database/index.ts", "src/database/client.ts"]');
    const report = check(policyBranch(toml), ['--base', 'main']);
    expect(policyChanges(report).map((c) => `${c.line} ${c.severity} ${c.message}`).sort()).toEqual([
      '12 error weakened: domain database: public entry point "src/database/client.ts" added',
      '2 error weakened: unowned files: "warn" → "allow"',
      '7 info strengthened: domain routes: forbidden pattern "src/services/**" added',
    ]);
    expect(report.summary.errors).toBe(2);
    expect(report.code).toBe(1);
  });

  it('--allow-policy-change turns weakenings into warnings (exit 0)', () => {
    // The PR drops a forbidden pattern and uses what it no longer forbids.
    const toml = POLICY.replace('forbidden_imports = ["src/database/**", "src/auth/internal/**"]', 'forbidden_imports = ["src/database/**"]')
      .replace('"src/shared/**"]', '"src/shared/**", "src/auth/internal/**"]');
    const root = policyBranch(toml, { 'src/routes/secret.ts': "import { secret } from '../auth/internal/secret';\nexport const s = secret;\n" });
    const refused = check(root, ['--base', 'main']);
    expect(policyChanges(refused).map((c) => `${c.severity} ${c.message}`)).toEqual([
      'error weakened: domain routes: forbidden pattern "src/auth/internal/**" removed',
      'error weakened: domain routes: "src/auth/internal/**" added to allowed_imports',
    ]);
    expect(refused.code).toBe(1);

    const allowed = check(root, ['--base', 'main', '--allow-policy-change']);
    expect(policyChanges(allowed).map((c) => `${c.severity} ${c.message}`)).toEqual([
      'warning weakened: domain routes: forbidden pattern "src/auth/internal/**" removed',
      'warning weakened: domain routes: "src/auth/internal/**" added to allowed_imports',
    ]);
    expect(allowed.findings.filter((f) => f.rule === 'policy-change').map((f) => f.hint)).toEqual(['allowed with --allow-policy-change', 'allowed with --allow-policy-change']);
    // The unowned-file warning of src/tools/gen.ts is pre-existing, so it is not counted.
    expect(allowed.summary).toMatchObject({ errors: 0, warnings: 2, preexisting: 1 });
    expect(allowed.code).toBe(0);
  });

  it('does not blame the PR for a weakening made on main and merged into the branch', () => {
    const root = makeRepo(POLICY_FILES);
    git(root, 'checkout', '-q', '-b', 'feature');
    commit(root, { 'src/shared/util.ts': 'export const util = 5;\n' }, 'feature work');
    git(root, 'checkout', '-q', 'main');
    commit(root, { 'orchestrator.toml': POLICY.replace('unowned = "warn"', 'unowned = "allow"') }, 'main: policy decided by the owners');
    git(root, 'checkout', '-q', 'feature');
    git(root, 'merge', '-q', '--no-edit', 'main');
    const report = check(root, ['--base', 'main']);
    expect(policyChanges(report)).toEqual([]);
    expect(report.code).toBe(0);
  });

  it('a PR that introduces orchestrator.toml has no policy diff; main\'s violations are pre-existing', () => {
    const root = makeRepo({ ...POLICY_FILES, 'orchestrator.toml': '' }, { git: false });
    rmSync(join(root, 'orchestrator.toml'));
    git(root, 'init', '-q', '-b', 'main');
    commit(root, {}, 'before cn-guard');
    git(root, 'checkout', '-q', '-b', 'feature');
    commit(root, { 'orchestrator.toml': POLICY.replace('src/routes/legacy/**', 'src/routes/nothing/**') }, 'adopt cn-guard');
    const report = check(root, ['--base', 'main']);
    expect(policyChanges(report)).toEqual([]);
    expect(lines(report)).toEqual([
      'forbidden-import src/routes/legacy/export.ts -> src/database/index.ts [preexisting]',
      // The base is judged by head's rules, so even head's stale exception counts as pre-existing.
      'stale-exception orchestrator.toml [preexisting]',
      'unowned-file src/tools/gen.ts [preexisting]',
    ]);
    expect(report.code).toBe(0);
  });

  it('says so, as a warning, when the base\'s orchestrator.toml does not load', () => {
    const root = makeRepo({ ...POLICY_FILES, 'orchestrator.toml': POLICY.replace('[domains.auth]', '[domains.auth') });
    git(root, 'checkout', '-q', '-b', 'feature');
    commit(root, { 'orchestrator.toml': POLICY }, 'repair the policy');
    const report = check(root, ['--base', 'main']);
    expect(policyChanges(report)).toEqual([
      { severity: 'warning', status: 'new', file: 'orchestrator.toml', message: 'the previous orchestrator.toml does not load, so what this change did to the policy cannot be judged' },
    ]);
    expect(report.code).toBe(0);
  });

  // BUG (spec §3 json contract): "Findings that are not about an import edge … leave the edge keys out".
  // policy-change findings carry `specifier` (the key path) and `target` (a copy of the message),
  // only so that their fingerprints differ (rules/policy.ts policyFindings).
  it('leaves the import-edge keys out of policy-change findings', () => {
    const report = check(policyBranch(POLICY.replace('unowned = "warn"', 'unowned = "allow"')), ['--base', 'main']);
    const change = report.findings.find((f) => f.rule === 'policy-change')!;
    expect(change).not.toHaveProperty('specifier');
    expect(change).not.toHaveProperty('target');
  });

  it('renders the policy diff in words in the text report', () => {
    const root = policyBranch(POLICY.replace('unowned = "warn"', 'unowned = "allow"'));
    const result = run(root, ['check', '--base', 'main']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('weakened: unowned files: "warn" → "allow"');
    expect(result.stdout).toContain('orchestrator.toml:2');
  });
});

describe('policy changes in staged mode', () => {
  it('fails a staged weakening of orchestrator.toml; --allow-policy-change lets it through', () => {
    const root = makeRepo(POLICY_FILES);
    writeFileSync(join(root, 'orchestrator.toml'), POLICY.replace('"src/admin/**"]', '"src/admin/**", "src/tools/**"]'));
    git(root, 'add', 'orchestrator.toml');

    const refused = check(root, ['--staged']);
    expect(policyChanges(refused)).toEqual([
      { severity: 'error', status: 'new', file: 'orchestrator.toml', line: 5, message: 'weakened: scope of domain routes widened: added "src/tools/**" (its agent may change more files)' },
    ]);
    expect(refused.code).toBe(1);

    const allowed = check(root, ['--staged', '--allow-policy-change']);
    expect(policyChanges(allowed)).toEqual([
      { severity: 'warning', status: 'new', file: 'orchestrator.toml', line: 5, message: 'weakened: scope of domain routes widened: added "src/tools/**" (its agent may change more files)' },
    ]);
    expect(allowed.code).toBe(0);
  });

  it('judges what is staged, not the working tree: an unstaged weakening is not reported', () => {
    const root = makeRepo(POLICY_FILES);
    const staged = POLICY.replace('"src/auth/internal/**"]', '"src/auth/internal/**", "src/services/**"]');
    writeFileSync(join(root, 'orchestrator.toml'), staged);
    git(root, 'add', 'orchestrator.toml');
    writeFileSync(join(root, 'orchestrator.toml'), staged.replace('unowned = "warn"', 'unowned = "allow"'));
    const report = check(root, ['--staged']);
    expect(policyChanges(report)).toEqual([
      { severity: 'info', status: 'new', file: 'orchestrator.toml', line: 7, message: 'strengthened: domain routes: forbidden pattern "src/services/**" added' },
    ]);
    expect(report.code).toBe(0);
  });

  // BUG: untracking the policy (`git rm --cached orchestrator.toml`) passes the pre-commit check silently.
  // stagedTree (main/modes.ts) falls back to the working-tree copy when the index has none (meant for a
  // policy not committed yet), so the diff against HEAD is empty, although the commit deletes the policy.
  it('reports untracking orchestrator.toml as a weakening in staged mode', () => {
    const root = makeRepo(POLICY_FILES);
    git(root, 'rm', '-q', '--cached', 'orchestrator.toml');
    const report = check(root, ['--staged']);
    expect(report.findings.filter((f) => f.rule === 'policy-change' && f.severity === 'error')).toHaveLength(1);
    expect(report.code).toBe(1);
  });

  it('reports a staged strengthening as info and passes', () => {
    const root = makeRepo(POLICY_FILES);
    writeFileSync(join(root, 'orchestrator.toml'), POLICY.replace('unowned = "warn"', 'unowned = "error"').replace('"src/admin/**"]', '"src/admin/**", "src/tools/**"]'));
    git(root, 'add', 'orchestrator.toml');
    const report = check(root, ['--staged', '--allow-policy-change']);
    expect(policyChanges(report).map((c) => `${c.severity} ${c.message}`)).toEqual([
      'info strengthened: unowned files: "warn" → "error"',
      'warning weakened: scope of domain routes widened: added "src/tools/**" (its agent may change more files)',
    ]);
    expect(report.code).toBe(0);
  });
});

describe('out-of-scope-change in PR mode', () => {
  const TOML = `[settings]
branch_domain = "swarm/*/{domain}"

[domains.routes]
scope = "src/routes/**"
agent_name = "routes-agent"

[domains.database]
scope = "src/database/**"
agent_name = "database-agent"

[domains.auth]
scope = "src/auth/**"
`;

  /** A branch that edits a routes file and a database file; main meanwhile edits auth. */
  function swarm(branch: string): string {
    const root = makeRepo({
      'orchestrator.toml': TOML,
      'src/routes/users.ts': CLEAN('users'),
      'src/database/client.ts': CLEAN('client'),
      'src/auth/client.ts': CLEAN('login'),
    });
    git(root, 'checkout', '-q', '-b', branch);
    commit(root, { 'src/routes/users.ts': CLEAN('users2') }, 'own file');
    commit(root, { 'src/database/client.ts': CLEAN('client2') }, 'someone else\'s file');
    git(root, 'checkout', '-q', 'main');
    commit(root, { 'src/auth/client.ts': CLEAN('login2') }, 'main moves on');
    git(root, 'checkout', '-q', branch);
    return root;
  }

  const DATABASE = {
    rule: 'out-of-scope-change', severity: 'error', status: 'new', file: 'src/database/client.ts', domain: 'routes',
    message: 'domain routes may not change src/database/client.ts (modified): src/database/client.ts belongs to domain database; coordinate with database-agent',
  };

  it('with --domain: only the PR\'s own changes count (not main\'s later ones)', () => {
    const report = check(swarm('feature'), ['--base', 'main', '--domain', 'routes']);
    expect(report.findings).toEqual([expect.objectContaining(DATABASE)]);
    expect(report.findings[0]).not.toHaveProperty('line');
    expect(report.findings[0]).not.toHaveProperty('target');
    expect(report.code).toBe(1);
  });

  it('without an acting domain there is no scope check', () => {
    const report = check(swarm('feature'), ['--base', 'main']);
    expect(report.findings).toEqual([]);
    expect(report.code).toBe(0);
  });

  it('via GITHUB_HEAD_REF matched against settings.branch_domain, on a detached checkout as in Actions', () => {
    const root = swarm('feature');
    git(root, 'checkout', '-q', '--detach', 'feature');
    const report = check(root, ['--base', 'main'], { GITHUB_HEAD_REF: 'swarm/agent-7/routes' });
    expect(report.findings).toEqual([expect.objectContaining(DATABASE)]);
    expect(report.code).toBe(1);
  });

  it('GITHUB_HEAD_REF that names no domain means no scope check', () => {
    const root = swarm('feature');
    git(root, 'checkout', '-q', '--detach', 'feature');
    const report = check(root, ['--base', 'main'], { GITHUB_HEAD_REF: 'swarm/agent-7/nobody' });
    expect(report.findings).toEqual([]);
    expect(report.code).toBe(0);
  });

  it('via the checked-out branch name when GITHUB_HEAD_REF is not set', () => {
    const report = check(swarm('swarm/agent-7/database'), ['--base', 'main']);
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'out-of-scope-change', file: 'src/routes/users.ts', domain: 'database', status: 'new',
        message: 'domain database may not change src/routes/users.ts (modified): src/routes/users.ts belongs to domain routes; coordinate with routes-agent',
      }),
    ]);
    expect(report.code).toBe(1);
  });

  it('does not report orchestrator.toml as out of scope: it is the policy check\'s', () => {
    const root = swarm('feature');
    commit(root, { 'orchestrator.toml': TOML.replace('scope = "src/auth/**"', 'scope = "src/auth/**"\nagent_name = "auth-agent"') }, 'touch the policy');
    const report = check(root, ['--base', 'main', '--domain', 'routes']);
    expect(report.findings.map((f) => `${f.rule} ${f.file}`)).toEqual(['out-of-scope-change src/database/client.ts']);
    expect(report.code).toBe(1);
  });

  it('a routes branch (by name) that edits a database file fails: the premise of the next test', () => {
    const report = check(swarm('swarm/agent-7/routes'), ['--base', 'main']);
    expect(report.findings).toEqual([expect.objectContaining(DATABASE)]);
    expect(report.code).toBe(1);
  });

  it('does not let a PR switch off its own scope check quietly: removing settings.branch_domain is a weakening', () => {
    const root = swarm('swarm/agent-7/routes');
    const toml = TOML.replace('branch_domain = "swarm/*/{domain}"\n', '');
    commit(root, { 'orchestrator.toml': toml }, 'no more branch_domain');
    const report = check(root, ['--base', 'main']);
    expect(policyChanges(report)).toEqual([
      { severity: 'error', status: 'new', file: 'orchestrator.toml', line: 1, message: 'weakened: branch_domain (who counts as the acting domain): "swarm/*/{domain}" → (none)' },
    ]);
    expect(report.code).toBe(1);
  });

  it('takes the acting domain from the branch --head names', () => {
    const root = swarm('swarm/agent-7/routes');
    git(root, 'checkout', '-q', 'main');
    const report = check(root, ['--base', 'main', '--head', 'swarm/agent-7/routes']);
    expect(report.findings).toEqual([expect.objectContaining(DATABASE)]);
    expect(report.code).toBe(1);
  });

  it('exits 2 for an unknown --domain, suggesting the right name', () => {
    const result = run(swarm('feature'), ['check', '--base', 'main', '--domain', 'route']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^cn-guard: unknown domain "route"; .*routes/);
  });
});

describe('a project below the repository root', () => {
  it('diffs only the project directory and reports paths relative to it', () => {
    const root = makeRepo({
      'README.md': 'monorepo\n',
      'app/orchestrator.toml': LAYERS,
      'app/src/routes/users.ts': USES_DB('users'),
      'app/src/routes/health.ts': CLEAN('health'),
      'app/src/database/client.ts': 'export const client = 1;\n',
      'app/src/auth/client.ts': 'export const login = 2;\n',
    });
    git(root, 'checkout', '-q', '-b', 'feature');
    commit(root, { 'app/src/routes/health.ts': USES_DB('health'), 'README.md': 'changed\n' }, 'feature');
    const report = check(root, ['--base', 'main', '--cwd', 'app', '--domain', 'routes']);
    expect(lines(report)).toEqual([
      'forbidden-import src/routes/health.ts -> src/database/client.ts [new]',
      'forbidden-import src/routes/users.ts -> src/database/client.ts [preexisting]',
    ]);
    expect(report.code).toBe(1);
    expect(readFileSync(join(root, 'app/orchestrator.toml'), 'utf8')).toBe(LAYERS);
  });
});
