import { describe, expect, it } from 'vitest';
import { API_DB_UI, API_DB_UI_FILES as BASE, CLEAN_EDIT, FORBIDDEN, VIOLATION, withChanges } from '../support/fixtures.js';
import { checkStaged, checkTree, type MemoryOptions, usageErrorOf } from '../support/memory.js';
import { summarizeFindings, type Tree } from '../support/repo.js';

/**
 * Staged mode (spec §3.1) and the scope of changes (spec §2.3) in-process: HEAD and the index as
 * in-memory trees. What needs git (the index against the working tree, GIT_INDEX_FILE, renames,
 * merges, submodules, hooks, the checked-out branch) is in test/staged.test.ts.
 */

/** HEAD is `head`; the index holds it with `changes` staged (null: a staged deletion). */
const stage = (changes: Record<string, string | null>, options: MemoryOptions = {}, head: Tree = BASE) =>
  checkStaged(head, withChanges(head, changes), options);

describe('a staged configuration change checks the whole staged tree with the staged configuration', () => {
  it('a staged package.json that adds an `imports` entry re-resolves unchanged files', () => {
    const head = {
      ...BASE,
      'package.json': '{ "name": "app", "private": true }\n',
      'src/api/users.ts': "import { client } from '#db';\nexport const users = client;\n",
    };
    expect(stage({}, {}, head).findings).toEqual([]);
    const report = stage({ 'package.json': '{ "name": "app", "private": true, "imports": { "#db": "./src/db/client.ts" } }\n' }, {}, head);
    expect(report.code).toBe(1);
    expect(summarizeFindings(report)).toEqual([FORBIDDEN]);
    expect(report.summary.files).toBe(4);
  });
});

describe('the acting domain (spec §2.3)', () => {
  /** api changes its own file and one of db's. */
  const CROSS_DOMAIN = { 'src/api/users.ts': CLEAN_EDIT, 'src/db/client.ts': 'export const client = 2;\n' };
  const OUT_OF_SCOPE = {
    rule: 'out-of-scope-change',
    severity: 'error',
    status: 'new',
    message: 'domain api may not change src/db/client.ts (modified): src/db/client.ts belongs to domain db; coordinate with db-agent',
    hint: expect.stringContaining('db-agent'),
    file: 'src/db/client.ts',
    domain: 'api',
  };
  const API_AS_DB = 'domain db may not change src/api/users.ts (modified): src/api/users.ts belongs to domain api; coordinate with api-agent';

  it('--domain NAME: a changed file outside the scope names the owning domain and its agent', () => {
    const report = stage(CROSS_DOMAIN, { domain: 'api' });
    expect(report.code).toBe(1);
    expect(report.findings).toEqual([{ ...OUT_OF_SCOPE, fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) }]);
    // Findings not about an edge leave the edge keys out (spec §3).
    expect(Object.keys(report.findings[0]!).filter((k) => ['target', 'targetDomain', 'specifier', 'pattern', 'line'].includes(k))).toEqual([]);
    expect(stage(CROSS_DOMAIN, { domain: 'db' }).findings.map((f) => f.message)).toEqual([API_AS_DB]);
    // Without an acting domain there is no scope check.
    expect(stage(CROSS_DOMAIN).findings).toEqual([]);
  });

  it('CN_GUARD_DOMAIN, with --domain taking precedence', () => {
    expect(stage(CROSS_DOMAIN, { env: { CN_GUARD_DOMAIN: 'api' } }).findings).toEqual([expect.objectContaining(OUT_OF_SCOPE)]);
    expect(stage(CROSS_DOMAIN, { domain: 'db', env: { CN_GUARD_DOMAIN: 'api' } }).findings.map((f) => f.file)).toEqual(['src/api/users.ts']);
    // An empty variable is no domain.
    expect(stage(CROSS_DOMAIN, { env: { CN_GUARD_DOMAIN: '' } }).findings).toEqual([]);
  });

  describe('settings.branch_domain matched against the branch (here GITHUB_HEAD_REF, as in Actions)', () => {
    const head = { ...BASE, 'orchestrator.toml': `[settings]\nbranch_domain = "swarm/*/{domain}"\n\n${API_DB_UI}` };
    it.each([
      ['a branch that names a domain makes it the acting one', 'swarm/alice/api', ['api src/db/client.ts']],
      ['another domain, another branch', 'swarm/bob/db', ['db src/api/users.ts']],
      ["a branch that names no domain is nobody's: no scope check, no error", 'swarm/carol/nosuch', []],
      ['the pattern must match the whole branch name', 'swarm/api', []],
    ])('%s (%s)', (_name, branch, expected) => {
      const report = stage(CROSS_DOMAIN, { env: { GITHUB_HEAD_REF: branch } }, head);
      expect(report.findings.map((f) => `${f.domain} ${f.file}`)).toEqual(expected);
    });

    it('an explicit domain beats the branch', () => {
      expect(stage(CROSS_DOMAIN, { env: { GITHUB_HEAD_REF: 'swarm/alice/api', CN_GUARD_DOMAIN: 'db' } }, head).findings.map((f) => f.file)).toEqual([
        'src/api/users.ts',
      ]);
    });
  });

  it.each([
    ['--domain apy', { domain: 'apy' }, 'unknown domain "apy"; did you mean "api"?'],
    ['CN_GUARD_DOMAIN=dbb', { env: { CN_GUARD_DOMAIN: 'dbb' } }, 'unknown domain "dbb" (from CN_GUARD_DOMAIN); did you mean "db"?'],
    ['--domain frontend', { domain: 'frontend' }, 'unknown domain "frontend"; domains: api, db, ui'],
  ])('an unknown domain is a usage error with did-you-mean: %s', (_name, options, message) => {
    expect(usageErrorOf(() => stage(CROSS_DOMAIN, options)).message).toBe(message);
  });

  it('orchestrator.toml itself is a policy-change, not an out-of-scope-change', () => {
    const changes = { 'orchestrator.toml': API_DB_UI.replace('forbidden_imports = ["src/db/**"]\n', ''), 'src/api/users.ts': VIOLATION };
    const report = stage(changes, { domain: 'api' });
    expect(report.code).toBe(1);
    expect(report.findings.map((f) => [f.rule, f.severity, f.file, f.message])).toEqual([
      ['policy-change', 'error', 'orchestrator.toml', 'weakened: domain api: forbidden pattern "src/db/**" removed'],
    ]);
    expect(stage(changes, { domain: 'api', allowPolicyChange: true }).code).toBe(0);
  });
});

