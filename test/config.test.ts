import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { failedWithCode2, loaded, problemsOf, toml } from './support/config.js';
import { checkTree, configErrorOf, ownerIn } from './support/memory.js';
import { cli, makeRepo, summarizeFindings, type Tree, writeTree } from './support/repo.js';

/**
 * orchestrator.toml: syntax, schema and sanity errors (spec §2.4), every shape that loads, and
 * how the CLI finds and reports it. The parser's cases run on `parseConfig`, the sanity checks
 * (which need the repository's files) on the whole check over an in-memory repository; the CLI
 * keeps what only it does: discovery, --config, --cwd, the exit code and stderr's header.
 */

/** A small repository every end-to-end case starts from; each scope glob below matches something in it. */
const SOURCES: Tree = {
  'src/api/index.ts': 'export const api = 1;\n',
  'src/api/users.ts': "import { api } from './index';\nexport const users = api;\n",
  'src/web/index.ts': "import { api } from '../api/index';\nexport const web = api;\n",
  'src/db/index.ts': 'export const db = 1;\n',
  'artifacts/api.yaml': 'openapi: 3.0.0\n',
};

const repo = (config: string, extra: Tree = {}) => makeRepo({ ...SOURCES, ...extra, 'orchestrator.toml': config });
const check = (root: string, ...args: string[]) => cli(root, ['check', ...args]);
/** SOURCES (and `extra`) with this orchestrator.toml, in memory. */
const tree = (config: string, extra: Tree = {}): Tree => ({ ...SOURCES, ...extra, 'orchestrator.toml': config });

/**
 * What `cn-guard check` reports on stderr below its header for this configuration (the whole
 * check in-process), line by line; and how many problems the header counts.
 */
function errorsOf(config: string, extra: Tree = {}): { text: string; count: number } {
  const error = configErrorOf(() => checkTree(tree(config, extra)));
  return { text: `${error.message}\n`, count: error.problems.length };
}

const HEADER_ONE = 'cn-guard: a configuration error\n';
/** Where `loaded` pretends orchestrator.toml lies, for the directories it resolves. */
const ROOT = '/nonexistent';

describe('TOML syntax errors name the file, line and column', () => {
  it.each([
    [
      'an unclosed array',
      toml('[settings]', 'unowned = "allow"', '[domains.api]', 'scope = ["src/api/**",', '  "src/db/**"', '[domains.web]', 'scope = "src/web/**"'),
      'orchestrator.toml:6:1: TOML syntax error: expected comma or end of structure',
    ],
    [
      'a bare word as a value',
      toml('[settings]', 'unowned = allow', '[domains.api]', 'scope = "src/api/**"'),
      'orchestrator.toml:2:11: TOML syntax error: invalid value',
    ],
    [
      'a duplicate key',
      toml('[domains.api]', 'scope = "src/api/**"', 'agent_name = "api-agent"', 'scope = "src/web/**"'),
      'orchestrator.toml:4:1: TOML syntax error: trying to redefine an already defined table or value',
    ],
    [
      'a duplicate table',
      toml('[domains.api]', 'scope = "src/api/**"', '', '[domains.api]', 'scope = "src/web/**"'),
      'orchestrator.toml:4:2: TOML syntax error: trying to redefine an already defined table or value',
    ],
    [
      'two key-value pairs on one line',
      toml('[domains.api]', 'scope = "src/api/**" exports = []'),
      'orchestrator.toml:2:22: TOML syntax error: each key-value declaration must be followed by an end-of-line',
    ],
  ])('%s', (_name, config, expected) => {
    expect(errorsOf(config)).toEqual({ text: `${expected}\n`, count: 1 });
  });

  it('parseConfig reports one problem with line and column and no key path', () => {
    expect(problemsOf(toml('[settings]', 'unowned = allow'))).toEqual([
      { file: 'orchestrator.toml', line: 2, column: 11, message: 'TOML syntax error: invalid value' },
    ]);
  });
});

