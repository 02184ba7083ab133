import { beforeAll, describe, expect, it } from 'vitest';
import { SPEC_APP, SPEC_APP_DOMAINS } from './support/fixtures.js';
import { checkJson, cli, makeRepo, type Tree } from './support/repo.js';

/**
 * What a user sees of the rules through the real CLI: the text report, colours, --quiet,
 * --fail-on, the json contract and `cn-guard explain`. Each describe shares one fixture
 * repository, which no test changes. The rules themselves are judged in-process in
 * test/unit/rules.test.ts.
 */

/** The layered app the spec uses for its examples, as a real repository. */
const layeredApp = (toml: string, extra: Tree = {}): string => makeRepo({ 'orchestrator.toml': toml, ...SPEC_APP, ...extra });
const DOMAINS = SPEC_APP_DOMAINS;

describe('output', () => {
  /** One error (routes → database) and one warning (an unowned file). */
  let root: string;
  beforeAll(() => {
    root = layeredApp(
      `${DOMAINS}
[domains.routes]
scope = "src/routes/**"
agent_name = "routes-agent"
forbidden_imports = ["src/database/**"]
`,
      { 'src/misc/tool.ts': 'export const tool = 1;\n' },
    );
  });

  it('text groups findings by domain with file:line:col, rule, message and a fix hint', () => {
    const { code, stdout } = cli(root, ['check']);
    expect(code).toBe(1);
    expect(stdout).toContain(
      [
        'routes (routes-agent)',
        '  src/routes/users.ts:1:1  error  forbidden-import  routes may not import src/database/client.ts (forbidden by src/database/**)',
        '    → src/database/client.ts belongs to domain database; remove the import, or reach it through a domain routes may use',
        '',
        '(no domain)',
        '  src/misc/tool.ts  warning  unowned-file  src/misc/tool.ts belongs to no domain',
      ].join('\n'),
    );
    expect(stdout).toMatch(/✖ 1 error, 1 warning · 6 files, 4 imports checked in \d+ ms\n$/);
    expect(stdout).not.toContain('\u001b[');
  });

  it('colours only when asked: FORCE_COLOR on, NO_COLOR and --no-color off', () => {
    expect(cli(root, ['check'], { NO_COLOR: undefined, FORCE_COLOR: '1' }).stdout).toContain('\u001b[31merror\u001b[39m');
    expect(cli(root, ['check', '--no-color'], { NO_COLOR: undefined, FORCE_COLOR: '1' }).stdout).not.toContain('\u001b[');
    expect(cli(root, ['check'], { NO_COLOR: '1', FORCE_COLOR: '1' }).stdout).not.toContain('\u001b[');
  });

  it('--quiet prints failing findings only', () => {
    const { stdout } = cli(root, ['check', '--quiet']);
    expect(stdout).toContain('forbidden-import');
    expect(stdout).not.toContain('unowned-file');
  });

  // Which severity fails at which threshold is judged in-process (test/unit/rules.test.ts).
  it('--fail-on decides which severity fails the run', () => {
    expect(cli(root, ['check', '--fail-on', 'never']).code).toBe(0);
  });

  it('json follows the versioned contract of spec §3', () => {
    const report = checkJson(root);
    expect(report.version).toBe(1);
    expect(report.tool).toEqual({ name: 'cn-guard', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(Object.keys(report.summary).sort()).toEqual(['durationMs', 'edges', 'errors', 'files', 'known', 'preexisting', 'suppressed', 'warnings']);
    const unowned = report.findings.find((f) => f.rule === 'unowned-file')!;
    expect(unowned).not.toHaveProperty('target');
    expect(unowned).not.toHaveProperty('specifier');
  });
});

describe('explain', () => {
  let root: string;
  beforeAll(() => {
    root = layeredApp(`${DOMAINS}
[domains.routes]
scope = "src/routes/**"
agent_name = "routes-agent"
forbidden_imports = ["src/auth/**"]
allowed_imports = ["src/auth/client.ts", "src/database/**"]
`);
  });

  it("names FILE's domain and the scope pattern that gave it", () => {
    const { code, stdout } = cli(root, ['explain', 'src/routes/users.ts']);
    expect(code).toBe(0);
    expect(stdout).toContain('domain: routes (agent routes-agent) by scope src/routes/** (2 literal segments, domains.routes.scope[0])');
    expect(stdout).toContain('allowed  "../database/client" → src/database/client.ts (via relative)');
  });

  it('for one import: target, its domain, every matching pattern with its specificity, the deciding one, the verdict', () => {
    const { stdout } = cli(root, ['explain', 'src/routes/users.ts', '../auth/client']);
    expect(stdout).toContain('resolves to src/auth/client.ts (via relative)');
    expect(stdout).toContain('target domain: auth by scope src/auth/** (2 literal segments, domains.auth.scope[0])');
    expect(stdout).toMatch(/allowed_imports {3}src\/auth\/client\.ts {2}exact path {2}\(domains\.routes\.allowed_imports\[0\]\) {2}← decides/);
    expect(stdout).toMatch(/forbidden_imports src\/auth\/\*\* {9}2 literal segments/);
    expect(stdout).toContain('verdict: allowed — the most specific matching pattern, src/auth/client.ts in allowed_imports, allows it');
  });

  it('explains an import the file does not contain yet, as json', () => {
    const { stdout } = cli(root, ['explain', 'src/routes/users.ts', '../auth/internal/secret', '--format', 'json']);
    const explanation = JSON.parse(stdout);
    expect(explanation.imports[0]).toMatchObject({
      inFile: false,
      target: 'src/auth/internal/secret.ts',
      verdict: 'violation',
      rule: 'forbidden-import',
      patterns: [{ list: 'forbidden_imports', pattern: 'src/auth/**', decides: true }],
    });
  });

  it('exits 1 when the verdict is a violation, 0 when allowed, and says the owner once', () => {
    const violation = cli(root, ['explain', 'src/routes/users.ts', '../auth/internal/secret']);
    expect(violation.code).toBe(1);
    expect(violation.stdout).toContain('verdict: violation: forbidden-import');
    expect(violation.stdout.split('\n').filter((line) => line.includes('routes/**'))).toHaveLength(1);
    expect(violation.stdout).not.toContain('belongs to domain routes');
    expect(cli(root, ['explain', 'src/routes/users.ts', '../auth/client']).code).toBe(0);
  });

  it('exits 2 for a file that does not exist, or lies outside the project', () => {
    const missing = cli(root, ['explain', 'src/routes/nope.ts']);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toMatch(/^cn-guard: src\/routes\/nope\.ts: no such file in the project/);
    expect(cli(root, ['explain', '../elsewhere.ts']).code).toBe(2);
  });
});
