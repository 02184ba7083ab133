import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check, commit, lines, run } from './support/history.js';
import { git, makeRepo, writeTree } from './support/repo.js';

/**
 * What a check reads: in staged and PR mode, only the snapshot (the index, the commits), never
 * whatever happens to be checked out; in every mode, nothing outside the repository.
 */

const outside: string[] = [];
afterAll(() => {
  for (const dir of outside.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function outsideDir(tree: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'cn-guard-outside-'));
  outside.push(dir);
  writeTree(dir, tree);
  return dir;
}

describe('PR mode reads both commits, whatever is checked out', () => {
  it('a directory scope the branch adds gives the same findings from either checkout', () => {
    const root = makeRepo({ 'orchestrator.toml': '[domains.web]\nscope = "src/web"\n', 'src/web/page.ts': 'export const page = 1;\n' });
    git(root, 'checkout', '-q', '-b', 'feature');
    commit(
      root,
      {
        'orchestrator.toml': '[domains.web]\nscope = "src/web"\nforbidden_imports = ["src/api"]\n[domains.api]\nscope = "src/api"\n',
        'src/api/users.ts': 'export const users = 1;\n',
        'src/web/page.ts': "import { users } from '../api/users';\nexport const page = users;\n",
      },
      'api domain',
    );
    const fromFeature = check(root, ['--base', 'main', '--head', 'feature', '--allow-policy-change']);
    git(root, 'checkout', '-q', 'main');
    const fromMain = check(root, ['--base', 'main', '--head', 'feature', '--allow-policy-change']);
    expect(lines(fromFeature, ['forbidden-import'])).toEqual(['forbidden-import src/web/page.ts -> src/api/users.ts [new]']);
    expect(fromMain.findings).toEqual(fromFeature.findings);
    expect(fromMain.code).toBe(fromFeature.code);
  });

  it('the policy diff reads the previous configuration against the previous tree', () => {
    // `scope = "src/web"` was a folder then and is one now: no scope change to report.
    const root = makeRepo({ 'orchestrator.toml': '[domains.web]\nscope = "src/web"\n', 'src/web/page.ts': '' });
    git(root, 'checkout', '-q', '-b', 'feature');
    commit(root, { 'orchestrator.toml': '[domains.web]\nscope = "src/web"\nagent_name = "web-agent"\n' }, 'agent');
    git(root, 'checkout', '-q', 'main');
    rmSync(join(root, 'src'), { recursive: true });
    expect(lines(check(root, ['--base', 'main', '--head', 'feature']))).toEqual([]);
  });
});

describe('symbolic links cannot smuggle an import past a boundary, in every mode', () => {
  const CONFIG = '[domains.a]\nscope = "src/a/**"\nforbidden_imports = ["src/b/**"]\n[domains.b]\nscope = "src/b/**"\n';
  const EXPECTED = ['forbidden-import src/a/x.ts -> src/b/y.ts'];
  const repo = () => makeRepo({ 'orchestrator.toml': CONFIG, 'src/b/y.ts': 'export const y = 1;\n' }, { links: { 'src/a/bdir': '../b' } });
  const strip = (found: string[]) => found.map((l) => l.replace(/ \[\w+\]$/, ''));

  it('whole repository, staged and PR mode agree: the import reaches src/b through the link', () => {
    const root = repo();
    git(root, 'checkout', '-q', '-b', 'feature');
    writeTree(root, { 'src/a/x.ts': "import { y } from './bdir/y';\nexport const x = y;\n" });
    git(root, 'add', '-A');
    expect(strip(lines(check(root, ['--staged']), ['forbidden-import']))).toEqual(EXPECTED);
    git(root, 'commit', '-q', '-m', 'x');
    expect(strip(lines(check(root, []), ['forbidden-import']))).toEqual(EXPECTED);
    expect(strip(lines(check(root, ['--base', 'main']), ['forbidden-import']))).toEqual(EXPECTED);
  });

  it('a tracked link to a file outside the repository is never read, in any mode', () => {
    const secret = outsideDir({ 'secret.ts': "import '../../etc/whatever';\nimport { y } from 'outside-only';\n" });
    const root = makeRepo(
      { 'orchestrator.toml': CONFIG, 'src/b/y.ts': '', 'src/a/x.ts': "import { s } from './leak';\n" },
      { links: { 'src/a/leak.ts': join(secret, 'secret.ts') } },
    );
    for (const args of [[], ['--staged']]) {
      const report = check(root, args);
      expect(report.findings).toEqual([]);
    }
    expect(check(root, []).summary.files).toBe(2);
  });
});

describe('nothing is read or written outside the repository', () => {
  it('settings.tsconfig outside the project is a configuration error', () => {
    const root = makeRepo({ 'orchestrator.toml': '[settings]\ntsconfig = "../outside/tsconfig.json"\n[domains.a]\nscope = "src/**"\n', 'src/a.ts': '' });
    const result = run(root, ['check']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'orchestrator.toml:2:1 (settings.tsconfig): tsconfig path "../outside/tsconfig.json" is outside the directory holding orchestrator.toml',
    );
  });

  it('baseline refuses to write through a .orchestrator/ linked outside, and writes nothing there', () => {
    const target = outsideDir();
    const root = makeRepo({
      'orchestrator.toml': '[domains.a]\nscope = "src/a/**"\nforbidden_imports = ["src/b/**"]\n[domains.b]\nscope = "src/b/**"\n',
      'src/a/x.ts': "import '../b/y';\n",
      'src/b/y.ts': '',
    });
    symlinkSync(target, join(root, '.orchestrator'));
    const result = run(root, ['baseline']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'cn-guard: refusing to write .orchestrator/cn-guard-baseline.json: .orchestrator is a symbolic link to a folder outside the project\n',
    );
    expect(readdirSync(target)).toEqual([]);
  });

  it('baseline writes atomically: no temporary file is left beside it', () => {
    const root = makeRepo({
      'orchestrator.toml': '[domains.a]\nscope = "src/a/**"\nforbidden_imports = ["src/b/**"]\n[domains.b]\nscope = "src/b/**"\n',
      'src/a/x.ts': "import '../b/y';\n",
      'src/b/y.ts': '',
    });
    expect(run(root, ['baseline']).code).toBe(0);
    expect(readdirSync(join(root, '.orchestrator'))).toEqual(['cn-guard-baseline.json']);
  });
});

describe('where the configuration is', () => {
  it('one above the repository is not silently used', () => {
    const parent = outsideDir({ 'orchestrator.toml': '[domains.x]\nscope = "**"\n' });
    const root = join(parent, 'repo');
    mkdirSync(root);
    writeTree(root, { 'src/a.ts': '' });
    git(root, 'init', '-q');
    const result = run(root, ['check']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `cn-guard: no orchestrator.toml in the repository ${root}; the nearest one, ${join(parent, 'orchestrator.toml')}, lies outside it and would check another project. Create one with \`cn-guard init\`, or pass --config PATH\n`,
    );
  });

  it('--config outside the repository says so, and how to check that project instead', () => {
    const other = outsideDir({ 'orchestrator.toml': '[domains.x]\nscope = "**"\n' });
    const root = makeRepo({ 'orchestrator.toml': '[domains.x]\nscope = "**"\n', 'a.ts': '' });
    const result = run(root, ['check', '--config', join(other, 'orchestrator.toml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `lies outside the repository ${root}; cn-guard checks the directory holding the configuration, so run it there (--cwd ${other})`,
    );
  });
});

describe("git's failures as one sentence that says what to do", () => {
  it('--base outside a git repository', () => {
    const root = makeRepo({ 'orchestrator.toml': '[domains.a]\nscope = "src/**"\n', 'src/a.ts': '' }, { git: false });
    const result = run(root, ['check', '--base', 'main'], { GIT_CEILING_DIRECTORIES: join(root, '..') });
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe(
      `cn-guard: --base needs a git repository, and ${root} is not inside one; run it in the repository's work tree (or drop --base to check the files on disk)\n`,
    );
  });
});

describe('check FILE…', () => {
  const CONFIG = '[domains.a]\nscope = "src/a/**"\nforbidden_imports = ["src/b/**"]\n[domains.b]\nscope = "src/b/**"\n';

  it('checks only the named files (relative to where it runs), never silently the whole repository', () => {
    const root = makeRepo({ 'orchestrator.toml': CONFIG, 'src/a/x.ts': "import '../b/y';\n", 'src/a/z.ts': "import '../b/y';\n", 'src/b/y.ts': '' });
    const report = check(join(root, 'src/a'), ['z.ts']);
    expect(lines(report)).toEqual(['forbidden-import src/a/z.ts -> src/b/y.ts [new]']);
    expect(report.summary.files).toBe(1);
  });

  it('refuses a file that does not exist, or lies outside the project (exit 2)', () => {
    const root = makeRepo({ 'orchestrator.toml': CONFIG, 'src/a/x.ts': '', 'src/b/y.ts': '' });
    expect(run(root, ['check', 'src/a/nope.ts'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `cn-guard: src/a/nope.ts: no such file in the project (${root})\n`,
    });
    expect(run(root, ['check', '../x.ts']).code).toBe(2);
    expect(existsSync(join(root, '.orchestrator'))).toBe(false);
  });
});

describe('file names git can hold', () => {
  it('a file whose name holds a newline or an escape sequence is checked in every mode, and printed escaped', () => {
    const CONFIG = '[domains.a]\nscope = "src/a/**"\nforbidden_imports = ["src/b/**"]\n[domains.b]\nscope = "src/b/**"\n';
    const name = 'src/a/line\nbreak\u001b[31m.ts';
    const root = makeRepo({ 'orchestrator.toml': CONFIG, 'src/b/y.ts': '' });
    git(root, 'checkout', '-q', '-b', 'feature');
    writeTree(root, { [name]: "import '../b/y';\n" });
    git(root, 'add', '-A');
    const expected = [`forbidden-import ${name} -> src/b/y.ts`];
    const strip = (found: string[]) => found.map((l) => l.replace(/ \[\w+\]$/, ''));
    expect(strip(lines(check(root, ['--staged'])))).toEqual(expected);
    git(root, 'commit', '-q', '-m', 'odd name');
    expect(strip(lines(check(root, [])))).toEqual(expected);
    expect(strip(lines(check(root, ['--base', 'main'])))).toEqual(expected);
    const text = run(root, ['check']);
    expect(text.stdout).toContain('src/a/line\\nbreak\\u001b[31m.ts:1:1');
    expect(text.stdout).not.toContain('\u001b');
  });
});
