import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { InitReport } from '../src/report/index.js';
import { CLEAN_ENV, workTree } from './support/hooks.js';
import { cli, type JsonReport, makeRepo, summarizeFindings, type Tree, writeTree } from './support/repo.js';

/** `cn-guard init` (spec §3) and the hook manifests cn-guard ships. */

const HOOK_LINE = 'npx --no-install cn-guard check --staged';
/** This checkout, which the tests run: a project depends on it as `file:<path>` (no registry release yet). */
const CHECKOUT = resolve(import.meta.dirname, '..');
/** The member init adds to devDependencies when the project does not depend on cn-guard yet. */
const SELF = `"cn-guard": ${JSON.stringify(`file:${CHECKOUT}`)}`;

function init(root: string, args: string[] = []): InitReport {
  const result = cli(root, ['init', '--format', 'json', ...args], CLEAN_ENV);
  if (result.code !== 0) throw new Error(`cn-guard init exited ${result.code}\n${result.stderr}${result.stdout}`);
  return JSON.parse(result.stdout) as InitReport;
}

const actions = (report: InitReport) => report.steps.map((s) => `${s.action} ${s.path}`);
const step = (report: InitReport, path: string) => report.steps.find((s) => s.path === path);
const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');

/** Runs a cn-guard binary other than this checkout's. */
function spawnCli(bin: string, cwd: string, args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...CLEAN_ENV, NO_COLOR: '1' } });
}

/** The domains of a generated orchestrator.toml: name → scope. */
function domainsOf(toml: string): Record<string, unknown> {
  const parsed = parseToml(toml) as { domains: Record<string, { scope: unknown }> };
  return Object.fromEntries(Object.entries(parsed.domains).map(([name, d]) => [name, d.scope]));
}

/** The commented-out `forbidden_imports` suggestion of each domain (absent when there is none). */
function suggestions(toml: string): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  let domain: string | undefined;
  for (const line of toml.split('\n')) {
    const header = /^\[domains\.([^\]]+)\]$/.exec(line);
    if (header) domain = header[1];
    const suggestion = /^# forbidden_imports = (\[.*\])$/.exec(line);
    if (suggestion && domain) result[domain] = JSON.parse(suggestion[1]!) as string[];
  }
  return result;
}

