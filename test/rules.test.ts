import { describe, expect, it } from 'vitest';
import { checkJson, cli, makeRepo, summarizeFindings, type Tree } from './support/repo.js';

/** The layered app the spec uses for its examples: routes → services → database, plus auth. */
function layeredApp(toml: string, extra: Tree = {}): string {
  return makeRepo({
    'orchestrator.toml': toml,
    'src/routes/users.ts': "import { client } from '../database/client';\nimport { login } from '../auth/client';\nexport const users = [client, login];\n",
    'src/database/client.ts': 'export const client = 1;\n',
    'src/database/index.ts': "export { client } from './client';\n",
    'src/auth/client.ts': "import { secret } from './internal/secret';\nexport const login = secret;\n",
    'src/auth/internal/secret.ts': 'export const secret = 2;\n',
    ...extra,
  });
}

const DOMAINS = `
[domains.database]
scope = "src/database/**"
[domains.auth]
scope = "src/auth/**"
`;

describe('forbidden-import', () => {
  it('reports an import into a forbidden pattern, with the pattern and the owning domain', () => {
    const root = layeredApp(`${DOMAINS}
[domains.routes]
scope = "src/routes/**"
agent_name = "routes-agent"
forbidden_imports = ["src/database/**"]
`);
    const report = checkJson(root);
    expect(report.code).toBe(1);
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'forbidden-import', severity: 'error', status: 'new',
        message: 'routes may not import src/database/client.ts (forbidden by src/database/**)',
        file: 'src/routes/users.ts', line: 1, column: 1, domain: 'routes', specifier: '../database/client',
        target: 'src/database/client.ts', targetDomain: 'database', pattern: 'src/database/**', typeOnly: false,
        fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      }),
    ]);
    expect(report.summary).toMatchObject({ errors: 1, warnings: 0, suppressed: 0, files: 5, edges: 4 });
  });

  it('lets the most specific pattern decide: auth/** forbidden, auth/client.ts allowed (spec §2.2)', () => {
    const root = layeredApp(`${DOMAINS}
[domains.routes]
scope = "src/routes/**"
forbidden_imports = ["src/auth/**"]
allowed_imports = ["src/auth/client.ts", "src/database/**"]
`, { 'src/routes/deep.ts': "import { secret } from '../auth/internal/secret';\n" });
    expect(summarizeFindings(checkJson(root))).toEqual(['forbidden-import src/routes/deep.ts -> src/auth/internal/secret.ts']);
  });

  it('prefers the pattern with more literal leading segments', () => {
    const root = layeredApp(`${DOMAINS}
[domains.routes]
scope = "src/routes/**"
allowed_imports = ["src/auth/**", "src/database/**"]
forbidden_imports = ["src/auth/internal/**"]
`, { 'src/routes/deep.ts': "import { secret } from '../auth/internal/secret';\n" });
    expect(summarizeFindings(checkJson(root))).toEqual(['forbidden-import src/routes/deep.ts -> src/auth/internal/secret.ts']);
  });

  it('gives a tie between a forbidden and an allowed pattern to forbidden', () => {
    const root = layeredApp(`${DOMAINS}
[domains.routes]
scope = "src/routes/**"
forbidden_imports = ["src/database/**"]
allowed_imports = ["src/database/*.ts", "src/auth/**"]
`);
    expect(summarizeFindings(checkJson(root))).toEqual(['forbidden-import src/routes/users.ts -> src/database/client.ts']);
  });

  it('always allows a domain its own scope, even under a forbidden pattern', () => {
    const root = layeredApp(`${DOMAINS}
[domains.routes]
scope = "src/routes/**"
forbidden_imports = ["src/**"]
allowed_imports = ["src/database/**", "src/auth/**"]
`, { 'src/routes/a.ts': "import { users } from './users';\n" });
    expect(checkJson(root).findings).toEqual([]);
  });
});

