import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/index.js';
import { SPEC_APP, SPEC_APP_DOMAINS } from '../support/fixtures.js';
import { checkTree } from '../support/memory.js';
import { summarizeFindings, type Tree } from '../support/repo.js';

/**
 * The import rules of spec §2.2 (forbidden, allow-lists, public entry points, exceptions,
 * unowned files, type-only imports, parse errors), judged by the whole check pipeline in-process
 * over in-memory repositories. How a user sees them (text, colour, json, exit codes, explain)
 * is test/rules.test.ts.
 */

const layeredApp = (toml: string, extra: Tree = {}): Tree => ({ 'orchestrator.toml': toml, ...SPEC_APP, ...extra });
const DOMAINS = SPEC_APP_DOMAINS;
/** DOMAINS, and routes with these lines in its table. */
const routes = (...lines: string[]) => `${DOMAINS}\n[domains.routes]\nscope = "src/routes/**"\n${lines.join('\n')}\n`;
const DEEP_IMPORT = { 'src/routes/deep.ts': "import { secret } from '../auth/internal/secret';\n" };

describe('forbidden-import', () => {
  it('reports an import into a forbidden pattern, with the pattern and the owning domain', () => {
    const report = checkTree(layeredApp(routes('agent_name = "routes-agent"', 'forbidden_imports = ["src/database/**"]')));
    expect(report.code).toBe(1);
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'forbidden-import',
        severity: 'error',
        status: 'new',
        message: 'routes may not import src/database/client.ts (forbidden by src/database/**)',
        file: 'src/routes/users.ts',
        line: 1,
        column: 1,
        domain: 'routes',
        specifier: '../database/client',
        target: 'src/database/client.ts',
        targetDomain: 'database',
        pattern: 'src/database/**',
        typeOnly: false,
        fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      }),
    ]);
    expect(report.summary).toMatchObject({ errors: 1, warnings: 0, suppressed: 0, files: 5, edges: 4 });
  });

  it('keeps fingerprints stable when lines move', () => {
    const toml = routes('forbidden_imports = ["src/database/**"]');
    const first = checkTree(layeredApp(toml)).findings[0]!.fingerprint;
    const moved = layeredApp(toml, { 'src/routes/users.ts': "// a new first line\n\nimport { client } from '../database/client';\n" });
    expect(checkTree(moved).findings[0]).toMatchObject({ line: 3, fingerprint: first });
  });
});

/** [name, routes' table, extra files, the findings, what the first finding also says]. */
type Decision = [string, string, Tree, string[], Partial<Finding>?];

function expectDecision(_name: string, toml: string, extra: Tree, expected: string[], first?: Partial<Finding>): void {
  const report = checkTree(layeredApp(toml, extra));
  expect(summarizeFindings(report)).toEqual(expected);
  if (first) expect(report.findings[0]).toMatchObject(first);
}

describe('forbidden-import: the most specific pattern decides', () => {
  it.each<Decision>([
    [
      'lets the most specific pattern decide: auth/** forbidden, auth/client.ts allowed (spec §2.2)',
      routes('forbidden_imports = ["src/auth/**"]', 'allowed_imports = ["src/auth/client.ts", "src/database/**"]'),
      DEEP_IMPORT,
      ['forbidden-import src/routes/deep.ts -> src/auth/internal/secret.ts'],
    ],
    [
      'prefers the pattern with more literal leading segments',
      routes('allowed_imports = ["src/auth/**", "src/database/**"]', 'forbidden_imports = ["src/auth/internal/**"]'),
      DEEP_IMPORT,
      ['forbidden-import src/routes/deep.ts -> src/auth/internal/secret.ts'],
    ],
    [
      'gives a tie between a forbidden and an allowed pattern to forbidden',
      routes('forbidden_imports = ["src/database/**"]', 'allowed_imports = ["src/database/*.ts", "src/auth/**"]'),
      {},
      ['forbidden-import src/routes/users.ts -> src/database/client.ts'],
    ],
    [
      'always allows a domain its own scope, even under a forbidden pattern',
      routes('forbidden_imports = ["src/**"]', 'allowed_imports = ["src/database/**", "src/auth/**"]'),
      { 'src/routes/a.ts': "import { users } from './users';\n" },
      [],
    ],
  ])('%s', expectDecision);
});

describe('not-allowed-import', () => {
  it.each<Decision>([
    [
      'reports an import that no pattern matches when the allow-list is non-empty',
      routes('allowed_imports = ["src/auth/client.ts"]'),
      {},
      ['not-allowed-import src/routes/users.ts -> src/database/client.ts'],
      { message: "routes may not import src/database/client.ts: it matches none of routes's allowed_imports" },
    ],
    ['treats allowed_imports = [] as no allow-list', routes('allowed_imports = []'), {}, []],
  ])('%s', expectDecision);
});

describe('private-import', () => {
  const toml = `
[domains.database]
scope = "src/database/**"
public = ["src/database/index.ts"]
[domains.auth]
scope = "src/auth/**"
[domains.routes]
scope = "src/routes/**"
`;

  it('reports a deep import into a domain that declares public entry points, and names them', () => {
    const report = checkTree(layeredApp(toml));
    expect(summarizeFindings(report)).toEqual(['private-import src/routes/users.ts -> src/database/client.ts']);
    expect(report.findings[0]!.hint).toBe('import src/database/index.ts instead (the public entry points of database)');
  });

  it('allows the entry point itself, and the domain itself to use its internals', () => {
    expect(checkTree(layeredApp(toml, { 'src/routes/users.ts': "import { client } from '../database';\n" })).findings).toEqual([]);
  });

  it('applies even when the allow-list allows the target', () => {
    const report = checkTree(
      layeredApp(toml.replace('scope = "src/routes/**"', 'scope = "src/routes/**"\nallowed_imports = ["src/database/**", "src/auth/**"]')),
    );
    expect(summarizeFindings(report)).toEqual(['private-import src/routes/users.ts -> src/database/client.ts']);
  });
});

