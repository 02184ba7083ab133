import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEAN, LAYERED, LAYERS, POLICY, POLICY_FILES, SWARM_TOML, USES_DB, WIDENED } from './support/fixtures.js';
import { check, commit, lines, policyChanges, rev, run } from './support/history.js';
import { git, makeRepo } from './support/repo.js';

/**
 * PR mode (spec §3.2) against real git histories: the merge base git finds, merges, refs and
 * shallow clones, head read from git objects, the acting domain from the checked-out branch, and
 * what the CLI prints. Introduced/pre-existing findings and the policy diff case by case run
 * in-process in test/unit/pr.test.ts and test/unit/policy.test.ts.
 */

const clones: string[] = [];
afterAll(() => {
  for (const dir of clones.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** main: routes/users.ts and routes/orders.ts both import the database (two violations on main). */
const layered = () => makeRepo(LAYERED);

describe('introduced, pre-existing and fixed findings', () => {
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
  /** feature branches off, then main moves on: it fixes users.ts and introduces admin.ts. main is checked out. */
  function diverged(): string {
    const root = layered();
    git(root, 'checkout', '-q', '-b', 'feature');
    commit(root, { 'src/routes/health.ts': USES_DB('health') }, 'feature: new violation');
    commit(root, { 'src/routes/health.ts': CLEAN('health'), 'src/auth/client.ts': 'export const login = 3;\n' }, 'feature: fixed again');
    git(root, 'checkout', '-q', 'main');
    commit(root, { 'src/routes/users.ts': CLEAN('users'), 'src/routes/admin.ts': USES_DB('admin') }, 'main: later work');
    return root;
  }

  /** Read-only: `onMain` as diverged() leaves it, `onFeature` with feature checked out. */
  let onMain: string;
  let onFeature: string;
  beforeAll(() => {
    onMain = diverged();
    onFeature = diverged();
    git(onFeature, 'checkout', '-q', 'feature');
  });

  it('compares with merge-base(base, head), not with the tip of base', () => {
    const report = check(onFeature, ['--base', 'main']);
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
    // HEAD is main (with admin.ts); the first feature commit introduced health.ts's violation.
    const report = check(onMain, ['--base', 'main', '--head', rev(onMain, 'feature~1')]);
    expect(lines(report)).toEqual([
      'forbidden-import src/routes/health.ts -> src/database/client.ts [new]',
      'forbidden-import src/routes/orders.ts -> src/database/client.ts [preexisting]',
      'forbidden-import src/routes/users.ts -> src/database/client.ts [preexisting]',
    ]);
    expect(report.code).toBe(1);

    const tip = check(onMain, ['--base', 'main', '--head', 'feature']);
    expect(lines(tip, ['forbidden-import']).filter((l) => l.includes('[new]'))).toEqual([]);
    expect(tip.code).toBe(0);
  });

  it('accepts commit ids for both --base and --head', () => {
    const report = check(onMain, ['--base', rev(onMain, 'main~1'), '--head', rev(onMain, 'feature~1')]);
    expect(lines(report).filter((l) => l.includes('[new]'))).toEqual(['forbidden-import src/routes/health.ts -> src/database/client.ts [new]']);
    expect(report.code).toBe(1);
  });

  it('judges the net change: a violation added and removed again within the branch is not reported', () => {
    const report = check(onFeature, ['--base', 'main']);
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
  /** Read-only: feature adds a violation, then main moves on (main checked out). */
  let branched: string;
  beforeAll(() => {
    branched = layered();
    git(branched, 'checkout', '-q', '-b', 'feature');
    commit(branched, { 'src/routes/health.ts': USES_DB('health') }, 'feature');
    git(branched, 'checkout', '-q', 'main');
    commit(branched, { 'src/auth/client.ts': 'export const login = 3;\n' }, 'main moves on');
  });

  function shallowClone(args: string[]): string {
    const dir = mkdtempSync(join(tmpdir(), 'cn-guard-clone-'));
    clones.push(dir);
    git(dir, 'clone', '-q', '--depth', '1', ...args, `file://${branched}`, 'clone');
    return join(dir, 'clone');
  }

  it.each([['main'], ['origin/main']])('exits 2 with a fetch-depth hint when --base %s is missing from a shallow clone', (base) => {
    const result = run(shallowClone(['--branch', 'feature']), ['check', '--base', base]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `cn-guard: --base ${base} names no commit here (this clone is shallow); fetch the full history first (actions/checkout with \`fetch-depth: 0\`, or \`git fetch --unshallow\`)\n`,
    );
  });

  it('exits 2 with a fetch-depth hint when the shallow clone has the base but not the merge base', () => {
    const result = run(shallowClone(['--branch', 'feature', '--no-single-branch']), ['check', '--base', 'origin/main']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'cn-guard: origin/main and HEAD have no common ancestor in this clone (it is shallow); fetch the full history first (actions/checkout with `fetch-depth: 0`, or `git fetch --unshallow`)\n',
    );
  });

  it('exits 2 for an unknown --base ref, naming it', () => {
    const result = run(branched, ['check', '--base', 'no-such-branch']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^cn-guard: --base no-such-branch names no commit here; /);
    expect(result.stderr).not.toContain('this clone is shallow');
  });

  it('exits 2 for an unknown --head ref, naming it', () => {
    const result = run(branched, ['check', '--base', 'main', '--head', 'no-such-commit']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'cn-guard: --head no-such-commit names no commit here; fetch the full history first (actions/checkout with `fetch-depth: 0`, or `git fetch --unshallow`)\n',
    );
  });

  it.each([
    ['--head without --base', ['--head', 'HEAD'], 'cn-guard: --head needs --base\n'],
    ['--base together with --staged', ['--staged', '--base', 'main'], 'cn-guard: choose one of --all, --staged and --base\n'],
  ])('exits 2 for %s', (_name, args, stderr) => {
    expect(run(branched, ['check', ...args])).toMatchObject({ code: 2, stderr });
  });
});

describe('policy changes that need git', () => {
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

  it('renders the policy diff in words in the text report', () => {
    const root = makeRepo(POLICY_FILES);
    git(root, 'checkout', '-q', '-b', 'feature');
    commit(root, { 'orchestrator.toml': POLICY.replace('unowned = "warn"', 'unowned = "allow"') }, 'policy change');
    const result = run(root, ['check', '--base', 'main']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('weakened: unowned files: "warn" → "allow"');
    expect(result.stdout).toContain('orchestrator.toml:2');
  });
});

describe('policy changes in staged mode', () => {
  it('judges what is staged, not the working tree: an unstaged weakening is not reported', () => {
    const root = makeRepo(POLICY_FILES);
    const staged = POLICY.replace('"src/auth/internal/**"]', '"src/auth/internal/**", "src/services/**"]');
    writeFileSync(join(root, 'orchestrator.toml'), staged);
    git(root, 'add', 'orchestrator.toml');
    writeFileSync(join(root, 'orchestrator.toml'), staged.replace('unowned = "warn"', 'unowned = "allow"'));
    const report = check(root, ['--staged']);
    expect(policyChanges(report)).toEqual([
      {
        severity: 'info',
        status: 'new',
        file: 'orchestrator.toml',
        line: 7,
        message: 'strengthened: domain routes: forbidden pattern "src/services/**" added',
      },
    ]);
    expect(report.code).toBe(0);
  });

  // Untracking the policy (`git rm --cached orchestrator.toml`) must not pass the pre-commit check
  // silently by falling back to the working-tree copy, which is meant for a policy not committed yet.
  it('reports untracking orchestrator.toml as a weakening in staged mode', () => {
    const root = makeRepo(POLICY_FILES);
    git(root, 'rm', '-q', '--cached', 'orchestrator.toml');
    const report = check(root, ['--staged']);
    expect(report.findings.filter((f) => f.rule === 'policy-change' && f.severity === 'error')).toHaveLength(1);
    expect(report.code).toBe(1);
  });

  it('fails a staged weakening through the CLI; --allow-policy-change lets it through', () => {
    const root = makeRepo(POLICY_FILES);
    writeFileSync(join(root, 'orchestrator.toml'), WIDENED);
    git(root, 'add', 'orchestrator.toml');
    expect(run(root, ['check', '--staged']).code).toBe(1);
    expect(run(root, ['check', '--staged', '--allow-policy-change']).code).toBe(0);
  });
});

describe('out-of-scope-change in PR mode', () => {
  /**
   * A branch that edits a routes file and a database file, under three names (feature and two
   * swarm branches); main meanwhile edits auth. Each test checks out what it needs first.
   */
  let swarm: string;
  beforeAll(() => {
    swarm = makeRepo({
      'orchestrator.toml': SWARM_TOML,
      'src/routes/users.ts': CLEAN('users'),
      'src/database/client.ts': CLEAN('client'),
      'src/auth/client.ts': CLEAN('login'),
    });
    git(swarm, 'checkout', '-q', '-b', 'feature');
    commit(swarm, { 'src/routes/users.ts': CLEAN('users2') }, 'own file');
    commit(swarm, { 'src/database/client.ts': CLEAN('client2') }, "someone else's file");
    git(swarm, 'branch', 'swarm/agent-7/routes');
    git(swarm, 'branch', 'swarm/agent-7/database');
    git(swarm, 'checkout', '-q', 'main');
    commit(swarm, { 'src/auth/client.ts': CLEAN('login2') }, 'main moves on');
  });
  const checkout = (...args: string[]) => git(swarm, 'checkout', '-q', ...args);

  const DATABASE = {
    rule: 'out-of-scope-change',
    severity: 'error',
    status: 'new',
    file: 'src/database/client.ts',
    domain: 'routes',
    message:
      'domain routes may not change src/database/client.ts (modified): src/database/client.ts belongs to domain database; coordinate with database-agent',
  };

  it("with --domain: only the PR's own changes count (not main's later ones)", () => {
    checkout('feature');
    const report = check(swarm, ['--base', 'main', '--domain', 'routes']);
    expect(report.findings).toEqual([expect.objectContaining(DATABASE)]);
    expect(report.findings[0]).not.toHaveProperty('line');
    expect(report.findings[0]).not.toHaveProperty('target');
    expect(report.code).toBe(1);
  });

  it('via GITHUB_HEAD_REF matched against settings.branch_domain, on a detached checkout as in Actions', () => {
    checkout('--detach', 'feature');
    const report = check(swarm, ['--base', 'main'], { GITHUB_HEAD_REF: 'swarm/agent-7/routes' });
    expect(report.findings).toEqual([expect.objectContaining(DATABASE)]);
    expect(report.code).toBe(1);
  });

  it('via the checked-out branch name when GITHUB_HEAD_REF is not set', () => {
    checkout('swarm/agent-7/database');
    const report = check(swarm, ['--base', 'main']);
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'out-of-scope-change',
        file: 'src/routes/users.ts',
        domain: 'database',
        status: 'new',
        message: 'domain database may not change src/routes/users.ts (modified): src/routes/users.ts belongs to domain routes; coordinate with routes-agent',
      }),
    ]);
    expect(report.code).toBe(1);
  });

  it('a routes branch (by name) that edits a database file fails', () => {
    checkout('swarm/agent-7/routes');
    const report = check(swarm, ['--base', 'main']);
    expect(report.findings).toEqual([expect.objectContaining(DATABASE)]);
    expect(report.code).toBe(1);
  });

  it('exits 2 for an unknown --domain, suggesting the right name', () => {
    checkout('feature');
    const result = run(swarm, ['check', '--base', 'main', '--domain', 'route']);
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
