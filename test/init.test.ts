import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CLEAN_ENV, workTree } from './support/hooks.js';
import { cli, makeRepo, summarizeFindings, writeTree, type Tree } from './support/repo.js';

/** `cn-guard init` (spec §3) and the hook manifests cn-guard ships. */

const HOOK_LINE = 'npx --no-install cn-guard check --staged';

interface Step {
  path: string;
  action: 'created' | 'updated' | 'unchanged' | 'skipped';
  note?: string;
}

function init(root: string, args: string[] = []): Step[] {
  const result = cli(root, ['init', '--format', 'json', ...args], CLEAN_ENV);
  if (result.code !== 0) throw new Error(`cn-guard init exited ${result.code}\n${result.stderr}${result.stdout}`);
  return JSON.parse(result.stdout) as Step[];
}

const actions = (steps: Step[]) => steps.map((s) => `${s.action} ${s.path}`);
const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');

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
  return { ...JSON.parse(result.stdout), code: result.code } as Parameters<typeof summarizeFindings>[0] & { code: number };
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
    expect(toml).toContain('[domains.web]\nscope = ["packages/web/**"]\n# agent_name = "web-agent"\n# web imports none of these today; uncomment to keep it that way:\n# forbidden_imports = ["packages/utils/**"]\n');
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

describe('cn-guard init: husky', () => {
  it('adds prepare: "husky" and husky as a devDependency, keeping 4-space indentation and every other key', () => {
    const original = '{\n    "name": "app",\n    "version": "1.0.0",\n    "scripts": {\n        "test": "vitest"\n    },\n    "devDependencies": {\n        "vitest": "^4.0.0"\n    }\n}\n';
    const root = makeRepo({ 'package.json': original, 'src/a/a.ts': 'export const a = 1;\n' });
    init(root);
    expect(read(root, 'package.json')).toBe(
      '{\n    "name": "app",\n    "version": "1.0.0",\n    "scripts": {\n        "test": "vitest",\n        "prepare": "husky"\n    },\n' +
      '    "devDependencies": {\n        "vitest": "^4.0.0",\n        "husky": "^9.1.7"\n    }\n}\n',
    );
  });

  it('extends an existing prepare script, keeping tab indentation', () => {
    const root = makeRepo({
      'package.json': '{\n\t"name": "app",\n\t"scripts": {\n\t\t"prepare": "npm run build"\n\t}\n}\n',
      'src/a/a.ts': 'export const a = 1;\n',
    });
    init(root);
    expect(read(root, 'package.json')).toBe(
      '{\n\t"name": "app",\n\t"scripts": {\n\t\t"prepare": "npm run build && husky"\n\t},\n\t"devDependencies": {\n\t\t"husky": "^9.1.7"\n\t}\n}\n',
    );
  });

  // BUG (src/main/init.ts, setUpHusky): when prepare already runs husky and husky is already a
  // devDependency, nothing needs to change, yet the file is re-serialised with JSON.stringify
  // (inline objects expanded) and reported "updated … prepare script and husky". Fix: track whether
  // the manifest object was modified and write (and report "updated") only then.
  it('leaves a package.json that already runs husky byte for byte as it was', () => {
    const original = '{\n  "name": "app",\n  "scripts": { "prepare": "husky || true" },\n  "devDependencies": { "husky": "9.0.0" }\n}\n';
    const root = makeRepo({ 'package.json': original, 'src/a/a.ts': 'export const a = 1;\n' });
    const steps = init(root);
    expect(steps.find((s) => s.path === 'package.json')?.action).toBe('unchanged');
    expect(read(root, 'package.json')).toBe(original);
  });

  // BUG (src/main/init.ts, setUpHusky): the indentation is detected with /^\s+/m, and in a CRLF
  // file `^` also matches after the \r, so the "indent" is "\n\t": every line gets a blank line
  // before it and the CRLF endings are lost. Fix: detect the indent with /^([ \t]+)\S/m and keep the
  // line ending (`const eol = text.includes('\r\n') ? '\r\n' : '\n'`, join with it).
  it('keeps a CRLF package.json CRLF, with its indentation', () => {
    const root = makeRepo({
      'package.json': '{\r\n\t"name": "app",\r\n\t"scripts": {\r\n\t\t"prepare": "npm run build"\r\n\t}\r\n}\r\n',
      'src/a/a.ts': 'export const a = 1;\n',
    });
    init(root);
    expect(read(root, 'package.json')).toBe(
      '{\r\n\t"name": "app",\r\n\t"scripts": {\r\n\t\t"prepare": "npm run build && husky"\r\n\t},\r\n\t"devDependencies": {\r\n\t\t"husky": "^9.1.7"\r\n\t}\r\n}\r\n',
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
      const steps = init(root);
      expect(steps.find((s) => s.path === '.husky/pre-commit')?.action).toBe('updated');
      expect(read(root, '.husky/pre-commit')).toBe(expected);
    }
  });

  it('leaves a hook that already runs the staged check alone', () => {
    const hook = 'npm test\nnpx cn-guard check --staged --domain web\n';
    const root = makeRepo({ 'package.json': '{ "name": "app" }\n', 'src/a/a.ts': 'export const a = 1;\n', '.husky/pre-commit': hook });
    const steps = init(root);
    expect(steps.find((s) => s.path === '.husky/pre-commit')?.action).toBe('unchanged');
    expect(read(root, '.husky/pre-commit')).toBe(hook);
  });

  it('without a package.json: no husky, but the configuration and the workflow', () => {
    const root = makeRepo({ 'src/a/a.ts': 'export const a = 1;\n', 'src/b/b.ts': 'export const b = 1;\n' });
    const steps = init(root);
    expect(actions(steps)).toEqual(['created orchestrator.toml', 'skipped package.json', 'created .github/workflows/cn-guard.yml']);
    expect(steps[1]!.note).toContain('hooks/pre-commit');
    expect(Object.keys(workTree(root)).sort()).toEqual(['.github/workflows/cn-guard.yml', 'orchestrator.toml', 'src/a/a.ts', 'src/b/b.ts']);
  });
});