describe('schema errors name the key path and the line of the key', () => {
  describe('wrong types and values', () => {
    it('reports every wrong type in one go, each at its own line', () => {
      const problems = problemsOf(
        toml(
          '[settings]', //                      1
          'unowned = "sometimes"', //           2
          '', //                                3
          '[domains.api]', //                   4
          'scope = 5', //                       5
          '', //                                6
          '[domains.web]', //                   7
          'scope = "src/web/**"', //            8
          'forbidden_imports = "src/db/**"', // 9
        ),
      );
      expect(problems).toEqual([
        { file: 'orchestrator.toml', keyPath: 'settings.unowned', line: 2, column: 1, message: expect.stringMatching(/"?allow"?.*"?warn"?.*"?error"?/) },
        { file: 'orchestrator.toml', keyPath: 'domains.api.scope', line: 5, column: 1, message: 'must be a glob or an array of globs' },
        { file: 'orchestrator.toml', keyPath: 'domains.web.forbidden_imports', line: 9, column: 1, message: expect.stringMatching(/array/) },
      ]);
    });

    it.each([
      ['an empty scope array', toml('[domains.api]', 'scope = []'), 'domains.api.scope', 2, 'must list at least one glob'],
      ['an empty glob', toml('[domains.api]', 'scope = ["src/api/**", ""]'), 'domains.api.scope[1]', 2, 'must not be empty'],
      ['a table of domains that is not a table', toml('domains = 5'), 'domains', 1, 'must be a table of domains'],
      [
        '[exceptions] written as a single table',
        toml('[domains.api]', 'scope = "src/api/**"', '[exceptions]', 'from = "a"'),
        'exceptions',
        3,
        'must be an array of tables ([[exceptions]])',
      ],
      [
        'branch_domain without {domain}',
        toml('[settings]', 'branch_domain = "swarm/agent"', '[domains.api]', 'scope = "src/api/**"'),
        'settings.branch_domain',
        2,
        'must contain the placeholder {domain}, e.g. "swarm/*/{domain}"',
      ],
    ])('%s', (_name, config, keyPath, line, message) => {
      expect(problemsOf(config)).toEqual([{ file: 'orchestrator.toml', keyPath, line, column: 1, message }]);
    });

    it('names the allowed artifact formats', () => {
      const [problem, ...rest] = problemsOf(
        toml(
          '[domains.api]',
          'scope = "src/api/**"',
          'exports = ["ApiContract"]',
          '[domains.api.artifacts.ApiContract]',
          'path = "api.yaml"',
          'format = "yaml"',
        ),
      );
      expect(rest).toEqual([]);
      expect(problem).toMatchObject({ keyPath: 'domains.api.artifacts.ApiContract.format', line: 6, column: 1 });
      expect(problem!.message).toMatch(/openapi.*jsonschema.*typescript.*file/);
    });

    it('prints schema errors end to end as file:line:col (key path): message', () => {
      expect(errorsOf(toml('[settings]', 'unowned = "allow"', '[domains.api]', 'scope = 5'))).toEqual({
        text: 'orchestrator.toml:4:1 (domains.api.scope): must be a glob or an array of globs\n',
        count: 1,
      });
    });

    it('lists the allowed values of settings.unowned end to end', () => {
      const { text } = errorsOf(toml('[settings]', 'unowned = "sometimes"', '[domains.api]', 'scope = "src/**"'));
      expect(text).toContain('orchestrator.toml:2:1 (settings.unowned): ');
      expect(text).toMatch(/\(settings\.unowned\): .*allow.*warn.*error/);
    });
  });

  describe('required keys', () => {
    it('a domain without scope, at the line of its table', () => {
      const config = toml('[domains.api]', 'scope = "src/api/**"', '', '[domains.web]', 'agent_name = "web-agent"');
      expect(problemsOf(config)).toEqual([{ file: 'orchestrator.toml', keyPath: 'domains.web.scope', line: 4, column: 1, message: 'is required' }]);
    });

    it('an exception without reason, at the line of its own [[exceptions]] entry', () => {
      const config = toml(
        '[domains.api]', //                 1
        'scope = "src/api/**"', //          2
        '', //                              3
        '[[exceptions]]', //                4
        'from = "src/web/**"', //           5
        'to = "src/db/**"', //              6
        'reason = "legacy"', //             7
        '', //                              8
        '[[exceptions]]', //                9
        'from = "src/web/**"', //           10
        'to = "src/api/**"', //             11
        'owner = "@alice"', //              12
      );
      expect(problemsOf(config)).toEqual([
        { file: 'orchestrator.toml', keyPath: 'exceptions[1].reason', line: 9, column: 1, message: expect.stringMatching(/required|received undefined/) },
      ]);
    });

    it('an exception with an empty reason', () => {
      const config = toml('[domains.api]', 'scope = "src/api/**"', '[[exceptions]]', 'from = "a/**"', 'to = "b/**"', 'reason = ""');
      expect(problemsOf(config)).toEqual([
        { file: 'orchestrator.toml', keyPath: 'exceptions[0].reason', line: 6, column: 1, message: 'must say why the exception exists' },
      ]);
    });
  });

  describe('expires must be a date', () => {
    const withExpires = (value: string) =>
      toml('[domains.api]', 'scope = "src/api/**"', '[[exceptions]]', 'from = "src/web/**"', 'to = "src/db/**"', 'reason = "legacy"', `expires = ${value}`);

    it.each([['"next year"'], ['20270131'], ['"31.01.2027"'], ['"2027-13-45"'], ['"2027-02-30"']])('expires = %s', (value) => {
      expect(problemsOf(withExpires(value))).toEqual([
        { file: 'orchestrator.toml', keyPath: 'exceptions[0].expires', line: 7, column: 1, message: 'must be a date such as 2027-01-31' },
      ]);
    });

    it.each([['2027-01-31'], ['"2027-01-31"']])('expires = %s loads as 2027-01-31', (value) => {
      expect(loaded(withExpires(value)).exceptions[0]!.expires).toBe('2027-01-31');
    });
  });

  describe('misspelt keys: "did you mean"', () => {
    it.each([
      [
        'forbiden_imports in a domain',
        toml('[domains.api]', 'scope = "src/api/**"', 'forbiden_imports = ["src/db/**"]'),
        'domains.api.forbiden_imports',
        3,
        'forbidden_imports',
      ],
      ['typ_imports in a domain', toml('[domains.api]', 'scope = "src/api/**"', 'typ_imports = "ignore"'), 'domains.api.typ_imports', 3, 'type_imports'],
      ['alowed_imports in a domain', toml('[domains.api]', 'scope = "src/api/**"', 'alowed_imports = []'), 'domains.api.alowed_imports', 3, 'allowed_imports'],
      ['unowend in [settings]', toml('[settings]', 'unowend = "allow"', '[domains.api]', 'scope = "src/api/**"'), 'settings.unowend', 2, 'unowned'],
      [
        'typ_imports in [settings]',
        toml('[settings]', 'typ_imports = "ignore"', '[domains.api]', 'scope = "src/api/**"'),
        'settings.typ_imports',
        2,
        'type_imports',
      ],
      [
        'fromat in an artifact',
        toml(
          '[domains.api]',
          'scope = "src/api/**"',
          'exports = ["ApiContract"]',
          '[domains.api.artifacts.ApiContract]',
          'path = "api.yaml"',
          'fromat = "openapi"',
        ),
        'domains.api.artifacts.ApiContract.fromat',
        6,
        'format',
      ],
      [
        'ower in an exception',
        toml('[domains.api]', 'scope = "src/api/**"', '[[exceptions]]', 'from = "a/**"', 'to = "b/**"', 'reason = "r"', 'ower = "@alice"'),
        'exceptions[0].ower',
        7,
        'owner',
      ],
      ['[setting] at the top level', toml('[setting]', 'unowned = "allow"', '[domains.api]', 'scope = "src/api/**"'), 'setting', 1, 'settings'],
    ])('%s', (_name, config, keyPath, line, suggestion) => {
      const key = keyPath.split(/[.\]]/).pop();
      expect(problemsOf(config)).toEqual([
        { file: 'orchestrator.toml', keyPath, line, column: 1, message: `unknown key "${key}"`, hint: `did you mean "${suggestion}"?` },
      ]);
    });

    it('[domain.api] is a near miss of [domains.*]: an error at the line of its header', () => {
      const config = toml('[domains.web]', 'scope = "src/web/**"', '', '[domain.api]', 'scope = "src/api/**"');
      expect(problemsOf(config)).toEqual([
        { file: 'orchestrator.toml', keyPath: 'domain', line: 4, column: 1, message: 'unknown key "domain"', hint: 'did you mean "domains"?' },
      ]);
    });

    it('end to end: the misspelling, its line, its key path and the suggestion', () => {
      const config = toml('[settings]', 'unowned = "allow"', '', '[domains.api]', 'scope = "src/api/**"', 'forbiden_imports = ["src/db/**"]');
      expect(errorsOf(config)).toEqual({
        text: 'orchestrator.toml:6:1 (domains.api.forbiden_imports): unknown key "forbiden_imports"\n  did you mean "forbidden_imports"?\n',
        count: 1,
      });
    });

    // Levenshtein counts a swap of two letters as two edits, so short keys with a swap slip
    // under the threshold; in a domain table that means the key is silently ignored.
    it.each([
      ['paht in a domain', toml('[domains.api]', 'scope = "src/**"', 'paht = "packages/api"'), 'domains.api.paht', 3, 'path'],
      ['nmae in [project]', toml('[project]', 'nmae = "shop"', '[domains.api]', 'scope = "src/**"'), 'project.nmae', 2, 'name'],
    ])('a transposed pair of letters is a misspelling too: %s', (_name, config, keyPath, line, suggestion) => {
      const key = keyPath.split('.').pop();
      expect(problemsOf(config)).toEqual([
        { file: 'orchestrator.toml', keyPath, line, column: 1, message: `unknown key "${key}"`, hint: `did you mean "${suggestion}"?` },
      ]);
    });
  });

  describe('unknown keys that are not misspellings', () => {
    it("[settings] is cn-guard's own table: an unknown key is an error that lists the known ones", () => {
      expect(problemsOf(toml('[settings]', 'colour = "red"', '[domains.api]', 'scope = "src/api/**"'))).toEqual([
        {
          file: 'orchestrator.toml',
          keyPath: 'settings.colour',
          line: 2,
          column: 1,
          message: 'unknown key "colour"',
          hint: 'known keys: unowned, type_imports, include, exclude, tsconfig, baseline, beads_inbox, branch_domain',
        },
      ]);
    });

    it("[[exceptions]] is cn-guard's own table too", () => {
      const config = toml('[domains.api]', 'scope = "src/api/**"', '[[exceptions]]', 'from = "a/**"', 'to = "b/**"', 'reason = "r"', 'ticket = "bd-a1b2"');
      expect(problemsOf(config)).toEqual([
        {
          file: 'orchestrator.toml',
          keyPath: 'exceptions[0].ticket',
          line: 7,
          column: 1,
          message: 'unknown key "ticket"',
          hint: 'known keys: from, to, reason, owner, expires',
        },
      ]);
    });

    it('domain tables are shared with the orchestrator: its keys are kept, not rejected', () => {
      const config = loaded(
        toml('[domains.api]', 'scope = "src/api/**"', 'description = "the HTTP API"', 'model = "opus"', 'max_parallel = 3', 'prompt = { system = "be brief" }'),
      );
      expect(config.domains.map((d) => d.name)).toEqual(['api']);
    });

    it('tables of the orchestrator ([orchestrator], [persistence], …) are ignored', () => {
      const config = loaded(
        toml(
          '[orchestrator]',
          'max_agents = 4',
          '[orchestrator.schedule]',
          'cron = "0 * * * *"',
          '[persistence]',
          'backend = "sqlite"',
          'path = ".orchestrator/state.db"',
          '[[workers]]',
          'name = "w1"',
          '[domains.api]',
          'scope = "src/api/**"',
        ),
      );
      expect(config.domains.map((d) => d.name)).toEqual(['api']);
    });

    it("end to end, the orchestrator's tables and keys leave the check passing", () => {
      const config = toml(
        '[orchestrator]',
        'max_agents = 4',
        '[persistence]',
        'backend = "sqlite"',
        '[settings]',
        'unowned = "allow"',
        '[domains.api]',
        'scope = "src/api/**"',
        'description = "the HTTP API"',
        'model = "opus"',
      );
      expect(checkTree(tree(config)).code).toBe(0);
    });
  });

  it('counts lines the same in a file with CRLF line endings', () => {
    const config = ['[settings]', 'unowend = "allow"', '[domains.api]', 'scope = "src/api/**"', ''].join('\r\n');
    expect(problemsOf(config)).toEqual([
      { file: 'orchestrator.toml', keyPath: 'settings.unowend', line: 2, column: 1, message: 'unknown key "unowend"', hint: 'did you mean "unowned"?' },
    ]);
  });
});