describe('[[exceptions]]', () => {
  const withException = (...lines: string[]) => `${routes('forbidden_imports = ["src/database/**"]')}\n[[exceptions]]\n${lines.join('\n')}\n`;

  it('suppresses a matching violation: reported with its reason and owner, not failing', () => {
    const report = checkTree(
      layeredApp(
        withException(
          'from = "src/routes/**"',
          'to = "src/database/**"',
          'reason = "legacy export endpoint; removal tracked in bd-a1b2"',
          'owner = "@alice"',
          'expires = 2999-01-31',
        ),
      ),
    );
    expect(report.code).toBe(0);
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'forbidden-import',
        status: 'suppressed',
        exception: { reason: 'legacy export endpoint; removal tracked in bd-a1b2', owner: '@alice', expires: '2999-01-31' },
      }),
    ]);
    expect(report.summary).toMatchObject({ errors: 0, suppressed: 1 });
  });

  it('does not suppress once expired, and reports the expired exception at its line', () => {
    const report = checkTree(layeredApp(withException('from = "src/routes/**"', 'to = "src/database/**"', 'reason = "legacy"', 'expires = 2001-01-31')));
    expect(report.code).toBe(1);
    expect(summarizeFindings(report)).toEqual(['forbidden-import src/routes/users.ts -> src/database/client.ts', 'expired-exception orchestrator.toml']);
    expect(report.findings[1]).toMatchObject({
      severity: 'warning',
      line: 11,
      message: 'exception src/routes/** → src/database/** expired on 2001-01-31; the 1 import it covered fails again',
    });
  });

  it('reports an exception that matches no violation as stale', () => {
    const report = checkTree(layeredApp(withException('from = "src/routes/**"', 'to = "src/auth/**"', 'reason = "nothing needs this any more"')));
    expect(summarizeFindings(report)).toEqual(['forbidden-import src/routes/users.ts -> src/database/client.ts', 'stale-exception orchestrator.toml']);
  });
});

describe('unowned files (settings.unowned)', () => {
  const toml = (policy: string) => `[settings]\nunowned = "${policy}"\n${routes()}`;
  const extra = { 'src/misc/tool.ts': 'export const tool = 1;\n', 'README.md': '# not a source file\n' };

  it('warns by default', () => {
    const report = checkTree(layeredApp(routes(), extra));
    expect(report.code).toBe(0);
    expect(report.findings.map((f) => [f.rule, f.file, f.severity])).toEqual([['unowned-file', 'src/misc/tool.ts', 'warning']]);
  });

  it('fails with "error" and says nothing with "allow"', () => {
    expect(checkTree(layeredApp(toml('error'), extra))).toMatchObject({ code: 1, findings: [{ rule: 'unowned-file', severity: 'error' }] });
    expect(checkTree(layeredApp(toml('allow'), extra)).findings).toEqual([]);
  });

  it('applies no import rule to an unowned importer', () => {
    expect(checkTree(layeredApp(toml('allow'), { 'src/misc/tool.ts': "import { client } from '../database/client';\n" })).findings).toEqual([]);
  });
});

describe('--fail-on: the lowest severity that fails the run', () => {
  const warningsOnly = layeredApp(routes(), { 'src/misc/tool.ts': '' });

  it.each([
    ['error', 0],
    ['warning', 1],
    ['never', 0],
  ] as const)('--fail-on %s over a run with only a warning exits %i', (failOn, code) => {
    expect(checkTree(warningsOnly, { failOn }).code).toBe(code);
  });

  it('--fail-on never passes a run with an error', () => {
    expect(checkTree(layeredApp(routes('forbidden_imports = ["src/database/**"]')), { failOn: 'never' }).code).toBe(0);
  });
});

describe('type-only imports', () => {
  const tree = { 'src/routes/users.ts': "import type { Client } from '../database/client';\nexport type U = Client;\n" };
  const rules = (settings: string, domain = '') => `${settings}\n${routes('forbidden_imports = ["src/database/**"]', domain)}`;

  it('are checked by default and flagged as type-only', () => {
    const report = checkTree(layeredApp(rules(''), tree));
    expect(report.findings).toEqual([
      expect.objectContaining({ rule: 'forbidden-import', typeOnly: true, message: expect.stringContaining('(type-only import)') }),
    ]);
  });

  it.each([
    ['globally', rules('[settings]\ntype_imports = "ignore"'), 0],
    ['for one domain', rules('', 'type_imports = "ignore"'), 0],
    ['but not where the domain says type_imports = "check" over a global "ignore"', rules('[settings]\ntype_imports = "ignore"', 'type_imports = "check"'), 1],
  ])('are skipped with type_imports = "ignore", globally or for one domain: %s', (_name, toml, count) => {
    expect(checkTree(layeredApp(toml, tree)).findings).toHaveLength(count);
  });
});

describe('parse-error', () => {
  it('is a finding for the broken file while the rest is still checked', () => {
    const report = checkTree(layeredApp(routes('forbidden_imports = ["src/database/**"]'), { 'src/auth/broken.ts': "export const s = 'never closed;\n" }));
    expect(report.code).toBe(1);
    expect(summarizeFindings(report)).toEqual(['parse-error src/auth/broken.ts', 'forbidden-import src/routes/users.ts -> src/database/client.ts']);
    expect(report.findings[0]).toMatchObject({ line: 1, column: 18, domain: 'auth', message: expect.stringContaining('unterminated string literal') });
  });
});