describe('not-allowed-import', () => {
  it('reports an import that no pattern matches when the allow-list is non-empty', () => {
    const root = layeredApp(`${DOMAINS}
[domains.routes]
scope = "src/routes/**"
allowed_imports = ["src/auth/client.ts"]
`);
    const report = checkJson(root);
    expect(summarizeFindings(report)).toEqual(['not-allowed-import src/routes/users.ts -> src/database/client.ts']);
    expect(report.findings[0]!.message).toBe("routes may not import src/database/client.ts: it matches none of routes's allowed_imports");
  });

  it('treats allowed_imports = [] as no allow-list', () => {
    const root = layeredApp(`${DOMAINS}
[domains.routes]
scope = "src/routes/**"
allowed_imports = []
`);
    expect(checkJson(root).findings).toEqual([]);
  });
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
    const report = checkJson(layeredApp(toml));
    expect(summarizeFindings(report)).toEqual(['private-import src/routes/users.ts -> src/database/client.ts']);
    expect(report.findings[0]!.hint).toBe('import src/database/index.ts instead (the public entry points of database)');
  });

  it('allows the entry point itself, and the domain itself to use its internals', () => {
    const root = layeredApp(toml, { 'src/routes/users.ts': "import { client } from '../database';\n" });
    expect(checkJson(root).findings).toEqual([]);
  });

  it('applies even when the allow-list allows the target', () => {
    const root = layeredApp(toml.replace('scope = "src/routes/**"', 'scope = "src/routes/**"\nallowed_imports = ["src/database/**", "src/auth/**"]'));
    expect(summarizeFindings(checkJson(root))).toEqual(['private-import src/routes/users.ts -> src/database/client.ts']);
  });
});

describe('[[exceptions]]', () => {
  const rules = `${DOMAINS}
[domains.routes]
scope = "src/routes/**"
forbidden_imports = ["src/database/**"]
`;

  it('suppresses a matching violation: reported with its reason and owner, not failing', () => {
    const report = checkJson(layeredApp(`${rules}
[[exceptions]]
from = "src/routes/**"
to = "src/database/**"
reason = "legacy export endpoint; removal tracked in bd-a1b2"
owner = "@alice"
expires = 2999-01-31
`));
    expect(report.code).toBe(0);
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'forbidden-import', status: 'suppressed',
        exception: { reason: 'legacy export endpoint; removal tracked in bd-a1b2', owner: '@alice', expires: '2999-01-31' },
      }),
    ]);
    expect(report.summary).toMatchObject({ errors: 0, suppressed: 1 });
  });

  it('does not suppress once expired, and reports the expired exception at its line', () => {
    const report = checkJson(layeredApp(`${rules}
[[exceptions]]
from = "src/routes/**"
to = "src/database/**"
reason = "legacy"
expires = 2001-01-31
`));
    expect(report.code).toBe(1);
    expect(summarizeFindings(report)).toEqual([
      'forbidden-import src/routes/users.ts -> src/database/client.ts',
      'expired-exception orchestrator.toml',
    ]);
    expect(report.findings[1]).toMatchObject({ severity: 'warning', line: 11, message: 'exception src/routes/** → src/database/** expired on 2001-01-31; the 1 import it covered fails again' });
  });

  it('reports an exception that matches no violation as stale', () => {
    const report = checkJson(layeredApp(`${rules}
[[exceptions]]
from = "src/routes/**"
to = "src/auth/**"
reason = "nothing needs this any more"
`));
    expect(summarizeFindings(report)).toEqual([
      'forbidden-import src/routes/users.ts -> src/database/client.ts',
      'stale-exception orchestrator.toml',
    ]);
  });
});

describe('unowned files (settings.unowned)', () => {
  const toml = (policy: string) => `[settings]\nunowned = "${policy}"\n${DOMAINS}\n[domains.routes]\nscope = "src/routes/**"\n`;
  const extra = { 'src/misc/tool.ts': 'export const tool = 1;\n', 'README.md': '# not a source file\n' };

  it('warns by default', () => {
    const report = checkJson(layeredApp(`${DOMAINS}\n[domains.routes]\nscope = "src/routes/**"\n`, extra));
    expect(report.code).toBe(0);
    expect(report.findings.map((f) => [f.rule, f.file, f.severity])).toEqual([['unowned-file', 'src/misc/tool.ts', 'warning']]);
  });

  it('fails with "error" and says nothing with "allow"', () => {
    expect(checkJson(layeredApp(toml('error'), extra))).toMatchObject({ code: 1, findings: [{ rule: 'unowned-file', severity: 'error' }] });
    expect(checkJson(layeredApp(toml('allow'), extra)).findings).toEqual([]);
  });

  it('applies no import rule to an unowned importer', () => {
    const report = checkJson(layeredApp(toml('allow'), { 'src/misc/tool.ts': "import { client } from '../database/client';\n" }));
    expect(report.findings).toEqual([]);
  });
});