/** The generated file with its suggestions taken up, as the comment invites. */
const uncommented = (toml: string) => toml.replace(/^# forbidden_imports = /gm, 'forbidden_imports = ');

function check(root: string) {
  const result = cli(root, ['check', '--format', 'json'], CLEAN_ENV);
  if (result.code !== 0 && result.code !== 1) throw new Error(`cn-guard check exited ${result.code}\n${result.stderr}`);
  return { ...JSON.parse(result.stdout), code: result.code } as JsonReport & { code: number };
}

/** npm workspaces: the package in packages/utils is named @acme/util-lib. web and util-lib use core. */
const MONOREPO: Tree = {
  'package.json': '{\n  "name": "mono",\n  "private": true,\n  "workspaces": [\n    "packages/*"\n  ]\n}\n',
  'packages/core/package.json': '{ "name": "@acme/core", "main": "src/index.ts" }\n',
  'packages/core/src/index.ts': 'export const core = 1;\n',
  'packages/utils/package.json': '{ "name": "@acme/util-lib", "main": "src/index.ts" }\n',
  'packages/utils/src/index.ts': "import { core } from '@acme/core';\nexport const util = core;\n",
  'packages/web/package.json': '{ "name": "@acme/web", "main": "src/index.ts" }\n',
  'packages/web/src/index.ts': "import { core } from '@acme/core';\nexport const web = core;\n",
  'packages/web/src/page.ts': "import { web } from './index';\nexport const page = web;\n",
};

/**
 * A plain src/ layout: api uses db and shared; ui re-exports api and shared; db requires shared;
 * shared uses nobody. src/main.ts is outside every folder, src/styles holds no sources.
 */
const SRC_LAYOUT: Tree = {
  'package.json': '{\n  "name": "app",\n  "version": "1.0.0"\n}\n',
  'src/main.ts': "import { view } from './ui/view';\nconsole.log(view);\n",
  'src/api/users.ts': "import { client } from '../db/client';\nimport { id } from '../shared/id';\nexport const users = [client, id];\n",
  'src/db/client.ts': "const { id } = require('../shared/id');\nexport const client = id;\n",
  'src/shared/id.ts': 'export const id = 1;\n',
  'src/ui/view.ts': "export * from '../api/users';\nexport const view = import('../shared/id');\n",
  'src/styles/site.css': 'body {}\n',
};

describe('cn-guard init: domains inferred from the layout', () => {
  it('an npm-workspaces monorepo: one domain per package, named after the package, scoped to its folder', () => {
    const root = makeRepo(MONOREPO);
    expect(actions(init(root))).toEqual([
      'created orchestrator.toml',
      'updated package.json',
      'created .husky/pre-commit',
      'created .github/workflows/cn-guard.yml',
    ]);
    const toml = read(root, 'orchestrator.toml');
    expect(domainsOf(toml)).toEqual({
      core: ['packages/core/**'],
      'util-lib': ['packages/utils/**'],
      web: ['packages/web/**'],
    });
    expect(Object.keys(domainsOf(toml))).toEqual(['core', 'util-lib', 'web']);
    expect(suggestions(toml)).toEqual({
      core: ['packages/utils/**', 'packages/web/**'],
      'util-lib': ['packages/web/**'],
      web: ['packages/utils/**'],
    });
    expect(toml).toContain(
      '[domains.web]\nscope = ["packages/web/**"]\n# agent_name = "web-agent"\n# web imports none of these today; uncomment to keep it that way:\n# forbidden_imports = ["packages/utils/**"]\n',
    );
    // What cn-guard owns is all it writes: no other tables.
    expect(Object.keys(parseToml(toml))).toEqual(['settings', 'domains']);
  });

  it('the generated monorepo configuration passes cn-guard check, and so do its suggestions taken up', () => {
    const root = makeRepo(MONOREPO);
    init(root);
    const report = check(root);
    expect(report.code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.summary).toMatchObject({ files: 4, edges: 3 });
    writeTree(root, { 'orchestrator.toml': uncommented(read(root, 'orchestrator.toml')) });
    const strict = check(root);
    expect(strict.code).toBe(0);
    expect(strict.findings).toEqual([]);
    // The suggestions do mean something: a new web → util-lib import now fails.
    writeTree(root, { 'packages/web/src/more.ts': "import { util } from '@acme/util-lib';\nexport const more = util;\n" });
    expect(summarizeFindings(check(root))).toEqual(['forbidden-import packages/web/src/more.ts -> packages/utils/src/index.ts']);
  });

  it('a plain src/ layout: one domain per folder under src/ that holds sources', () => {
    const root = makeRepo(SRC_LAYOUT);
    init(root);
    const toml = read(root, 'orchestrator.toml');
    expect(domainsOf(toml)).toEqual({
      api: ['src/api/**'],
      db: ['src/db/**'],
      shared: ['src/shared/**'],
      ui: ['src/ui/**'],
    });
    expect(Object.keys(domainsOf(toml))).toEqual(['api', 'db', 'shared', 'ui']);
    // Static imports, require(), export … from and import() all count as "imports today".
    expect(suggestions(toml)).toEqual({
      api: ['src/ui/**'],
      db: ['src/api/**', 'src/ui/**'],
      shared: ['src/api/**', 'src/db/**', 'src/ui/**'],
      ui: ['src/db/**'],
    });
  });

  it('the generated src/ configuration passes cn-guard check (src/main.ts is merely unowned), and so do its suggestions', () => {
    const root = makeRepo(SRC_LAYOUT);
    init(root);
    const report = check(root);
    expect(report.code).toBe(0);
    expect(summarizeFindings(report)).toEqual(['unowned-file src/main.ts']);
    writeTree(root, { 'orchestrator.toml': uncommented(read(root, 'orchestrator.toml')) });
    const strict = check(root);
    expect(strict.code).toBe(0);
    expect(summarizeFindings(strict)).toEqual(['unowned-file src/main.ts']);
    writeTree(root, { 'src/shared/bad.ts': "import { users } from '../api/users';\nexport const bad = users;\n" });
    expect(summarizeFindings(check(root), ['forbidden-import'])).toEqual(['forbidden-import src/shared/bad.ts -> src/api/users.ts']);
  });

  it('a domain that imports every other one gets no suggestion', () => {
    const root = makeRepo({
      'src/a/a.ts': "import { b } from '../b/b';\nexport const a = b;\n",
      'src/b/b.ts': "import { a } from '../a/a';\nexport const b = a;\n",
    });
    init(root);
    const toml = read(root, 'orchestrator.toml');
    expect(suggestions(toml)).toEqual({});
    expect(toml).not.toContain('forbidden_imports');
  });
});

/** src/a imports src/b; tests, fixtures and build output around them, as a real repository has. */
const FIRST_TEN_MINUTES: Tree = {
  'package.json': '{\n  "name": "app"\n}\n',
  'src/a/a.ts': "import { b } from '../b/b';\nexport const a = b;\n",
  'src/b/b.ts': 'export const b = 1;\n',
  // A module named like an output folder, inside src/: source code, not output.
  'src/build/steps.ts': "import { a } from '../a/a';\nexport const steps = [a];\n",
  'src/b/legacy.js': 'export const legacy = (;\n',
  'test/a.test.ts': "import { a } from '../src/a/a';\nconsole.log(a);\n",
  'test/fixtures/broken.ts': 'const x = (;\n',
  'test/fixtures/ok.ts': "import { nothing } from './missing';\n",
  'dist/bundle.js': 'var a=1;export{a};\n',
  'coverage/x.js': 'var covered = 1;\n',
  'vendor/left-pad.js': 'export default function leftPad() {}\n',
  'public/jquery.min.js': '!function(){}();\n',
};

describe('cn-guard init: the first check reports boundaries, nothing else', () => {
  it('excludes fixtures, output and files that do not parse, each with why; then check passes with no finding at all', () => {
    const root = makeRepo(FIRST_TEN_MINUTES);
    const report = init(root);
    expect(report.excluded).toEqual([
      { pattern: '**/*.min.js', reason: 'minified code' },
      { pattern: '**/fixtures/**', reason: 'test fixtures' },
      { pattern: 'coverage/**', reason: 'coverage report' },
      { pattern: 'dist/**', reason: 'build output' },
      { pattern: 'vendor/**', reason: 'vendored code' },
      { pattern: 'src/b/legacy.js', reason: "does not parse (1:23: '(' is never closed)" },
    ]);
    const toml = read(root, 'orchestrator.toml');
    expect(toml).toContain('exclude = [\n  "**/*.min.js", # minified code\n  "**/fixtures/**", # test fixtures\n');
    expect(toml).toContain(`  "src/b/legacy.js", # does not parse (1:23: '(' is never closed)\n]\n`);
    // Only names that exist are listed; src/build is a module, and test/ a domain of its own.
    expect(toml).not.toContain('__mocks__/**"');
    expect(domainsOf(toml)).toEqual({ a: ['src/a/**'], b: ['src/b/**'], build: ['src/build/**'], test: ['test/**'] });
    const first = check(root);
    expect(first.code).toBe(0);
    expect(first.findings).toEqual([]);
    // A boundary planted on purpose is what fails it.
    writeTree(root, { 'orchestrator.toml': uncommented(toml), 'src/b/bad.ts': "import { a } from '../a/a';\nexport const bad = a;\n" });
    const planted = check(root);
    expect(planted.code).toBe(1);
    expect(summarizeFindings(planted)).toEqual(['forbidden-import src/b/bad.ts -> src/a/a.ts']);
  });

  it('folders outside the layout become domains; files beside the domains are reported by folder, with the domain that would claim them', () => {
    const root = makeRepo({
      'package.json': '{ "name": "app" }\n',
      'src/a/a.ts': 'export const a = 1;\n',
      'src/b/b.ts': 'export const b = 1;\n',
      'src/main.ts': "import { a } from './a/a';\nimport { b } from './b/b';\nimport { a as again } from './a/a.js';\nconsole.log(a, b, again);\n",
      'src/cli.ts': "import { b } from './b/b';\nconsole.log(b);\n",
      'src/polyfill.ts': "import './a/a';\nexport {};\n",
      'eslint.config.js': 'export default [];\n',
      'tools/release.ts': "import { a } from '../src/a/a';\nconsole.log(a);\n",
      'scripts/deep/gen.js': 'console.log(1);\n',
    });
    const report = init(root);
    const toml = read(root, 'orchestrator.toml');
    expect(domainsOf(toml)).toEqual({ a: ['src/a/**'], b: ['src/b/**'], scripts: ['scripts/**'], tools: ['tools/**'] });
    expect(toml).toContain(
      '[domains.tools]\n# tools/ lies outside the layout above: a domain of its own, so that its files are owned.\nscope = ["tools/**"]\n',
    );
    expect(report.unowned).toEqual([
      { folder: '.', files: 1, suggestion: 'leave it unowned, or add "eslint.config.js" to a new domain\'s scope' },
      { folder: 'src', files: 3, domain: 'a', suggestion: 'add "src/*" to domain a\'s scope (3 imports link them to it)' },
    ]);
    const text = cli(root, ['init'], CLEAN_ENV);
    expect(text.stdout).toContain(
      'Left unowned (reported as warnings by `cn-guard check`):\n' +
        '  ./  1 source file  → leave it unowned, or add "eslint.config.js" to a new domain\'s scope\n' +
        '  src/  3 source files  → add "src/*" to domain a\'s scope (3 imports link them to it)\n',
    );
    const checked = check(root);
    expect(checked.code).toBe(0);
    expect(summarizeFindings(checked)).toEqual([
      'unowned-file eslint.config.js',
      'unowned-file src/cli.ts',
      'unowned-file src/main.ts',
      'unowned-file src/polyfill.ts',
    ]);
  });
});

describe('cn-guard init: cn-guard in devDependencies, so that the hook finds it', () => {
  it('a running checkout is added as file:<its folder>, with a note to replace it for teammates', () => {
    const root = makeRepo({
      'package.json': '{\n  "name": "app",\n  "devDependencies": {\n    "husky": "^9.0.0"\n  }\n}\n',
      'src/a/a.ts': 'export const a = 1;\n',
    });
    const report = init(root);
    expect(read(root, 'package.json')).toBe(
      `{\n  "name": "app",\n  "devDependencies": {\n    ${SELF},\n    "husky": "^9.0.0"\n  },\n  "scripts": {\n    "prepare": "husky"\n  }\n}\n`,
    );
    expect(report.next).toContain(
      `devDependencies.cn-guard is "file:${CHECKOUT}", a folder on this machine: replace it with a git URL or a tarball your teammates and CI can install`,
    );
  });

  it('not added when the project already depends on it, in dependencies or devDependencies', () => {
    for (const list of ['dependencies', 'devDependencies']) {
      const original = `{\n  "name": "app",\n  "scripts": { "prepare": "husky" },\n  "${list}": { "cn-guard": "^0.1.0", "husky": "^9.0.0" }\n}\n`;
      const root = makeRepo({ 'package.json': original, 'src/a/a.ts': 'export const a = 1;\n' });
      const report = init(root);
      expect(step(report, 'package.json')?.action).toBe('unchanged');
      expect(read(root, 'package.json')).toBe(original);
      expect(report.next.join('\n')).not.toContain('devDependencies.cn-guard');
    }
  });

  it('an installed cn-guard reuses the spec its project recorded, a relative file: path made absolute', () => {
    // A project that ran `npm install ../cn-guard-0.1.0.tgz`: the spec is relative to its package.json.
    const host = makeRepo({ 'package.json': '{ "devDependencies": { "cn-guard": "file:../cn-guard-0.1.0.tgz" } }\n' }, { git: false });
    const installed = join(host, 'node_modules/cn-guard');
    for (const path of ['package.json', 'bin/cn-guard.js', 'dist/cli.js']) cpSync(join(CHECKOUT, path), join(installed, path), { recursive: true });
    const root = makeRepo({ 'package.json': '{ "name": "app", "devDependencies": { "husky": "^9.0.0" } }\n', 'src/a/a.ts': 'export const a = 1;\n' });
    const result = spawnCli(join(installed, 'bin/cn-guard.js'), root, ['init', '--format', 'json']);
    expect(result.status, result.stderr).toBe(0);
    const spec = `file:${resolve(host, '../cn-guard-0.1.0.tgz')}`;
    expect(read(root, 'package.json')).toBe(
      `{ "name": "app", "devDependencies": { "cn-guard": ${JSON.stringify(spec)}, "husky": "^9.0.0" }, "scripts": { "prepare": "husky" } }\n`,
    );
  });
});

describe('cn-guard init: package.json is edited, never re-serialised', () => {
  /** init on this package.json: the file afterwards. */
  function edited(original: string): string {
    const root = makeRepo({ 'package.json': original, 'src/a/a.ts': 'export const a = 1;\n' });
    init(root);
    return read(root, 'package.json');
  }

  it('big integers, 1.0, numeric keys, a duplicate key elsewhere and a one-line object stay as they were', () => {
    const original =
      '{\n  "name": "app",\n  "2": "two",\n  "1": "one",\n  "big": 12345678901234567890,\n  "float": 1.0,\n  "name": "again",\n  "devDependencies": { "cn-guard": "^0.1.0" }\n}\n';
    expect(edited(original)).toBe(
      '{\n  "name": "app",\n  "2": "two",\n  "1": "one",\n  "big": 12345678901234567890,\n  "float": 1.0,\n  "name": "again",\n' +
        '  "devDependencies": { "cn-guard": "^0.1.0", "husky": "^9.1.7" },\n  "scripts": {\n    "prepare": "husky"\n  }\n}\n',
    );
  });

  it('a one-line file stays one line, in its own spacing', () => {
    expect(edited('{"name":"app","version":"1.0.0"}')).toBe(
      `{"name":"app","version":"1.0.0","scripts":{"prepare":"husky"},"devDependencies":{${SELF.replace(': ', ':')},"husky":"^9.1.7"}}`,
    );
    expect(edited('{ "name": "app" }\n')).toBe(`{ "name": "app", "scripts": { "prepare": "husky" }, "devDependencies": { ${SELF}, "husky": "^9.1.7" } }\n`);
  });

  it("an escaped prepare script keeps its escapes; empty objects are filled in the file's indentation", () => {
    expect(edited('{\n  "scripts": {\n    "prepare": "tsc \\u0026\\u0026 echo \\"built\\""\n  },\n  "devDependencies": {}\n}\n')).toBe(
      `{\n  "scripts": {\n    "prepare": "tsc \\u0026\\u0026 echo \\"built\\" && husky"\n  },\n  "devDependencies": {\n    ${SELF},\n    "husky": "^9.1.7"\n  }\n}\n`,
    );
    expect(edited('{}\n')).toBe(`{\n  "scripts": {\n    "prepare": "husky"\n  },\n  "devDependencies": {\n    ${SELF},\n    "husky": "^9.1.7"\n  }\n}\n`);
  });

  it('unsorted devDependencies get the new ones appended', () => {
    expect(edited('{\n  "devDependencies": {\n    "zod": "1",\n    "ajv": "2"\n  },\n  "scripts": { "prepare": "husky" }\n}\n')).toBe(
      `{\n  "devDependencies": {\n    "zod": "1",\n    "ajv": "2",\n    "husky": "^9.1.7",\n    ${SELF}\n  },\n  "scripts": { "prepare": "husky" }\n}\n`,
    );
  });
});

describe('cn-guard init: the workflow runs the cn-guard GitHub Action', () => {
  it('on pull requests and pushes to main, with the history and least privileges, whatever Node or package manager the project uses', () => {
    const root = makeRepo({
      'package.json': JSON.stringify({ name: 'app', engines: { node: '~20.5.0' }, packageManager: 'pnpm@10.0.0' }),
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      'src/a/a.ts': 'export const a = 1;\n',
    });
    init(root);
    const workflow = parseYaml(read(root, '.github/workflows/cn-guard.yml')) as {
      on: Record<string, unknown>;
      permissions: Record<string, string>;
      jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown>; run?: string }[] }>;
    };
    expect(Object.keys(workflow.on)).toEqual(['pull_request', 'push']);
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    expect(steps).toEqual([{ uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } }, { uses: expect.stringMatching(/^[\w.-]+\/[\w.-]+@v\d+\.\d+\.\d+$/) }]);
    // The Action is self-contained and runs on the runner's Node: nothing to install, no Node to choose.
    expect(steps.some((step) => step.run !== undefined || step.uses?.startsWith('actions/setup-node'))).toBe(false);
  });
});