describe('sanity errors of spec §2.4', () => {
  describe('a scope glob that matches no file', () => {
    it('names the domain, the glob and the key path of the entry', () => {
      const config = toml(
        '[settings]', //                           1
        'unowned = "allow"', //                    2
        '', //                                     3
        '[domains.api]', //                        4
        'scope = ["src/api/**", "src/gone/**"]', // 5
      );
      expect(errorsOf(config)).toEqual({
        text:
          'orchestrator.toml:5:1 (domains.api.scope[1]): scope glob "src/gone/**" of domain api matches no file\n' +
          '  fix the glob, or remove it if the folder is gone (a rule that matches nothing passes silently)\n',
        count: 1,
      });
    });

    it('names the folder of a domain in a subfolder', () => {
      const config = toml('[settings]', 'unowned = "allow"', '[domains.billing]', 'path = "packages/billing"', 'scope = ["src/**", "lib/**"]');
      const { text, count } = errorsOf(config, { 'packages/billing/src/index.ts': 'export {};\n' });
      expect(text).toContain(
        'orchestrator.toml:5:1 (domains.billing.scope[1]): scope glob "lib/**" of domain billing matches no file under packages/billing\n',
      );
      expect(count).toBe(1);
    });

    it('a literal directory that does not exist matches no file', () => {
      const config = toml('[settings]', 'unowned = "allow"', '[domains.api]', 'scope = ["src/api", "src/gone"]');
      expect(errorsOf(config).text).toContain('orchestrator.toml:4:1 (domains.api.scope[1]): scope glob "src/gone" of domain api matches no file\n');
    });
  });

  describe('imports', () => {
    const producer = [
      '[settings]',
      'unowned = "allow"',
      '[domains.api]',
      'scope = "src/api/**"',
      'exports = ["ApiContract", "Events"]',
      '[domains.web]',
      'scope = "src/web/**"',
    ];

    it('an unknown domain, with "did you mean" for a misspelt name', () => {
      expect(errorsOf(toml(...producer, 'imports = { apii = ["ApiContract"] }'))).toEqual({
        text: 'orchestrator.toml:8:1 (domains.web.imports.apii): domain web imports from unknown domain "apii"\n  did you mean "api"?\n',
        count: 1,
      });
    });

    it('an unknown domain that resembles none: no suggestion', () => {
      expect(problemsOf(toml(...producer, 'imports = { payments = ["ApiContract"] }'))).toEqual([
        {
          file: 'orchestrator.toml',
          keyPath: 'domains.web.imports.payments',
          line: 8,
          column: 1,
          message: 'domain web imports from unknown domain "payments"',
        },
      ]);
    });

    it('an artifact kind the producer does not export, with "did you mean"', () => {
      const [problem, ...rest] = problemsOf(toml(...producer, 'imports = { api = ["ApiContrakt"] }'));
      expect(rest).toEqual([]);
      expect(problem).toMatchObject({
        line: 8,
        column: 1,
        message: 'domain web imports artifact kind "ApiContrakt", which domain api does not export',
        hint: 'did you mean "ApiContract"?',
      });
    });

    it('an artifact kind that resembles none of the exports lists what the producer exports', () => {
      const [problem] = problemsOf(toml(...producer, 'imports = { api = ["Schema"] }'));
      expect(problem).toMatchObject({
        message: 'domain web imports artifact kind "Schema", which domain api does not export',
        hint: 'api exports: ApiContract, Events',
      });
    });

    it('a producer that exports nothing says so', () => {
      const [problem] = problemsOf(
        toml('[domains.api]', 'scope = "src/api/**"', '[domains.web]', 'scope = "src/web/**"', 'imports = { api = ["ApiContract"] }'),
      );
      expect(problem).toMatchObject({
        message: 'domain web imports artifact kind "ApiContract", which domain api does not export',
        hint: 'api exports nothing',
      });
    });

    it('end to end: the artifact kind and its suggestion reach stderr', () => {
      const { text } = errorsOf(toml(...producer, 'imports = { api = ["ApiContrakt"] }'));
      expect(text).toContain('domain web imports artifact kind "ApiContrakt", which domain api does not export\n  did you mean "ApiContract"?\n');
      expect(text).toMatch(/^orchestrator\.toml:8:1 \(domains\.web\.imports\.api/m);
    });
  });

  describe('artifacts', () => {
    it("a path escaping the domain's directory", () => {
      const config = toml('[domains.api]', 'scope = "src/api/**"', 'exports = ["ApiContract"]', '[domains.api.artifacts.ApiContract]', 'path = "../x.yaml"');
      expect(problemsOf(config)).toEqual([
        {
          file: 'orchestrator.toml',
          keyPath: 'domains.api.artifacts.ApiContract.path',
          line: 5,
          column: 1,
          message: 'artifact path "../x.yaml" is outside the directory of domain api',
          hint: 'artifact paths are relative to . and must stay inside it',
        },
      ]);
    });

    it('a path escaping a domain in a subfolder, and an absolute path', () => {
      const config = toml(
        '[domains.billing]', //                       1
        'path = "packages/billing"', //               2
        'scope = "src/**"', //                        3
        'exports = ["Invoice", "Receipt"]', //        4
        '[domains.billing.artifacts.Invoice]', //     5
        'path = "../shared/invoice.json"', //         6
        '[domains.billing.artifacts.Receipt]', //     7
        'path = "/etc/receipt.json"', //              8
      );
      expect(problemsOf(config)).toEqual([
        {
          file: 'orchestrator.toml',
          keyPath: 'domains.billing.artifacts.Invoice.path',
          line: 6,
          column: 1,
          message: 'artifact path "../shared/invoice.json" is outside the directory of domain billing',
          hint: 'artifact paths are relative to packages/billing and must stay inside it',
        },
        {
          file: 'orchestrator.toml',
          keyPath: 'domains.billing.artifacts.Receipt.path',
          line: 8,
          column: 1,
          message: 'artifact path "/etc/receipt.json" is outside the directory of domain billing',
          hint: 'artifact paths are relative to packages/billing and must stay inside it',
        },
      ]);
    });

    it('end to end, path = "../x.yaml" exits 2', () => {
      const config = toml(
        '[settings]',
        'unowned = "allow"',
        '[domains.api]',
        'scope = "src/api/**"',
        'exports = ["ApiContract"]',
        '[domains.api.artifacts.ApiContract]',
        'path = "../x.yaml"',
      );
      expect(errorsOf(config)).toEqual({
        text:
          'orchestrator.toml:7:1 (domains.api.artifacts.ApiContract.path): artifact path "../x.yaml" is outside the directory of domain api\n' +
          '  artifact paths are relative to . and must stay inside it\n',
        count: 1,
      });
    });

    it('an artifacts table for a kind the domain does not export', () => {
      const config = toml('[domains.api]', 'scope = "src/api/**"', 'exports = ["ApiContract"]', '[domains.api.artifacts.ApiContrcat]', 'path = "api.yaml"');
      expect(problemsOf(config)).toEqual([
        {
          file: 'orchestrator.toml',
          keyPath: 'domains.api.artifacts.ApiContrcat',
          line: 4,
          column: 1,
          message: 'artifact ApiContrcat is not listed in domains.api.exports',
          hint: 'did you mean "ApiContract"?',
        },
      ]);
    });
  });

  describe('two domains tied on one file', () => {
    it('names the file, both domains and both patterns, and suggests a ! exclusion', () => {
      const config = toml(
        '[settings]', //                                 1
        'unowned = "allow"', //                          2
        '[domains.api]', //                              3
        'scope = "src/api/**"', //                       4
        '[domains.users]', //                            5
        'scope = ["src/db/**", "src/api/u*.ts"]', //     6
      );
      const { text, count } = errorsOf(config);
      expect(count).toBe(1);
      expect(text.split('\n')[0]).toBe(
        'orchestrator.toml:6:1 (domains.users.scope[1]): src/api/users.ts is claimed by domain api ("src/api/**") and domain users ("src/api/u*.ts") with equal specificity',
      );
      expect(text).toContain(
        '\n  make one of the two patterns more specific, or settle it with an exclusion: add "!src/api/users.ts" to domains.users.scope\n',
      );
    });

    it('groups every file of one tie into one message with a count', () => {
      const config = toml('[settings]', 'unowned = "allow"', '[domains.api]', 'scope = "src/**"', '[domains.web]', 'scope = "src/*/index.ts"');
      const { text, count } = errorsOf(config);
      expect(count).toBe(1);
      expect(text).toContain(
        'orchestrator.toml:6:1 (domains.web.scope[0]): src/api/index.ts and 2 other files are claimed by domain api ("src/**") and domain web ("src/*/index.ts") with equal specificity\n',
      );
      expect(text).toContain('add "!src/api/index.ts" to domains.web.scope (and likewise for the other 2)\n');
    });

    it('reports separate ties separately', () => {
      const config = toml(
        '[settings]',
        'unowned = "allow"',
        '[domains.api]',
        'scope = "src/api/**"',
        '[domains.api2]',
        'scope = "src/api/*.ts"',
        '[domains.db]',
        'scope = "src/db/**"',
        '[domains.db2]',
        'scope = "src/db/**"',
      );
      const { text, count } = errorsOf(config);
      expect(count).toBe(2);
      expect(text).toContain(
        'src/api/index.ts and 1 other file are claimed by domain api ("src/api/**") and domain api2 ("src/api/*.ts") with equal specificity',
      );
      expect(text).toContain('src/db/index.ts is claimed by domain db ("src/db/**") and domain db2 ("src/db/**") with equal specificity');
    });

    it('suggests the exclusion relative to the path of the domain it names', () => {
      const config = toml(
        '[settings]', //                          1
        'unowned = "allow"', //                   2
        '[domains.core]', //                      3
        'scope = "packages/billing/src/**"', //   4
        '[domains.billing]', //                   5
        'path = "packages/billing"', //           6
        'scope = "src/**"', //                    7
      );
      const { text } = errorsOf(config, { 'packages/billing/src/index.ts': 'export {};\n' });
      expect(text).toContain(
        'orchestrator.toml:7:1 (domains.billing.scope[0]): packages/billing/src/index.ts is claimed by domain core ("packages/billing/src/**") and domain billing ("src/**") with equal specificity\n',
      );
      expect(text).toMatch(/add "!src\/[^"]*" to domains\.billing\.scope/);
    });

    it('a more specific pattern is not a tie', () => {
      const config = toml('[settings]', 'unowned = "allow"', '[domains.api]', 'scope = "src/**"', '[domains.users]', 'scope = "src/api/users.ts"');
      expect(checkTree(tree(config)).code).toBe(0);
      expect(ownerIn(tree(config), 'src/api/users.ts')).toBe('users');
    });
  });

  describe('no domains', () => {
    it.each([
      ['an empty file', ''],
      ["only settings and the orchestrator's tables", toml('[settings]', 'unowned = "allow"', '[orchestrator]', 'max_agents = 2')],
      ['an empty [domains] table', toml('[domains]')],
    ])('%s', (_name, config) => {
      expect(errorsOf(config)).toEqual({ text: 'orchestrator.toml: declares no domains: add at least one [domains.<name>] table with a scope\n', count: 1 });
    });
  });
});

describe('several problems are reported together', () => {
  // Through the CLI: the header counts the problems.
  it('unknown keys and schema errors of several tables', () => {
    const config = toml(
      '[settings]', //                          1
      'unowend = "allow"', //                   2
      'type_imports = "sometimes"', //          3
      '[domains.api]', //                       4
      'forbiden_imports = ["src/db/**"]', //    5
      '[domains.web]', //                       6
      'scope = "src/web/**"', //                7
      'public = "src/web/index.ts"', //         8
    );
    const stderr = failedWithCode2(check(repo(config)));
    expect(stderr.split('\n')[0]).toBe('cn-guard: 5 configuration errors');
    for (const line of [
      'orchestrator.toml:2:1 (settings.unowend): unknown key "unowend"\n  did you mean "unowned"?',
      'orchestrator.toml:3:1 (settings.type_imports): ',
      'orchestrator.toml:5:1 (domains.api.forbiden_imports): unknown key "forbiden_imports"\n  did you mean "forbidden_imports"?',
      'orchestrator.toml:4:1 (domains.api.scope): is required',
      'orchestrator.toml:8:1 (domains.web.public): ',
    ]) {
      expect(stderr).toContain(line);
    }
  });

  it('the checks of imports and artifacts', () => {
    const config = toml(
      '[domains.api]', //                                    1
      'scope = "src/api/**"', //                             2
      'exports = ["ApiContract"]', //                        3
      '[domains.api.artifacts.ApiContract]', //              4
      'path = "../x.yaml"', //                               5
      '[domains.web]', //                                    6
      'scope = "src/web/**"', //                             7
      'imports = { apii = ["X"], api = ["Events"] }', //     8
    );
    expect(problemsOf(config).map((p) => `${p.line} ${p.message}`)).toEqual([
      '5 artifact path "../x.yaml" is outside the directory of domain api',
      '8 domain web imports from unknown domain "apii"',
      '8 domain web imports artifact kind "Events", which domain api does not export',
    ]);
  });

  it('scope globs that match nothing and ties', () => {
    const config = toml(
      '[settings]',
      'unowned = "allow"',
      '[domains.api]',
      'scope = ["src/api/**", "src/gone/**"]',
      '[domains.db]',
      'scope = ["src/db/**", "src/also-gone/**"]',
      '[domains.db2]',
      'scope = "src/db/**"',
    );
    const { text, count } = errorsOf(config);
    expect(count).toBe(3);
    expect(text).toContain('scope glob "src/gone/**" of domain api matches no file');
    expect(text).toContain('scope glob "src/also-gone/**" of domain db matches no file');
    expect(text).toContain('src/db/index.ts is claimed by domain db ("src/db/**") and domain db2 ("src/db/**") with equal specificity');
  });

  // Both kinds are §2.4 sanity errors of a configuration that parsed; reporting the second
  // only after the first is fixed makes the user run cn-guard once per problem.
  it('an unknown imported domain together with a scope glob that matches no file', () => {
    const config = toml(
      '[settings]',
      'unowned = "allow"',
      '[domains.api]',
      'scope = ["src/api/**", "src/gone/**"]',
      '[domains.web]',
      'scope = "src/web/**"',
      'imports = { apii = ["X"] }',
    );
    const { text, count } = errorsOf(config);
    expect(text).toContain('domain web imports from unknown domain "apii"');
    expect(text).toContain('scope glob "src/gone/**" of domain api matches no file');
    expect(count).toBe(2);
  });
});

describe('key paths are written the same way in every message', () => {
  // formatKeyPath writes `scope[1]`; the sanity checks must not switch to `scope.1`.
  it.each([
    [
      'an imported kind',
      toml('[domains.api]', 'scope = "src/api/**"', '[domains.web]', 'scope = "src/web/**"', 'imports = { api = ["ApiContract"] }'),
      'domains.web.imports.api[0]',
    ],
    ['a scope glob with ..', toml('[domains.api]', 'scope = ["src/api/**", "../other/**"]'), 'domains.api.scope[1]'],
  ])('%s', (_name, config, keyPath) => {
    expect(problemsOf(config).map((p) => p.keyPath)).toEqual([keyPath]);
  });

  it('a domain name that needs quoting is quoted', () => {
    expect(problemsOf(toml('[domains."my api"]', 'scope = 5'))).toEqual([
      { file: 'orchestrator.toml', keyPath: 'domains."my api".scope', line: 2, column: 1, message: 'must be a glob or an array of globs' },
    ]);
  });
});

describe('loading: every shape of the spec loads unchanged', () => {
  const SPEC_EXAMPLE = toml(
    '[project]',
    'name = "gastown"              # the name other projects use in external:<project>:<capability>',
    '',
    '[settings]',
    'unowned = "warn"              # allow | warn | error — source files that no domain\'s scope claims',
    'type_imports = "check"        # check | ignore — whether `import type` edges are subject to import rules',
    'include = ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"]',
    'exclude = ["**/dist/**"]      # added to built-in excludes (node_modules, .git) and .gitignore',
    'tsconfig = "tsconfig.json"    # used for paths/baseUrl resolution',
    '',
    '[external_projects]           # merged with .beads/config.yaml external_projects',
    'beads = "../beads"',
    '',
    '[domains.api]',
    'scope = ["src/api/**"]                    # required; string or array of globs, relative to the domain\'s path',
    'path = "."                                # the directory (repo) this domain lives in; default: the config\'s dir',
    'forbidden_imports = ["src/components/**"]',
    'allowed_imports = ["src/shared/types/**"]',
    'public = ["src/api/index.ts"]             # entry points: other domains may import only these files of api',
    'exports = ["ApiContract"]                 # artifact kinds this domain publishes',
    'imports = { backend = ["ApiContract"] }   # artifact kinds it consumes, by producing domain',
    'agent_name = "api-agent"                  # who gets tasks about this domain',
    'owners = ["@org/api-team"]                # for routing and CODEOWNERS export',
    '',
    '[domains.api.artifacts.ApiContract]',
    'path = "artifacts/api-contract.yaml"      # relative to the domain\'s path; must stay inside it',
    'format = "openapi"                        # openapi | jsonschema | typescript | file',
    '',
    '[[exceptions]]                            # a justified, owned, expiring exception',
    'from = "src/routes/legacy/**"',
    'to = "src/database/**"',
    'reason = "legacy export endpoint; removal tracked in bd-a1b2"',
    'owner = "@alice"',
    'expires = 2027-01-31',
    '',
    // The spec's example imports from a backend it does not show; here it is the other repository of a multi-repo setup.
    '[domains.backend]',
    'path = "/path/to/project/backend"',
    'scope = "src/**"',
    'exports = ["ApiContract"]',
  );

  it('the example of spec §2, every key resolved', () => {
    const config = loaded(SPEC_EXAMPLE, '/work/gastown/orchestrator.toml');
    expect(config.root).toBe('/work/gastown');
    expect(config.projectName).toBe('gastown');
    expect(config.settings).toEqual({
      unowned: 'warn',
      typeImports: 'check',
      include: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
      exclude: ['**/dist/**'],
      tsconfig: 'tsconfig.json',
      baseline: '.orchestrator/cn-guard-baseline.json',
      beadsInbox: '.orchestrator/beads-inbox.jsonl',
    });
    expect(config.externalProjects).toEqual({ beads: '../beads' });
    const [api, backend] = config.domains;
    expect(api).toMatchObject({
      name: 'api',
      dir: '/work/gastown',
      relDir: '',
      external: false,
      exports: ['ApiContract'],
      imports: { backend: ['ApiContract'] },
      agentName: 'api-agent',
      owners: ['@org/api-team'],
      artifacts: { ApiContract: { kind: 'ApiContract', path: 'artifacts/api-contract.yaml', format: 'openapi' } },
    });
    expect({
      scope: api!.scope.map((p) => p.glob),
      forbidden: api!.forbidden.map((p) => p.glob),
      allowed: api!.allowed.map((p) => p.glob),
      public: api!.public.map((p) => p.glob),
    }).toEqual({ scope: ['src/api/**'], forbidden: ['src/components/**'], allowed: ['src/shared/types/**'], public: ['src/api/index.ts'] });
    expect(backend).toMatchObject({ name: 'backend', dir: '/path/to/project/backend', external: true, exports: ['ApiContract'] });
    expect(config.exceptions).toHaveLength(1);
    expect(config.exceptions[0]).toMatchObject({
      index: 0,
      reason: 'legacy export endpoint; removal tracked in bd-a1b2',
      owner: '@alice',
      expires: '2027-01-31',
      line: 29,
    });
    expect([config.exceptions[0]!.from.glob, config.exceptions[0]!.to.glob]).toEqual(['src/routes/legacy/**', 'src/database/**']);
  });

  it('defaults when [settings] is left out', () => {
    expect(loaded(toml('[domains.api]', 'scope = "src/**"')).settings).toEqual({
      unowned: 'warn',
      typeImports: 'check',
      include: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
      exclude: [],
      tsconfig: 'tsconfig.json',
      baseline: '.orchestrator/cn-guard-baseline.json',
      beadsInbox: '.orchestrator/beads-inbox.jsonl',
    });
  });

  it('the example of spec §2 passes a check on a repository that has its folders', () => {
    const report = checkTree({
      'orchestrator.toml': SPEC_EXAMPLE,
      'src/api/index.ts': "import type { Id } from '../shared/types/id';\nexport const api = 1;\n",
      'src/shared/types/id.ts': 'export type Id = string;\n',
      'artifacts/api-contract.yaml': 'openapi: 3.0.0\n',
    });
    expect(report.code).toBe(0);
  });

  it('scope as a string and as an array', () => {
    const config = loaded(toml('[domains.api]', 'scope = "src/api/**"', '[domains.web]', 'scope = ["src/web/**", "src/pages/**"]'));
    expect(config.domains.map((d) => [d.name, d.scope.map((p) => p.glob)])).toEqual([
      ['api', ['src/api/**']],
      ['web', ['src/web/**', 'src/pages/**']],
    ]);
  });

  it('! exclusions in scope', () => {
    const config = loaded(toml('[domains.vs]', 'scope = ["src/vs/**/browser/**", "!src/vs/**/browser/**/worker/**"]'));
    expect(config.domains[0]!.scope.map((p) => p.glob)).toEqual(['src/vs/**/browser/**']);
    expect(config.domains[0]!.scopeExcludes.map((p) => p.glob)).toEqual(['src/vs/**/browser/**/worker/**']);
  });

  it('! exclusions take files out of a domain end to end', () => {
    const config = toml('[settings]', 'unowned = "allow"', '[domains.web]', 'scope = ["src/web/**", "!src/web/legacy/**"]');
    const files = tree(config, { 'src/web/legacy/old.ts': 'export {};\n' });
    expect(checkTree(files).code).toBe(0);
    expect([ownerIn(files, 'src/web/index.ts'), ownerIn(files, 'src/web/legacy/old.ts')]).toEqual(['web', undefined]);
  });

  it('a literal directory in scope means everything inside it, with or without a trailing /', () => {
    const config = toml(
      '[settings]',
      'unowned = "error"',
      '[domains.api]',
      'scope = "src/api"',
      '[domains.web]',
      'scope = "src/web/"',
      '[domains.db]',
      'scope = ["src/db"]',
    );
    const files = tree(config, { 'src/api/deep/nested.ts': 'export {};\n' });
    expect(checkTree(files).code).toBe(0);
    expect(['src/api/index.ts', 'src/api/deep/nested.ts', 'src/web/index.ts', 'src/db/index.ts'].map((f) => ownerIn(files, f))).toEqual([
      'api',
      'api',
      'web',
      'db',
    ]);
  });

  it('path relative: a domain in a subfolder, whose globs are relative to that folder', () => {
    const config = toml(
      '[settings]',
      'unowned = "allow"',
      '[domains.billing]',
      'path = "packages/billing"',
      'scope = "src/**"',
      'public = ["src/index.ts"]',
      'forbidden_imports = ["src/secret/**"]',
      'exports = ["Invoice"]',
      '[domains.billing.artifacts.Invoice]',
      'path = "contracts/invoice.json"',
      'format = "jsonschema"',
      '[domains.web]',
      'scope = "src/web/**"',
    );
    const files = tree(config, {
      'packages/billing/src/index.ts': 'export const billing = 1;\n',
      'packages/billing/src/internal.ts': 'export const internal = 1;\n',
      'packages/billing/contracts/invoice.json': '{}\n',
      'src/web/pay.ts': "import { internal } from '../../packages/billing/src/internal';\nexport const pay = internal;\n",
    });
    const billing = loaded(config, `${ROOT}/orchestrator.toml`).domains[0]!;
    expect(billing).toMatchObject({
      dir: `${ROOT}/packages/billing`,
      relDir: 'packages/billing',
      external: false,
      artifacts: { Invoice: { path: 'packages/billing/contracts/invoice.json', format: 'jsonschema' } },
    });
    expect([billing.scope[0]!.glob, billing.public[0]!.glob, billing.forbidden[0]!.glob]).toEqual([
      'packages/billing/src/**',
      'packages/billing/src/index.ts',
      'packages/billing/src/secret/**',
    ]);
    expect(ownerIn(files, 'packages/billing/src/internal.ts')).toBe('billing');
    // The public entry point is relative to the domain's path, so a deep import from web is caught.
    expect(summarizeFindings(checkTree(files), ['private-import'])).toEqual(['private-import src/web/pay.ts -> packages/billing/src/internal.ts']);
  });

  // Through the CLI: the absolute path is the repository's real one.
  it('path absolute, inside the repository', () => {
    const root = makeRepo({ ...SOURCES, 'packages/billing/src/index.ts': 'export {};\n' });
    writeTree(root, {
      'orchestrator.toml': toml(
        '[settings]',
        'unowned = "allow"',
        '[domains.billing]',
        `path = ${JSON.stringify(join(root, 'packages/billing'))}`,
        'scope = "src/**"',
      ),
    });
    const result = check(root);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const explained = cli(root, ['explain', 'packages/billing/src/index.ts', '--format', 'json']);
    expect((JSON.parse(explained.stdout) as { owner?: { domain: string } }).owner?.domain).toBe('billing');
  });

  it('a domain outside the repository is loaded, not scanned, and its missing directory is no error', () => {
    const config = toml(
      '[settings]',
      'unowned = "allow"',
      '[domains.web]',
      'scope = "src/web/**"',
      'imports = { backend = ["ApiContract"], shared = ["Types"] }',
      '[domains.backend]',
      'path = "/path/to/project/backend"',
      'scope = ["src/**", "lib/does-not-exist/**"]',
      'exports = ["ApiContract"]',
      '[domains.backend.artifacts.ApiContract]',
      'path = "artifacts/api.yaml"',
      'format = "openapi"',
      '[domains.shared]',
      'path = "../shared"',
      'scope = "src/**"',
      'exports = ["Types"]',
    );
    expect(checkTree(tree(config)).code).toBe(0);
    const [, backend, shared] = loaded(config, `${ROOT}/orchestrator.toml`).domains;
    expect(backend).toMatchObject({
      external: true,
      dir: '/path/to/project/backend',
      artifacts: { ApiContract: { path: '/path/to/project/backend/artifacts/api.yaml', format: 'openapi' } },
    });
    expect(shared).toMatchObject({ external: true, dir: join(ROOT, '../shared') });
  });

  it('exports and imports between domains, DDD style', () => {
    const config = loaded(
      toml(
        '[domains.ordering]',
        'scope = "src/ordering/**"',
        'exports = ["OrderPlaced", "OrderApi"]',
        'imports = { payments = ["PaymentCaptured"], catalog = ["CatalogApi"] }',
        '[domains.payments]',
        'scope = "src/payments/**"',
        'exports = ["PaymentCaptured"]',
        'imports = { ordering = ["OrderPlaced"] }',
        '[domains.catalog]',
        'scope = "src/catalog/**"',
        'exports = ["CatalogApi"]',
        '[domains.shipping]',
        'scope = "src/shipping/**"',
        '[domains.shipping.imports]',
        'ordering = ["OrderPlaced", "OrderApi"]',
        'payments = ["PaymentCaptured"]',
      ),
    );
    expect(Object.fromEntries(config.domains.map((d) => [d.name, { exports: d.exports, imports: d.imports }]))).toEqual({
      ordering: { exports: ['OrderPlaced', 'OrderApi'], imports: { payments: ['PaymentCaptured'], catalog: ['CatalogApi'] } },
      payments: { exports: ['PaymentCaptured'], imports: { ordering: ['OrderPlaced'] } },
      catalog: { exports: ['CatalogApi'], imports: {} },
      shipping: { exports: [], imports: { ordering: ['OrderPlaced', 'OrderApi'], payments: ['PaymentCaptured'] } },
    });
  });

  it('allowed_imports = [] means no allow-list, unlike a non-empty one', () => {
    const files = { 'src/web/data.ts': "import { db } from '../db/index';\nexport const data = db;\n" };
    const domains = (allowed: string) =>
      toml(
        '[settings]',
        'unowned = "allow"',
        '[domains.web]',
        'scope = "src/web/**"',
        `allowed_imports = ${allowed}`,
        '[domains.db]',
        'scope = "src/db/**"',
        '[domains.api]',
        'scope = "src/api/**"',
      );
    const open = checkTree(tree(domains('[]'), files));
    expect({ code: open.code, findings: summarizeFindings(open) }).toEqual({ code: 0, findings: [] });
    const closed = checkTree(tree(domains('["src/api/**"]'), files));
    expect(summarizeFindings(closed)).toEqual(['not-allowed-import src/web/data.ts -> src/db/index.ts']);
  });

  it('agent_name, owners, [project] name, [external_projects] and type_imports per domain', () => {
    const config = loaded(
      toml(
        '[project]',
        'name = "shop"',
        '[external_projects]',
        'beads = "../beads"',
        'gastown = "/srv/gastown"',
        '[domains.api]',
        'scope = "src/api/**"',
        'agent_name = "api-agent"',
        'owners = ["@org/api-team", "@alice"]',
        'type_imports = "ignore"',
      ),
    );
    expect(config.projectName).toBe('shop');
    expect(config.externalProjects).toEqual({ beads: '../beads', gastown: '/srv/gastown' });
    expect(config.domains[0]).toMatchObject({ agentName: 'api-agent', owners: ['@org/api-team', '@alice'], typeImports: 'ignore' });
  });

  it('capabilities tie artifact kinds of their own domain; a kind it does not declare, or a name with whitespace, is an error', () => {
    const domain = ['[domains.api]', 'scope = "src/api/**"', 'exports = ["Spec"]', '[domains.api.artifacts.Spec]', 'path = "spec.yaml"'];
    const config = loaded(toml(...domain.slice(0, 3), 'capabilities = { "auth:v1" = ["Spec"] }', ...domain.slice(3)));
    expect(config.domains[0]!.capabilities).toEqual({ 'auth:v1': ['Spec'] });
    expect(problemsOf(toml(...domain.slice(0, 3), 'capabilities = { "auth v1" = ["Spek"] }', ...domain.slice(3)))).toEqual([
      expect.objectContaining({ keyPath: 'domains.api.capabilities."auth v1"', line: 4, message: 'capability "auth v1" contains whitespace' }),
      expect.objectContaining({
        keyPath: 'domains.api.capabilities."auth v1"[0]',
        line: 4,
        message: 'capability auth v1 names artifact kind "Spek", which domain api does not declare',
        hint: 'did you mean "Spec"?',
      }),
    ]);
  });

  it('[[exceptions]] with a TOML date, several of them, in order', () => {
    const config = loaded(
      toml(
        '[domains.web]',
        'scope = "src/web/**"',
        '[[exceptions]]',
        'from = "src/web/legacy/**"',
        'to = "src/db/**"',
        'reason = "legacy export endpoint; removal tracked in bd-a1b2"',
        'owner = "@alice"',
        'expires = 2027-01-31',
        '[[exceptions]]',
        'from = "src/web/admin.ts"',
        'to = "src/db/index.ts"',
        'reason = "admin reads the database directly"',
      ),
    );
    expect(
      config.exceptions.map(({ index, from, to, reason, owner, expires, line }) => ({ index, from: from.glob, to: to.glob, reason, owner, expires, line })),
    ).toEqual([
      {
        index: 0,
        from: 'src/web/legacy/**',
        to: 'src/db/**',
        reason: 'legacy export endpoint; removal tracked in bd-a1b2',
        owner: '@alice',
        expires: '2027-01-31',
        line: 3,
      },
      { index: 1, from: 'src/web/admin.ts', to: 'src/db/index.ts', reason: 'admin reads the database directly', owner: undefined, expires: undefined, line: 9 },
    ]);
  });

  it('a file saved with a byte-order mark', () => {
    expect(loaded(`\uFEFF${toml('[domains.api]', 'scope = "src/api/**"')}`).domains.map((d) => d.name)).toEqual(['api']);
  });

  it('every shape at once passes an end-to-end check', () => {
    const config = toml(
      '[project]',
      'name = "shop"',
      '[settings]',
      'unowned = "error"',
      'type_imports = "check"',
      'exclude = ["**/generated/**"]',
      'branch_domain = "swarm/*/{domain}"',
      '[external_projects]',
      'beads = "../beads"',
      '[orchestrator]',
      'max_agents = 4',
      '[persistence]',
      'backend = "sqlite"',
      '[domains.api]',
      'scope = "src/api"',
      'description = "HTTP API"',
      'model = "opus"',
      'public = ["src/api/index.ts"]',
      'exports = ["ApiContract"]',
      'agent_name = "api-agent"',
      'owners = ["@org/api-team"]',
      '[domains.api.artifacts.ApiContract]',
      'path = "artifacts/api.yaml"',
      'format = "openapi"',
      '[domains.web]',
      'scope = ["src/web/**", "!src/web/legacy/**"]',
      'allowed_imports = []',
      'forbidden_imports = ["src/db/**"]',
      'imports = { api = ["ApiContract"], backend = ["Events"] }',
      '[domains.legacy]',
      'scope = "src/web/legacy/**"',
      '[domains.db]',
      'scope = "src/db/"',
      '[domains.backend]',
      'path = "/path/to/project/backend"',
      'scope = "src/**"',
      'exports = ["Events"]',
      '[[exceptions]]',
      'from = "src/web/index.ts"',
      'to = "src/db/**"',
      'reason = "reads the session table; removal tracked in bd-a1b2"',
      'owner = "@alice"',
      'expires = 2099-12-31',
    );
    const files = tree(config, {
      'src/web/index.ts': "import { api } from '../api/index';\nimport { db } from '../db/index';\nexport const web = api + db;\n",
      'src/web/legacy/old.ts': 'export const old = 1;\n',
      'src/generated/skip.ts': 'export const skipped = 1;\n',
    });
    const report = checkTree(files);
    expect({ code: report.code, errors: report.summary.errors }).toEqual({ code: 0, errors: 0 });
    expect(summarizeFindings(report)).toEqual(['forbidden-import src/web/index.ts -> src/db/index.ts [suppressed]']);
    expect(['src/api/users.ts', 'src/web/index.ts', 'src/web/legacy/old.ts', 'src/db/index.ts'].map((f) => ownerIn(files, f))).toEqual([
      'api',
      'web',
      'legacy',
      'db',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Through the CLI: discovery, --config, --cwd, exit code 2 and stderr, for every command
// ---------------------------------------------------------------------------------------------

const VALID = toml('[settings]', 'unowned = "allow"', '[domains.api]', 'scope = "src/api/**"');
const BROKEN = toml('[settings]', 'unowned = "allow"', '[domains.api]', 'scope = 5');
/** What stderr says for BROKEN, at the root. */
const BROKEN_MESSAGE = `${HEADER_ONE}orchestrator.toml:4:1 (domains.api.scope): must be a glob or an array of globs\n`;

/** Read-only fixtures, made once: every test below runs the CLI in one of them and changes nothing. */
let valid: string;
let broken: string;
beforeAll(() => {
  // VALID at the root; a misspelt orchestrator.toml below packages/app; a broken --config file in ci/.
  valid = repo(VALID, {
    'packages/app/orchestrator.toml': toml('[settings]', 'unowend = "allow"', '[domains.app]', 'scope = "**"'),
    'ci/broken.toml': toml('[settings]', 'unowned = allow'),
  });
  // BROKEN at the root; a valid orchestrator.toml below packages/app, with its own source; a valid --config file in ci/.
  broken = repo(BROKEN, {
    'packages/app/orchestrator.toml': toml('[settings]', 'unowned = "allow"', '[domains.app]', 'scope = "src/**"'),
    'packages/app/src/main.ts': 'export {};\n',
    'ci/guard.toml': toml('[settings]', 'unowned = "allow"', '[domains.ci]', 'scope = "**"'),
  });
});

describe('every command and format reports configuration errors the same way', () => {
  it('check --format json prints the error on stderr and nothing on stdout', () => {
    expect(failedWithCode2(check(broken, '--format', 'json'))).toBe(BROKEN_MESSAGE);
  });

  it('explain', () => {
    expect(failedWithCode2(cli(broken, ['explain', 'src/api/index.ts']))).toBe(BROKEN_MESSAGE);
  });
});

describe('finding orchestrator.toml', () => {
  it('in the nearest directory above the one cn-guard runs in', () => {
    const result = cli(join(valid, 'src/api'), ['check', '--format', 'json']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ summary: { files: 4 } });
  });

  it('points at orchestrator.toml relative to the directory cn-guard runs in', () => {
    expect(failedWithCode2(cli(join(broken, 'src/api'), ['check']))).toContain(
      '../../orchestrator.toml:4:1 (domains.api.scope): must be a glob or an array of globs',
    );
  });

  it('a nearer orchestrator.toml wins over one further up', () => {
    const result = cli(join(broken, 'packages/app/src'), ['check']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('a missing orchestrator.toml exits 2 with a hint to create one or pass --config', () => {
    const empty = mkdtempSync(join(tmpdir(), 'cn-guard-noconfig-'));
    const stderr = failedWithCode2(cli(empty, ['check']));
    expect(stderr).toContain(`cn-guard: no orchestrator.toml in ${empty} or any directory above it`);
    expect(stderr).toContain('create one with `cn-guard init`, or pass --config PATH');
  });

  it('--config PATH uses that file instead of the one found by discovery', () => {
    const result = check(broken, '--config', 'ci/guard.toml');
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('--config PATH names that file in its errors', () => {
    expect(failedWithCode2(check(valid, '--config', 'ci/broken.toml'))).toBe(`${HEADER_ONE}ci/broken.toml:2:11: TOML syntax error: invalid value\n`);
  });

  it('--config PATH that does not exist exits 2 and names the path', () => {
    const stderr = failedWithCode2(check(valid, '--config', 'missing.toml'));
    expect(stderr).toBe('cn-guard: cannot read missing.toml: no such file (given with --config)\n');
  });

  it('--cwd DIR runs as if started in DIR', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'cn-guard-elsewhere-'));
    const result = cli(elsewhere, ['check', '--cwd', valid]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('--cwd DIR discovers from DIR and shows paths relative to it', () => {
    expect(failedWithCode2(check(valid, '--cwd', 'packages/app'))).toBe(
      `${HEADER_ONE}orchestrator.toml:2:1 (settings.unowend): unknown key "unowend"\n  did you mean "unowned"?\n`,
    );
  });
});

describe('usage errors exit 2', () => {
  it.each([
    ['an unknown command', ['chekc'], "unknown command 'chekc'"],
    ['an unknown option', ['check', '--bogus'], "unknown option '--bogus'"],
    ['--format xml, listing the formats', ['check', '--format', 'xml'], 'unknown format "xml"; expected one of text, json'],
    ['--fail-on sometimes', ['check', '--fail-on', 'sometimes'], '--fail-on must be error, warning or never (got "sometimes")'],
    ['a missing argument', ['explain'], "missing required argument 'file'"],
  ])('%s', (_name, args, message) => {
    expect(failedWithCode2(cli(valid, args))).toContain(message);
  });

  it('an unknown command suggests the one that was meant', () => {
    expect(failedWithCode2(cli(valid, ['chekc']))).toContain('(Did you mean check?)');
  });
});
