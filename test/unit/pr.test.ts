import { describe, expect, it } from 'vitest';
import type { Summary } from '../../src/report/index.js';
import { CLEAN, LAYERED, SWARM_TOML, USES_DB, withChanges } from '../support/fixtures.js';
import { lines, policyChanges } from '../support/history.js';
import { checkPr, checkTree } from '../support/memory.js';
import type { Tree } from '../support/repo.js';

/**
 * PR mode (spec §3.2) in-process: the merge base and head as in-memory trees, both judged by
 * head's configuration. What needs git itself (finding the merge base, merges, refs, shallow
 * clones, the checked-out branch) is in test/pr.test.ts.
 */

/** A PR on the layered app (main: users.ts and orders.ts violate) with these changes. */
const layeredPr = (changes: Record<string, string | null>) => checkPr(LAYERED, withChanges(LAYERED, changes));
const UNRELATED = { 'src/auth/client.ts': 'export const login = 3;\n' };

describe('introduced, pre-existing and fixed findings', () => {
  /** [name, the PR's changes, its findings, the summary, the exit code]. */
  it.each<[string, Record<string, string | null>, string[], Partial<Summary>, 0 | 1]>([
    [
      'fails only on the violation the branch introduces; the shared one is pre-existing, the fixed one counted',
      { 'src/routes/orders.ts': CLEAN('orders'), 'src/routes/health.ts': USES_DB('health'), ...UNRELATED },
      ['forbidden-import src/routes/health.ts -> src/database/client.ts [new]', 'forbidden-import src/routes/users.ts -> src/database/client.ts [preexisting]'],
      { errors: 1, warnings: 0, preexisting: 1, fixed: 1, known: 0, suppressed: 0 },
      1,
    ],
    [
      'passes with only pre-existing findings',
      UNRELATED,
      [
        'forbidden-import src/routes/orders.ts -> src/database/client.ts [preexisting]',
        'forbidden-import src/routes/users.ts -> src/database/client.ts [preexisting]',
      ],
      { errors: 0, preexisting: 2, fixed: 0 },
      0,
    ],
    [
      'counts the summary of a branch that fixes everything: no findings, two fixed',
      { 'src/routes/orders.ts': CLEAN('orders'), 'src/routes/users.ts': null },
      [],
      { errors: 0, preexisting: 0, fixed: 2 },
      0,
    ],
    // The PR identity is (rule, file, target, specifier), as the issue states: rewriting how a violating
    // import is written is a new violating import (and the old one is fixed). The baseline, keyed by
    // (rule, file, target) per spec §3.3, is the tool for accepting a violation whatever its spelling.
    [
      'treats a rewritten specifier of a violating import as a new identity (the old one is fixed)',
      { 'src/routes/users.ts': "import { client } from './../database/client';\nexport const users = client;\n" },
      ['forbidden-import src/routes/orders.ts -> src/database/client.ts [preexisting]', 'forbidden-import src/routes/users.ts -> src/database/client.ts [new]'],
      { errors: 1, preexisting: 1, fixed: 1 },
      1,
    ],
  ])('%s', (_name, changes, expected, summary, code) => {
    const report = layeredPr(changes);
    expect(lines(report)).toEqual(expected);
    expect(report.summary).toMatchObject(summary);
    expect(report.code).toBe(code);
  });

  it('keeps a pre-existing violation pre-existing when its import moves to another line', () => {
    const report = layeredPr({ 'src/routes/users.ts': `// users\nimport { login } from '../auth/client';\n${USES_DB('users')}export const who = login;\n` });
    expect(report.findings.find((f) => f.file === 'src/routes/users.ts')).toMatchObject({ rule: 'forbidden-import', status: 'preexisting', line: 3 });
    expect(report.summary).toMatchObject({ errors: 0, preexisting: 2, fixed: 0 });
    expect(report.code).toBe(0);
  });

  it('has no fixed count outside PR mode', () => {
    const report = checkTree(LAYERED);
    expect(report.summary).not.toHaveProperty('fixed');
    expect(report.summary).toMatchObject({ errors: 2, preexisting: 0 });
  });
});

describe('out-of-scope-change in PR mode', () => {
  const MERGE_BASE: Tree = {
    'orchestrator.toml': SWARM_TOML,
    'src/routes/users.ts': CLEAN('users'),
    'src/database/client.ts': CLEAN('client'),
    'src/auth/client.ts': CLEAN('login'),
  };
  /** The branch edits a routes file and a database file. */
  const BRANCH = withChanges(MERGE_BASE, { 'src/routes/users.ts': CLEAN('users2'), 'src/database/client.ts': CLEAN('client2') });
  const DATABASE = {
    rule: 'out-of-scope-change',
    severity: 'error',
    status: 'new',
    file: 'src/database/client.ts',
    domain: 'routes',
    message:
      'domain routes may not change src/database/client.ts (modified): src/database/client.ts belongs to domain database; coordinate with database-agent',
  };

  it.each([
    ['without an acting domain there is no scope check', {}],
    ['GITHUB_HEAD_REF that names no domain means no scope check', { env: { GITHUB_HEAD_REF: 'swarm/agent-7/nobody' } }],
  ])('%s', (_name, options) => {
    const report = checkPr(MERGE_BASE, BRANCH, options);
    expect(report.findings).toEqual([]);
    expect(report.code).toBe(0);
  });

  it('takes the acting domain from the branch --head names', () => {
    const report = checkPr(MERGE_BASE, BRANCH, { head: 'swarm/agent-7/routes' });
    expect(report.findings).toEqual([expect.objectContaining(DATABASE)]);
    expect(report.code).toBe(1);
  });

  it("does not report orchestrator.toml as out of scope: it is the policy check's", () => {
    const head = withChanges(BRANCH, { 'orchestrator.toml': SWARM_TOML.replace('scope = "src/auth/**"', 'scope = "src/auth/**"\nagent_name = "auth-agent"') });
    const report = checkPr(MERGE_BASE, head, { domain: 'routes' });
    expect(report.findings.map((f) => `${f.rule} ${f.file}`)).toEqual(['out-of-scope-change src/database/client.ts']);
    expect(report.code).toBe(1);
  });

  it('does not let a PR switch off its own scope check quietly: removing settings.branch_domain is a weakening', () => {
    const head = withChanges(BRANCH, { 'orchestrator.toml': SWARM_TOML.replace('branch_domain = "swarm/*/{domain}"\n', '') });
    const report = checkPr(MERGE_BASE, head, { head: 'swarm/agent-7/routes' });
    expect(policyChanges(report)).toEqual([
      {
        severity: 'error',
        status: 'new',
        file: 'orchestrator.toml',
        line: 1,
        message: 'weakened: branch_domain (who counts as the acting domain): "swarm/*/{domain}" → (none)',
      },
    ]);
    expect(report.code).toBe(1);
  });
});