describe('cn-guard init: the workflow', () => {
  it('.github/workflows/cn-guard.yml checks pull requests with the full history and check --base', () => {
    const root = makeRepo(SRC_LAYOUT);
    init(root);
    const workflow = parseYaml(read(root, '.github/workflows/cn-guard.yml')) as {
      on: Record<string, unknown>;
      permissions: Record<string, string>;
      jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown>; run?: string }[] }>;
    };
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const checkout = steps.filter((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout).toHaveLength(1);
    expect(checkout[0]!.with).toEqual({ 'fetch-depth': 0 });
    const runs = steps.flatMap((s) => (s.run ? [s.run] : []));
    expect(runs.filter((r) => r.includes('cn-guard'))).toEqual(['npx --no-install cn-guard check --base "origin/${{ github.base_ref }}"']);
    // The checkout comes before the check.
    expect(steps.indexOf(checkout[0]!)).toBeLessThan(steps.findIndex((s) => s.run?.includes('cn-guard check --base')));
  });
});

describe('cn-guard init: idempotent, and never overwrites without --force', () => {
  it('a second run changes nothing, byte for byte', () => {
    for (const tree of [MONOREPO, SRC_LAYOUT]) {
      const root = makeRepo(tree);
      init(root);
      const first = workTree(root);
      const steps = init(root);
      expect(workTree(root)).toEqual(first);
      expect(steps.filter((s) => s.action === 'created' || s.action === 'updated')).toEqual([]);
      // --force twice: the second is a no-op as well.
      init(root, ['--force']);
      const forced = workTree(root);
      const again = init(root, ['--force']);
      expect(workTree(root)).toEqual(forced);
      expect(again.filter((s) => s.action === 'created' || s.action === 'updated')).toEqual([]);
    }
  });

  it('keeps an existing orchestrator.toml and workflow without --force, and replaces them with it', () => {
    const mine = '# mine\n[domains.app]\nscope = "src/**"\n';
    const myWorkflow = 'name: mine\n';
    const root = makeRepo({ ...SRC_LAYOUT, 'orchestrator.toml': mine, '.github/workflows/cn-guard.yml': myWorkflow });
    const steps = init(root);
    expect(steps.filter((s) => s.action === 'skipped').map((s) => s.path)).toEqual(['orchestrator.toml', '.github/workflows/cn-guard.yml']);
    expect(steps.find((s) => s.path === 'orchestrator.toml')?.note).toContain('--force');
    expect(read(root, 'orchestrator.toml')).toBe(mine);
    expect(read(root, '.github/workflows/cn-guard.yml')).toBe(myWorkflow);

    // What --force writes is exactly what a fresh init infers.
    const fresh = makeRepo(SRC_LAYOUT);
    init(fresh);
    const forced = init(root, ['--force']);
    expect(forced.filter((s) => s.path !== 'package.json' && s.path !== '.husky/pre-commit').map((s) => `${s.action} ${s.path}`)).toEqual([
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