describe('cn-guard init: husky', () => {
  it('adds prepare: "husky", husky and cn-guard as devDependencies (where npm sorts them), keeping 4-space indentation and every other key', () => {
    const original =
      '{\n    "name": "app",\n    "version": "1.0.0",\n    "scripts": {\n        "test": "vitest"\n    },\n    "devDependencies": {\n        "vitest": "^4.0.0"\n    }\n}\n';
    const root = makeRepo({ 'package.json': original, 'src/a/a.ts': 'export const a = 1;\n' });
    expect(step(init(root), 'package.json')).toEqual({
      path: 'package.json',
      action: 'updated',
      note: 'added scripts.prepare, devDependencies.husky, devDependencies.cn-guard',
    });
    expect(read(root, 'package.json')).toBe(
      '{\n    "name": "app",\n    "version": "1.0.0",\n    "scripts": {\n        "test": "vitest",\n        "prepare": "husky"\n    },\n' +
        `    "devDependencies": {\n        ${SELF},\n        "husky": "^9.1.7",\n        "vitest": "^4.0.0"\n    }\n}\n`,
    );
  });

  it('extends an existing prepare script, keeping tab indentation', () => {
    const root = makeRepo({
      'package.json': '{\n\t"name": "app",\n\t"scripts": {\n\t\t"prepare": "npm run build"\n\t}\n}\n',
      'src/a/a.ts': 'export const a = 1;\n',
    });
    init(root);
    expect(read(root, 'package.json')).toBe(
      `{\n\t"name": "app",\n\t"scripts": {\n\t\t"prepare": "npm run build && husky"\n\t},\n\t"devDependencies": {\n\t\t${SELF},\n\t\t"husky": "^9.1.7"\n\t}\n}\n`,
    );
  });

  it('leaves a package.json that already runs husky and depends on cn-guard byte for byte as it was', () => {
    const original =
      '{\n  "name": "app",\n  "scripts": { "prepare": "husky || true" },\n  "devDependencies": { "husky": "9.0.0", "cn-guard": "github:acme/cn-guard" }\n}\n';
    const root = makeRepo({ 'package.json': original, 'src/a/a.ts': 'export const a = 1;\n' });
    expect(step(init(root), 'package.json')?.action).toBe('unchanged');
    expect(read(root, 'package.json')).toBe(original);
  });

  it('keeps a CRLF package.json CRLF, with its indentation', () => {
    const root = makeRepo({
      'package.json': '{\r\n\t"name": "app",\r\n\t"scripts": {\r\n\t\t"prepare": "npm run build"\r\n\t}\r\n}\r\n',
      'src/a/a.ts': 'export const a = 1;\n',
    });
    init(root);
    expect(read(root, 'package.json')).toBe(
      `{\r\n\t"name": "app",\r\n\t"scripts": {\r\n\t\t"prepare": "npm run build && husky"\r\n\t},\r\n\t"devDependencies": {\r\n\t\t${SELF},\r\n\t\t"husky": "^9.1.7"\r\n\t}\r\n}\r\n`,
    );
  });

  it('writes .husky/pre-commit with the staged check, executable', () => {
    const root = makeRepo({ 'package.json': '{ "name": "app" }\n', 'src/a/a.ts': 'export const a = 1;\n' });
    init(root);
    expect(read(root, '.husky/pre-commit')).toBe(`${HOOK_LINE}\n`);
    expect(statSync(join(root, '.husky/pre-commit')).mode & 0o111).toBe(0o111);
  });

  it('appends to an existing hook instead of replacing it, with or without a final newline', () => {
    for (const [existing, expected] of [
      ['npm test\n', `npm test\n${HOOK_LINE}\n`],
      ['npx lint-staged', `npx lint-staged\n${HOOK_LINE}\n`],
    ] as const) {
      const root = makeRepo({ 'package.json': '{ "name": "app" }\n', 'src/a/a.ts': 'export const a = 1;\n', '.husky/pre-commit': existing });
      expect(step(init(root), '.husky/pre-commit')?.action).toBe('updated');
      expect(read(root, '.husky/pre-commit')).toBe(expected);
    }
  });

  it('leaves a hook that already runs the staged check alone', () => {
    const hook = 'npm test\nnpx cn-guard check --staged --domain web\n';
    const root = makeRepo({ 'package.json': '{ "name": "app" }\n', 'src/a/a.ts': 'export const a = 1;\n', '.husky/pre-commit': hook });
    expect(step(init(root), '.husky/pre-commit')?.action).toBe('unchanged');
    expect(read(root, '.husky/pre-commit')).toBe(hook);
  });

  it('without a package.json: no husky, but the configuration and the workflow', () => {
    const root = makeRepo({ 'src/a/a.ts': 'export const a = 1;\n', 'src/b/b.ts': 'export const b = 1;\n' });
    const report = init(root);
    expect(actions(report)).toEqual(['created orchestrator.toml', 'skipped package.json', 'created .github/workflows/cn-guard.yml']);
    expect(report.steps[1]!.note).toContain('hooks/pre-commit');
    expect(Object.keys(workTree(root)).sort()).toEqual(['.github/workflows/cn-guard.yml', 'orchestrator.toml', 'src/a/a.ts', 'src/b/b.ts']);
  });
});