describe('type-only imports', () => {
  const tree = { 'src/routes/users.ts': "import type { Client } from '../database/client';\nexport type U = Client;\n" };
  const rules = (settings: string, domain = '') => `${settings}\n${DOMAINS}\n[domains.routes]\nscope = "src/routes/**"\nforbidden_imports = ["src/database/**"]\n${domain}`;

  it('are checked by default and flagged as type-only', () => {
    const report = checkJson(layeredApp(rules(''), tree));
    expect(report.findings).toEqual([expect.objectContaining({ rule: 'forbidden-import', typeOnly: true, message: expect.stringContaining('(type-only import)') })]);
  });

  it('are skipped with type_imports = "ignore", globally or for one domain', () => {
    expect(checkJson(layeredApp(rules('[settings]\ntype_imports = "ignore"'), tree)).findings).toEqual([]);
    expect(checkJson(layeredApp(rules('', 'type_imports = "ignore"'), tree)).findings).toEqual([]);
    expect(checkJson(layeredApp(rules('[settings]\ntype_imports = "ignore"', 'type_imports = "check"'), tree)).findings).toHaveLength(1);
  });
});

describe('parse-error', () => {
  it('is a finding for the broken file while the rest is still checked', () => {
    const root = layeredApp(`${DOMAINS}\n[domains.routes]\nscope = "src/routes/**"\nforbidden_imports = ["src/database/**"]\n`, {
      'src/auth/broken.ts': "export const s = 'never closed;\n",
    });
    const report = checkJson(root);
    expect(report.code).toBe(1);
    expect(summarizeFindings(report)).toEqual(['parse-error src/auth/broken.ts', 'forbidden-import src/routes/users.ts -> src/database/client.ts']);
    expect(report.findings[0]).toMatchObject({ line: 1, column: 18, domain: 'auth', message: expect.stringContaining('unterminated string literal') });
  });
});