describe('what only a whole scan can tell', () => {
  it('an expired exception is not called unused when its imports were not scanned', () => {
    const toml = `${API_DB_UI}\n[[exceptions]]\nfrom = "src/api/**"\nto = "src/db/**"\nreason = "old"\nexpires = 2001-01-01\n`;
    const head = { ...BASE, 'orchestrator.toml': toml, 'src/api/users.ts': VIOLATION };
    const expired = stage({ 'src/ui/view.ts': 'export const view = 2;\n' }, {}, head).findings.find((f) => f.rule === 'expired-exception')!;
    expect(expired.message).toBe('exception src/api/** → src/db/** expired on 2001-01-01');
    expect(expired.hint).toBe('fix the imports, or extend `expires` with a reason the owner agrees to');
  });

  it('CN_GUARD_DOMAIN does not matter to a whole-repository check', () => {
    expect(checkTree(BASE, { env: { CN_GUARD_DOMAIN: 'nope' } }).code).toBe(0);
  });
});

describe('only staged sources are scanned in the normal case', () => {
  it('summary.files is the number of staged source files; violations committed earlier are not re-reported', () => {
    const head = { ...BASE, 'src/api/old.ts': VIOLATION, 'README.md': '# app\n' };
    const index = withChanges(head, {
      'src/ui/view.ts': `${BASE['src/ui/view.ts']}export const more = 1;\n`,
      'src/db/new.ts': 'export const fresh = 1;\n',
      'README.md': '# app, changed\n',
      'src/api/notes.md': 'not a source\n',
    });
    const report = checkStaged(head, index);
    expect(report.code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.summary).toMatchObject({ files: 2, edges: 1, errors: 0, warnings: 0 });
    // The whole-repository check does see the old violation.
    expect(summarizeFindings(checkTree(index))).toEqual(['forbidden-import src/api/old.ts -> src/db/client.ts']);
  });

  it('a staged deletion alone scans nothing', () => {
    const report = stage({ 'src/db/legacy.ts': null });
    expect(report.code).toBe(0);
    expect(report.summary.files).toBe(0);
  });
});
