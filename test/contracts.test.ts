import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkJson, cli, git, makeRepo, summarizeFindings, type Tree } from './support/repo.js';
import { sarifErrors } from './support/sarif.js';

/**
 * Published artifacts end to end: real repositories, the real CLI, every mode. The formats'
 * finer points are pinned in test/unit/contracts-validate.test.ts.
 */

/** Every format; the TypeScript artifact costs each run the compiler's start-up, so only the tests about it declare it. */
const artifacts = (kinds: string[]) => `[domains.api]
scope = ["src/api/**", "contracts/**"]
exports = ["ApiContract", "Events", "Types", "Readme"]
${kinds.map((kind) => ARTIFACTS[kind]).join('')}
[domains.web]
scope = "src/web/**"
forbidden_imports = ["src/api/**"]
imports = { api = ["ApiContract"] }
`;

const ARTIFACTS: Record<string, string> = {
  ApiContract: '\n[domains.api.artifacts.ApiContract]\npath = "contracts/openapi.yaml"\nformat = "openapi"\n',
  Events: '\n[domains.api.artifacts.Events]\npath = "contracts/events.schema.json"\nformat = "jsonschema"\n',
  Types: '\n[domains.api.artifacts.Types]\npath = "contracts/index.d.ts"\nformat = "typescript"\n',
  Readme: '\n[domains.api.artifacts.Readme]\npath = "contracts/README.md"\nformat = "file"\n',
};
const CONFIG = artifacts(['ApiContract', 'Events', 'Types', 'Readme']);
const WITHOUT_TYPES = artifacts(['ApiContract', 'Events', 'Readme']);

const OPENAPI = `openapi: 3.1.0
info:
  title: Users
  version: "1"
paths:
  /users/{id}:
    get:
      operationId: getUser
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        "200":
          description: the user
          content:
            application/json:
              schema: { $ref: "./schemas/user.yaml" }
`;

const VALID: Tree = {
  'orchestrator.toml': CONFIG,
  'contracts/openapi.yaml': OPENAPI,
  'contracts/schemas/user.yaml': 'type: object\nrequired: [id]\nproperties:\n  id: { type: string }\n',
  'contracts/events.schema.json':
    '{\n  "$schema": "https://json-schema.org/draft/2020-12/schema",\n  "type": "object",\n  "properties": { "id": { "type": "string" } }\n}\n',
  'contracts/index.d.ts': "import type { Id } from './id';\nexport interface User { id: Id }\nexport declare function getUser(id: Id): Promise<User>;\n",
  'contracts/id.d.ts': 'export type Id = string;\n',
  'contracts/README.md': '# the api contract\n',
  'src/api/users.ts': 'export const users = [];\n',
  'src/web/page.ts': "import { users } from '../api/users';\nexport const page = users;\n",
};

/** The artifacts without the TypeScript one. */
const BASIC: Tree = { ...VALID, 'orchestrator.toml': WITHOUT_TYPES };

const contractFindings = (report: { findings: { rule: string }[] }) =>
  report.findings.filter((f) => f.rule === 'invalid-contract' || f.rule === 'missing-contract');

describe('a whole-repository check reads every published artifact', () => {
  it('valid artifacts of every format: nothing to report about them', () => {
    const report = checkJson(makeRepo(VALID));
    expect(contractFindings(report)).toEqual([]);
  });

  it('a broken artifact of each format, and a missing one, each at its file and line', () => {
    const { 'contracts/README.md': _readme, ...withoutReadme } = VALID;
    const root = makeRepo({
      ...withoutReadme,
      'contracts/openapi.yaml': OPENAPI.replace('      responses:', '      responsess:'),
      'contracts/events.schema.json': '{\n  "type": "object",\n  "properties": { "id": { "type": 5 } }\n}\n',
      'contracts/index.d.ts': 'export interface User { id: Strin }\n',
    });
    const report = checkJson(root);
    expect(report.code).toBe(1);
    const found = contractFindings(report).map((f) => {
      const { rule, file, line } = f as { rule: string; file: string; line?: number };
      return `${rule} ${file}:${line}`;
    });
    expect(found).toEqual([
      'invalid-contract contracts/events.schema.json:3',
      'invalid-contract contracts/index.d.ts:1',
      'invalid-contract contracts/openapi.yaml:11',
      'missing-contract orchestrator.toml:18',
    ]);
    const text = cli(root, ['check']).stdout;
    expect(text).toContain('contracts/index.d.ts:1:29  error  invalid-contract  artifact Types of domain api is not valid TypeScript: TS2552');
    expect(text).toContain('missing-contract  artifact Readme of domain api (file) is missing: contracts/README.md does not exist');
  });

  it('in SARIF too, valid against the schema, each result on its artifact', () => {
    const root = makeRepo({ ...BASIC, 'contracts/events.schema.json': '{\n  "type": 5\n}\n' });
    const result = cli(root, ['check', '--format', 'sarif']);
    const log = JSON.parse(result.stdout);
    expect(sarifErrors(log)).toEqual([]);
    const results = log.runs[0].results.filter((r: { ruleId: string }) => r.ruleId === 'invalid-contract');
    expect(results).toHaveLength(1);
    expect(results[0].locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: 'contracts/events.schema.json' }, region: { startLine: 2 } });
  });
});