describe('cn-guard init: idempotent, and never overwrites without --force', () => {
  it('a second run changes nothing, byte for byte', () => {
    for (const tree of [MONOREPO, SRC_LAYOUT]) {
      const root = makeRepo(tree);
      init(root);
      const first = workTree(root);
      const second = init(root);
      expect(workTree(root)).toEqual(first);
      expect(second.steps.filter((s) => s.action === 'created' || s.action === 'updated')).toEqual([]);
      // --force twice: the second is a no-op as well.
      init(root, ['--force']);
      const forced = workTree(root);
      const again = init(root, ['--force']);
      expect(workTree(root)).toEqual(forced);
      expect(again.steps.filter((s) => s.action === 'created' || s.action === 'updated')).toEqual([]);
    }
  });

  it('keeps an existing orchestrator.toml and workflow without --force, and replaces them with it', () => {
    const mine = '# mine\n[domains.app]\nscope = "src/**"\n';
    const myWorkflow = 'name: mine\n';
    const root = makeRepo({ ...SRC_LAYOUT, 'orchestrator.toml': mine, '.github/workflows/cn-guard.yml': myWorkflow });
    const report = init(root);
    expect(report.steps.filter((s) => s.action === 'skipped').map((s) => s.path)).toEqual(['orchestrator.toml', '.github/workflows/cn-guard.yml']);
    expect(step(report, 'orchestrator.toml')?.note).toContain('--force');
    // The exclusions and unowned folders describe a proposal that was not written: none are reported.
    expect(report.unowned).toEqual([]);
    expect(read(root, 'orchestrator.toml')).toBe(mine);
    expect(read(root, '.github/workflows/cn-guard.yml')).toBe(myWorkflow);

    // What --force writes is exactly what a fresh init infers.
    const fresh = makeRepo(SRC_LAYOUT);
    init(fresh);
    const forced = init(root, ['--force']);
    expect(actions(forced).filter((a) => !a.endsWith(' package.json') && !a.endsWith(' .husky/pre-commit'))).toEqual([
      'updated orchestrator.toml',
      'updated .github/workflows/cn-guard.yml',
    ]);
    expect(read(root, 'orchestrator.toml')).toBe(read(fresh, 'orchestrator.toml'));
    expect(read(root, '.github/workflows/cn-guard.yml')).toBe(read(fresh, '.github/workflows/cn-guard.yml'));
  });
});

describe('the shipped pre-commit framework manifest', () => {
  it('.pre-commit-hooks.yaml parses and runs the staged check once, on every commit, without file names', () => {
    const text = readFileSync(resolve(import.meta.dirname, '../.pre-commit-hooks.yaml'), 'utf8');
    const hooks = parseYaml(text) as Record<string, unknown>[];
    expect(Array.isArray(hooks)).toBe(true);
    expect(hooks).toHaveLength(1);
    const [hook] = hooks;
    expect(hook).toMatchObject({
      id: 'cn-guard',
      entry: 'cn-guard check --staged',
      language: 'node',
      pass_filenames: false,
      always_run: true,
      require_serial: true,
    });
    expect(hook!.stages).toEqual(expect.arrayContaining(['pre-commit', 'pre-merge-commit']));
    // language: node installs this package: its entry must be one of its bins.
    const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(Object.keys(manifest.bin)).toContain(String(hook!.entry).split(' ')[0]);
  });
});