describe('output', () => {
  const root = () => layeredApp(`${DOMAINS}
[domains.routes]
scope = "src/routes/**"
agent_name = "routes-agent"
forbidden_imports = ["src/database/**"]
`, { 'src/misc/tool.ts': 'export const tool = 1;\n' });

  it('text groups findings by domain with file:line:col, rule, message and a fix hint', () => {
    const { code, stdout } = cli(root(), ['check']);
    expect(code).toBe(1);
    expect(stdout).toContain([
      'routes (routes-agent)',
      '  src/routes/users.ts:1:1  error  forbidden-import  routes may not import src/database/client.ts (forbidden by src/database/**)',
      '    → src/database/client.ts belongs to domain database; remove the import, or reach it through a domain routes may use',
      '',
      '(no domain)',
      '  src/misc/tool.ts  warning  unowned-file  src/misc/tool.ts belongs to no domain',
    ].join('\n'));
    expect(stdout).toMatch(/✖ 1 error, 1 warning · 6 files, 4 imports checked in \d+ ms\n$/);
    expect(stdout).not.toContain('\u001b[');
  });

  it('colours only when asked: FORCE_COLOR on, NO_COLOR and --no-color off', () => {
    expect(cli(root(), ['check'], { NO_COLOR: undefined, FORCE_COLOR: '1' }).stdout).toContain('\u001b[31merror\u001b[39m');
    expect(cli(root(), ['check', '--no-color'], { NO_COLOR: undefined, FORCE_COLOR: '1' }).stdout).not.toContain('\u001b[');
    expect(cli(root(), ['check'], { NO_COLOR: '1', FORCE_COLOR: '1' }).stdout).not.toContain('\u001b[');
  });

  it('--quiet prints failing findings only', () => {
    const { stdout } = cli(root(), ['check', '--quiet']);
    expect(stdout).toContain('forbidden-import');
    expect(stdout).not.toContain('unowned-file');
  });

  it('--fail-on decides which severity fails the run', () => {
    expect(cli(root(), ['check', '--fail-on', 'never']).code).toBe(0);
    const warningsOnly = layeredApp(`${DOMAINS}\n[domains.routes]\nscope = "src/routes/**"\n`, { 'src/misc/tool.ts': '' });
    expect(cli(warningsOnly, ['check']).code).toBe(0);
    expect(cli(warningsOnly, ['check', '--fail-on', 'warning']).code).toBe(1);
  });

  it('json follows the versioned contract of spec §3', () => {
    const report = checkJson(root());
    expect(report.version).toBe(1);
    expect(report.tool).toEqual({ name: 'cn-guard', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(Object.keys(report.summary).sort()).toEqual(['durationMs', 'edges', 'errors', 'files', 'known', 'preexisting', 'suppressed', 'warnings']);
    const unowned = report.findings.find((f) => f.rule === 'unowned-file')!;
    expect(unowned).not.toHaveProperty('target');
    expect(unowned).not.toHaveProperty('specifier');
  });

  it('keeps fingerprints stable when lines move', () => {
    const first = checkJson(root()).findings[0]!.fingerprint;
    const moved = layeredApp(`${DOMAINS}\n[domains.routes]\nscope = "src/routes/**"\nforbidden_imports = ["src/database/**"]\n`, {
      'src/routes/users.ts': "// a new first line\n\nimport { client } from '../database/client';\n",
    });
    expect(checkJson(moved).findings[0]).toMatchObject({ line: 3, fingerprint: first });
  });
});

describe('explain', () => {
  const root = () => layeredApp(`${DOMAINS}
[domains.routes]
scope = "src/routes/**"
agent_name = "routes-agent"
forbidden_imports = ["src/auth/**"]
allowed_imports = ["src/auth/client.ts", "src/database/**"]
`);

  it("names FILE's domain and the scope pattern that gave it", () => {
    const { code, stdout } = cli(root(), ['explain', 'src/routes/users.ts']);
    expect(code).toBe(0);
    expect(stdout).toContain('domain: routes (agent routes-agent) by scope src/routes/** (2 literal segments, domains.routes.scope[0])');
    expect(stdout).toContain('allowed  "../database/client" → src/database/client.ts (via relative)');
  });

  it('for one import: target, its domain, every matching pattern with its specificity, the deciding one, the verdict', () => {
    const { stdout } = cli(root(), ['explain', 'src/routes/users.ts', '../auth/client']);
    expect(stdout).toContain('resolves to src/auth/client.ts (via relative)');
    expect(stdout).toContain('target domain: auth by scope src/auth/** (2 literal segments, domains.auth.scope[0])');
    expect(stdout).toMatch(/allowed_imports {3}src\/auth\/client\.ts  exact path  \(domains\.routes\.allowed_imports\[0\]\) {2}← decides/);
    expect(stdout).toMatch(/forbidden_imports src\/auth\/\*\* {9}2 literal segments/);
    expect(stdout).toContain('verdict: allowed — the most specific matching pattern, src/auth/client.ts in allowed_imports, allows it');
  });

  it('explains an import the file does not contain yet, as json', () => {
    const { stdout } = cli(root(), ['explain', 'src/routes/users.ts', '../auth/internal/secret', '--format', 'json']);
    const explanation = JSON.parse(stdout);
    expect(explanation.imports[0]).toMatchObject({
      inFile: false, target: 'src/auth/internal/secret.ts', verdict: 'violation', rule: 'forbidden-import',
      patterns: [{ list: 'forbidden_imports', pattern: 'src/auth/**', decides: true }],
    });
  });

  it('exits 1 when the verdict is a violation, 0 when allowed, and says the owner once', () => {
    const violation = cli(root(), ['explain', 'src/routes/users.ts', '../auth/internal/secret']);
    expect(violation.code).toBe(1);
    expect(violation.stdout).toContain('verdict: violation: forbidden-import');
    expect(violation.stdout.split('\n').filter((line) => line.includes('routes/**'))).toHaveLength(1);
    expect(violation.stdout).not.toContain('belongs to domain routes');
    expect(cli(root(), ['explain', 'src/routes/users.ts', '../auth/client']).code).toBe(0);
  });

  it('exits 2 for a file that does not exist, or lies outside the project', () => {
    const missing = cli(root(), ['explain', 'src/routes/nope.ts']);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toMatch(/^cn-guard: src\/routes\/nope\.ts: no such file in the project/);
    expect(cli(root(), ['explain', '../elsewhere.ts']).code).toBe(2);
  });
});