describe('cn-guard contracts', () => {
  it('reports the contract findings alone, and fails on them', () => {
    const root = makeRepo({ ...BASIC, 'src/web/page.ts': "import { users } from '../api/users';\n", 'contracts/openapi.yaml': 'swagger: "2.0"\n' });
    const result = cli(root, ['contracts', '--format', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(summarizeFindings(report)).toEqual([
      'unlocked-contract contracts/README.md',
      'unlocked-contract contracts/events.schema.json',
      'invalid-contract contracts/openapi.yaml',
    ]);
    expect(report.findings[2].message).toContain('a Swagger 2.0 document');
    expect(report.summary).toMatchObject({ errors: 1, warnings: 2 });
    // The forbidden import is check's, not contracts'.
    expect(checkJson(root).findings.map((f) => f.rule)).toContain('forbidden-import');
  });

  it('exit 0 when every artifact is valid; exit 2 on a configuration error', () => {
    const root = makeRepo(BASIC);
    expect(cli(root, ['contracts']).code).toBe(0);
    writeFileSync(join(root, 'orchestrator.toml'), WITHOUT_TYPES.replace('imports = { api = ["ApiContract"] }', 'imports = { api = ["ApiContracts"] }'));
    const broken = cli(root, ['contracts']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('ApiContract');
  });

  it("direction is a JSON Schema's to declare: on another format it is a configuration error", () => {
    const root = makeRepo({ ...BASIC, 'orchestrator.toml': WITHOUT_TYPES.replace('format = "openapi"', 'format = "openapi"\ndirection = "input"') });
    const result = cli(root, ['contracts']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('direction applies to jsonschema artifacts only');
  });

  it("a $ref through a link that leads out of the domain's directory leaves it too", () => {
    const config = `[domains.api]\npath = "services/api"\nscope = "**"\nexports = ["ApiContract"]\n\n[domains.api.artifacts.ApiContract]\npath = "contracts/openapi.yaml"\nformat = "openapi"\n\n[domains.db]\npath = "services/db"\nscope = "**"\n`;
    const root = makeRepo(
      {
        'orchestrator.toml': config,
        'services/api/contracts/openapi.yaml': OPENAPI,
        'services/api/index.ts': 'export {};\n',
        'services/db/user.yaml': VALID['contracts/schemas/user.yaml']!,
        'services/db/index.ts': 'export {};\n',
      },
      { links: { 'services/api/contracts/schemas/user.yaml': '../../../db/user.yaml' } },
    );
    const report = JSON.parse(cli(root, ['contracts', '--format', 'json']).stdout);
    expect(report.findings.map((f: { rule: string; message: string }) => `${f.rule}: ${f.message}`)).toEqual([
      'invalid-contract: artifact ApiContract of domain api is not valid OpenAPI: $ref "services/api/contracts/schemas/user.yaml" leaves the directory of the domain (services/api): a contract is made of its own domain\'s files',
    ]);
  });

  it('hostile artifacts are findings, quickly: an alias bomb, 33 MB, binary bytes', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
    ].join('\n');
    const root = makeRepo({
      ...VALID,
      'contracts/openapi.yaml': `${bomb}\n`,
      'contracts/events.schema.json': `{"description": "${'x'.repeat(33 * 1024 * 1024)}"}`,
      'contracts/index.d.ts': '\u0000\u0001\u0002binary',
    });
    const started = Date.now();
    const report = JSON.parse(cli(root, ['contracts', '--format', 'json']).stdout);
    expect(Date.now() - started).toBeLessThan(20_000);
    const messages = report.findings.map((f: { file: string; message: string }) => `${f.file}: ${f.message}`).join('\n');
    expect(messages).toContain('contracts/openapi.yaml: artifact ApiContract of domain api is not valid OpenAPI: not readable YAML: Excessive alias count');
    expect(messages).toContain('contracts/events.schema.json: artifact Events of domain api is not valid JSON Schema: it is larger than 32 MB');
    expect(messages).toMatch(/contracts\/index\.d\.ts: artifact Types of domain api is not valid TypeScript: TS\d+/);
  });
});

describe('pull requests and commits', () => {
  it('PR mode: an artifact broken at the base is pre-existing, one the change breaks is introduced, from either checkout', () => {
    const root = makeRepo({ ...BASIC, 'contracts/events.schema.json': '{"type": 5}\n' });
    git(root, 'checkout', '-q', '-b', 'feature');
    writeFileSync(join(root, 'contracts/schemas/user.yaml'), 'type: object\nrequired: id\n');
    git(root, 'commit', '-qam', 'break the user schema');
    const onFeature = checkJson(root, ['--base', 'main']);
    git(root, 'checkout', '-q', 'main');
    const onMain = checkJson(root, ['--base', 'main', '--head', 'feature']);
    for (const report of [onFeature, onMain]) {
      expect(report.code).toBe(1);
      expect(summarizeFindings(report, ['invalid-contract'])).toEqual([
        'invalid-contract contracts/events.schema.json [preexisting]',
        'invalid-contract contracts/openapi.yaml',
      ]);
    }
    expect(onFeature.findings).toEqual(onMain.findings);
  });

  it('no lock yet: a break is still found, against the merge base (PR) or HEAD (pre-commit), and introduced by the change', () => {
    const root = makeRepo(BASIC);
    git(root, 'checkout', '-q', '-b', 'feature');
    writeFileSync(join(root, 'contracts/openapi.yaml'), OPENAPI.replace('/users/{id}:', '/accounts/{id}:'));
    git(root, 'add', '-A');
    const staged = checkJson(root, ['--staged']);
    expect(summarizeFindings(staged, ['breaking-contract-change', 'contract-changed'])).toEqual([
      'breaking-contract-change contracts/openapi.yaml',
      'contract-changed contracts/openapi.yaml',
    ]);
    expect(staged.findings.find((f) => f.rule === 'contract-changed')?.message).toContain(
      'changed in this change: GET /accounts/{id} was added (operation-added)',
    );
    git(root, 'commit', '-qm', 'rename the path');
    const pr = checkJson(root, ['--base', 'main']);
    expect(pr.code).toBe(1);
    expect(summarizeFindings(pr, ['breaking-contract-change', 'unlocked-contract'])).toEqual([
      'unlocked-contract contracts/README.md [preexisting]',
      'unlocked-contract contracts/events.schema.json [preexisting]',
      'breaking-contract-change contracts/openapi.yaml',
      'unlocked-contract contracts/openapi.yaml [preexisting]',
    ]);
  });

  it('pre-commit: a staged artifact is validated from the index; a commit that touches none leaves them alone', () => {
    const root = makeRepo(BASIC);
    const broken = '{\n  "type": 5\n}\n';
    // Broken on disk, not staged: the index still holds the valid one.
    writeFileSync(join(root, 'contracts/events.schema.json'), broken);
    writeFileSync(join(root, 'src/api/users.ts'), 'export const users = [1];\n');
    git(root, 'add', 'src/api/users.ts');
    expect(contractFindings(checkJson(root, ['--staged']))).toEqual([]);
    git(root, 'add', 'contracts/events.schema.json');
    const staged = checkJson(root, ['--staged']);
    expect(staged.code).toBe(1);
    expect(summarizeFindings(staged, ['invalid-contract'])).toEqual(['invalid-contract contracts/events.schema.json']);
    // The index, not the disk: fixed on disk but not staged, still broken.
    writeFileSync(join(root, 'contracts/events.schema.json'), VALID['contracts/events.schema.json']!);
    expect(summarizeFindings(checkJson(root, ['--staged']), ['invalid-contract'])).toEqual(['invalid-contract contracts/events.schema.json']);
  });
});

describe('the contract lock', () => {
  const LOCK = '.orchestrator/contracts.lock.json';
  const rulesOf = (root: string) =>
    JSON.parse(cli(root, ['contracts', '--format', 'json']).stdout).findings.map((f: { rule: string; message: string }) => `${f.rule}: ${f.message}`);

  it('unlocked, recorded by --update (laid out for review: the golden file), then changed — breaking, possibly breaking, not breaking — then recorded again', () => {
    // Without the TypeScript artifact: each run would pay the compiler (its changes are pinned in unit/contracts-lock.test.ts).
    const root = makeRepo(BASIC);
    expect(rulesOf(root)).toEqual([
      'unlocked-contract: artifact Readme of domain api is not in the contract lock: its surface has not been reviewed',
      'unlocked-contract: artifact Events of domain api is not in the contract lock: its surface has not been reviewed',
      'unlocked-contract: artifact ApiContract of domain api is not in the contract lock: its surface has not been reviewed',
    ]);
    const update = cli(root, ['contracts', '--update']);
    expect(update.code).toBe(0);
    expect(update.stdout).toContain(`note: wrote ${LOCK}: 3 artifacts`);
    // UPDATE_GOLDEN=1 npx vitest run test/contracts.test.ts writes the golden file again.
    const golden = join(import.meta.dirname, 'fixtures/contracts/contracts.lock.json');
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, readFileSync(join(root, LOCK), 'utf8'));
    expect(readFileSync(join(root, LOCK), 'utf8')).toBe(readFileSync(golden, 'utf8'));
    expect(rulesOf(root)).toEqual([]);
    // A new layout and a description change no surface: nothing to review.
    writeFileSync(join(root, 'contracts/events.schema.json'), JSON.stringify(JSON.parse(VALID['contracts/events.schema.json']!)));
    writeFileSync(join(root, 'contracts/openapi.yaml'), OPENAPI.replace('description: the user', 'description: one user'));
    expect(rulesOf(root)).toEqual([]);
    // What consumers rely on changes: said by name.
    writeFileSync(
      join(root, 'contracts/events.schema.json'),
      VALID['contracts/events.schema.json']!.replace('"type": "string"', '"type": "string", "enum": ["a", "b"]'),
    );
    writeFileSync(join(root, 'contracts/openapi.yaml'), OPENAPI.replace('/users/{id}:', '/accounts/{id}:'));
    writeFileSync(join(root, 'contracts/README.md'), '# the api contract, renamed paths\n');
    expect(rulesOf(root)).toEqual([
      'contract-changed: artifact Readme of domain api changed since the contract lock, in ways that may break its consumers: its content changed (file-changed)',
      'contract-changed: artifact Events of domain api changed since the contract lock: .id is now limited to "a", "b" (enum-added)',
      'breaking-contract-change: artifact ApiContract of domain api: GET /users/{id} was removed (operation-removed); it breaks its consumers web',
      'contract-changed: artifact ApiContract of domain api changed since the contract lock: GET /accounts/{id} was added (operation-added)',
    ]);
    const severities = JSON.parse(cli(root, ['contracts', '--format', 'json']).stdout).findings.map((f: { severity: string }) => f.severity);
    expect(severities).toEqual(['warning', 'info', 'error', 'info']);
    expect(cli(root, ['contracts']).code).toBe(1);
    const allowed = cli(root, ['contracts', '--allow-breaking']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('note: --allow-breaking: 1 breaking contract change passes as warning; record it in the lock to stop seeing it');
    expect(cli(root, ['contracts', '--update']).code).toBe(0);
    expect(rulesOf(root)).toEqual([]);
  });

  it('a change in a file the artifact references is a change of the artifact (its own bytes unchanged)', () => {
    const root = makeRepo(BASIC);
    expect(cli(root, ['contracts', '--update']).code).toBe(0);
    writeFileSync(join(root, 'contracts/schemas/user.yaml'), 'type: object\nrequired: [id]\nproperties:\n  id: { type: integer }\n');
    expect(rulesOf(root)).toEqual([
      'breaking-contract-change: artifact ApiContract of domain api: GET /users/{id} 200 application/json .id now also accepts integer (was string) (response-type-widened); it breaks its consumers web',
      'contract-changed: artifact ApiContract of domain api changed since the contract lock: GET /users/{id} 200 application/json .id no longer accepts string (response-type-narrowed)',
    ]);
  });

  it('--update refuses while an artifact is invalid (exit 1, the lock untouched), and outside the working tree (exit 2)', () => {
    const root = makeRepo({ ...BASIC, 'contracts/openapi.yaml': 'openapi: 3.0.3\n' });
    const refused = cli(root, ['contracts', '--update']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('note: the contract lock was not written: 1 artifact is missing or invalid');
    expect(existsSync(join(root, LOCK))).toBe(false);
    const staged = cli(root, ['contracts', '--update', '--staged']);
    expect(staged.code).toBe(2);
    expect(staged.stderr).toContain('--update records the working tree');
  });

  it('a lock that is not JSON stops the run at its line and column (exit 2)', () => {
    const root = makeRepo({ ...BASIC, [LOCK]: '{\n  "version": 1,\n  "artifacts": {,}\n}\n' });
    const result = cli(root, ['check']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\.orchestrator\/contracts\.lock\.json:3:\d+: not valid JSON/);
  });

  it('PR mode: each state against its own lock; a lock updated with the change settles it, as a policy change', () => {
    const root = makeRepo(BASIC);
    cli(root, ['contracts', '--update']);
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'lock');
    git(root, 'checkout', '-q', '-b', 'feature');
    writeFileSync(join(root, 'contracts/openapi.yaml'), OPENAPI.replace('/users/{id}:', '/accounts/{id}:'));
    git(root, 'commit', '-qam', 'rename the path');
    expect(summarizeFindings(checkJson(root, ['--base', 'main']), ['breaking-contract-change', 'contract-changed'])).toEqual([
      'breaking-contract-change contracts/openapi.yaml',
      'contract-changed contracts/openapi.yaml',
    ]);
    cli(root, ['contracts', '--update']);
    git(root, 'commit', '-qam', 'record the new surface');
    const recorded = checkJson(root, ['--base', 'main']);
    expect(summarizeFindings(recorded, ['breaking-contract-change', 'contract-changed', 'unlocked-contract'])).toEqual([]);
    // The lock is protected like the baseline: recording a break weakens what consumers rely on.
    expect(recorded.findings.filter((f) => f.rule === 'policy-change').map((f) => `${f.severity} ${f.file}: ${f.message}`)).toEqual([
      'error .orchestrator/contracts.lock.json: weakened: the contract lock accepts breaking changes of api/ApiContract: GET /users/{id} was removed (operation-removed)',
    ]);
    expect(checkJson(root, ['--base', 'main', '--allow-policy-change']).findings.find((f) => f.rule === 'policy-change')?.severity).toBe('warning');
  });
});

describe('a TypeScript contract consumed by two domains', () => {
  it("a breaking change names each consumer with the files and lines that use the changed export (the compiler's references)", () => {
    const config = `[domains.api]
scope = "src/api/**"
exports = ["Types"]

[domains.api.artifacts.Types]
path = "src/api/contract.d.ts"
format = "typescript"

[domains.web]
scope = "src/web/**"
imports = { api = ["Types"] }

[domains.admin]
scope = "src/admin/**"
imports = { api = ["Types"] }

[domains.jobs]
scope = "src/jobs/**"
`;
    const root = makeRepo({
      'orchestrator.toml': config,
      'src/api/contract.d.ts': 'export interface User { id: string; email: string }\nexport declare function getUser(id: string): Promise<User>;\n',
      'src/api/index.ts': 'export {};\n',
      'src/web/page.ts': "import type { User } from '../api/contract';\n\nexport const show = (user: User) => user.email;\n",
      'src/web/other.ts': "import { getUser } from '../api/contract';\nexport const load = getUser;\n",
      // Renamed on import, and named in a comment: the compiler's references follow the first, not the second.
      'src/admin/list.ts': "import type { User as Person } from '../api/contract';\n// every User is listed here\nexport const list: Person[] = [];\n",
      // Names User, but does not import the contract: not a use.
      'src/jobs/user.ts': 'export interface User { name: string }\n',
    });
    expect(cli(root, ['contracts', '--update']).code).toBe(0);
    writeFileSync(join(root, 'src/api/contract.d.ts'), 'export interface User { id: string }\nexport declare function getUser(id: string): Promise<User>;\n');
    const result = cli(root, ['contracts', '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings.map((f: { message: string }) => f.message)).toEqual([
      'artifact Types of domain api: User.email was removed (member-removed); it breaks its consumers web (src/web/page.ts:1, src/web/page.ts:3), admin (src/admin/list.ts:1, src/admin/list.ts:3)',
    ]);
  });
});
