import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commit, rev, run } from './support/history.js';
import { git, makeRepo, type Tree } from './support/repo.js';
import { sarifErrors } from './support/sarif.js';

/**
 * `cn-guard check --format sarif|github|markdown` (docs/output.md), the built CLI on real git
 * repositories whose orchestrator.toml lies in `app/`: paths from the repository root, the files
 * GitHub Actions hands a step, a pull request's comment with links and its diagram, and goldens
 * of all three under test/fixtures/formats/. After an intended change to the output:
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/formats.test.ts
 *
 * and review the diff like any other change.
 */

const GOLDEN = join(import.meta.dirname, 'fixtures/formats');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

// Fixed commit dates make the commit ids, which the comment links to, the same on every run.
process.env.GIT_AUTHOR_DATE = '2026-01-01T00:00:00Z';
process.env.GIT_COMMITTER_DATE = '2026-01-01T00:00:00Z';

/** None of the GitHub Actions variables of a CI run may leak into the fixtures' output. */
const NO_ACTIONS = {
  GITHUB_SERVER_URL: undefined,
  GITHUB_REPOSITORY: undefined,
  GITHUB_SHA: undefined,
  GITHUB_STEP_SUMMARY: undefined,
  GITHUB_OUTPUT: undefined,
};
const ON_GITHUB = { ...NO_ACTIONS, GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/shop' };

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cn-guard-formats-'));
  scratch.push(dir);
  return dir;
}

const CONFIG = `[settings]
unowned = "warn"

[domains.web]
scope = "src/web/**"
agent_name = "web-agent"
forbidden_imports = ["src/db/**"]

[domains.api]
scope = "src/api/**"
agent_name = "api-agent"

[domains.db]
scope = "src/db/**"
agent_name = "db-agent"

[domains.shared]
scope = "src/shared/**"

[[exceptions]]
from = "src/web/legacy.ts"
to = "src/db/**"
reason = "moving to the API | tracked in #12"
owner = "web-agent"
`;

const USES_DB = "import { client } from '../db/client';\nexport const x = client;\n";

/** main: web imports api; old.ts's import of db is a violation already, legacy.ts's is allowed by an exception. */
const BASE: Tree = {
  'README.md': '# shop\n',
  'app/orchestrator.toml': CONFIG,
  'app/src/web/page.ts': "import { api } from '../api/index';\nexport const page = api;\n",
  'app/src/web/old.ts': USES_DB,
  'app/src/web/legacy.ts': USES_DB,
  'app/src/api/index.ts': 'export const api = 1;\n',
  'app/src/db/client.ts': 'export const client = 1;\n',
  'app/src/db/retired.ts': 'export const retired = 1;\n',
  'app/src/shared/format.ts': 'export const format = (s: string) => s.trim();\n',
};

/**
 * The branch `feature`, as web's agent: two new imports of db (one from a file whose name is
 * markdown), a first import of shared (a new domain edge), a deleted file of db and a new unowned
 * script (both out of web's scope), and an exception added to orchestrator.toml (a weakening,
 * which matches nothing).
 */
const FEATURE: Record<string, string | null> = {
  'app/src/web/new.ts': USES_DB,
  'app/src/web/odd|name*.ts': USES_DB,
  'app/src/web/fmt.ts': "import { format } from '../shared/format';\nexport const f = format(' x ');\n",
  'app/src/db/retired.ts': null,
  'app/scripts/seed.ts': 'export const seed = 1;\n',
  'app/orchestrator.toml': `${CONFIG}
[[exceptions]]
from = "src/web/fmt.ts"
to = "src/db/**"
reason = "temporary"
`,
};

function pullRequest(): { root: string; head: string } {
  const root = makeRepo(BASE);
  git(root, 'checkout', '-q', '-b', 'feature');
  const head = commit(root, FEATURE, 'web: new pages');
  return { root, head };
}

const PR_ARGS = ['check', '--base', 'main', '--domain', 'web'];

/** Compares with the golden file byte for byte; with UPDATE_GOLDEN=1, (re)writes it instead. */
function golden(name: string, actual: string): void {
  const path = join(GOLDEN, name);
  if (UPDATE) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`no golden file ${path}: run UPDATE_GOLDEN=1 npx vitest run test/formats.test.ts and review it`);
  expect(actual, `${name} differs from the golden file (if the change is intended: UPDATE_GOLDEN=1 npx vitest run test/formats.test.ts)`).toBe(
    readFileSync(path, 'utf8'),
  );
}

describe('check --format sarif', () => {
  let root: string;
  beforeAll(() => {
    root = pullRequest().root;
  });

  it('is valid SARIF, every uri a file of the repository named from its root (orchestrator.toml is in app/)', () => {
    for (const [cwd, args] of [
      [join(root, 'app'), []],
      [root, ['--config', 'app/orchestrator.toml']],
    ] as const) {
      const result = run(cwd, ['check', '--format', 'sarif', ...args], NO_ACTIONS);
      expect(result.code, result.stderr).toBe(1);
      const sarif = JSON.parse(result.stdout);
      expect(sarifErrors(sarif)).toEqual([]);
      const uris: string[] = sarif.runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri);
      expect(uris).toContain('app/src/web/new.ts');
      expect(uris).toContain('app/src/web/odd%7Cname*.ts');
      for (const uri of uris) expect(existsSync(join(root, decodeURIComponent(uri))), uri).toBe(true);
      expect(sarif.runs[0].automationDetails.id).toBe('cn-guard/app/orchestrator.toml/');
    }
  });
});

describe('check --format github in GitHub Actions', () => {
  let root: string;
  beforeAll(() => {
    root = pullRequest().root;
  });

  /** GitHub's step files, as an earlier step of the job left them. */
  function stepFiles() {
    const dir = tempDir();
    const summary = join(dir, 'step_summary');
    const output = join(dir, 'output');
    writeFileSync(summary, '## an earlier step\n');
    writeFileSync(output, 'earlier=1\n');
    return { summary, output };
  }

  /** `$GITHUB_OUTPUT` read back as the runner reads it: `name=value` lines and `name<<DELIMITER` blocks. */
  function readOutputs(text: string): Record<string, string> {
    const values: Record<string, string> = {};
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
      if (heredoc) {
        const end = lines.indexOf(heredoc[2]!, i + 1);
        values[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
        i = end;
      } else if (line.includes('=')) values[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
    return values;
  }

  it('annotations on stdout, the job summary and the outputs appended to their files', () => {
    const { summary, output } = stepFiles();
    const result = run(join(root, 'app'), [...PR_ARGS, '--format', 'github'], { ...ON_GITHUB, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 1, stderr: '' });
    expect(result.stdout).toContain('::error file=app/src/web/new.ts,line=1,col=1,title=cn-guard forbidden-import::');
    // The deleted file is annotated on orchestrator.toml, at web's scope.
    expect(result.stdout).toContain(
      '::error file=app/orchestrator.toml,line=5,title=cn-guard out-of-scope-change::domain web may not change src/db/retired.ts (deleted): src/db/retired.ts belongs to domain db; coordinate with db-agent.%0Aleave the change to db-agent\n',
    );

    const written = readFileSync(summary, 'utf8');
    expect(written.startsWith('## an earlier step\n### ❌ cn-guard: ')).toBe(true);
    expect(written).not.toContain('<!-- cn-guard:');
    expect(written).toContain('| ❌ error | [forbidden-import]');
    expect(written).toContain('```mermaid\nflowchart LR\n');
    expect(written).toContain('| pre-existing | [forbidden-import]');
    expect(written).toContain('| suppressed | [forbidden-import]');

    expect(readOutputs(readFileSync(output, 'utf8'))).toEqual({
      earlier: '1',
      errors: '5',
      warnings: '1',
      introduced: '6',
      suppressed: '1',
      known: '0',
      preexisting: '2',
      fixed: '0',
    });
  });

  it('a summary file that cannot be written: a warning, every annotation, the outputs, and the exit code of the findings', () => {
    const { output } = stepFiles();
    const folder = tempDir();
    const result = run(join(root, 'app'), [...PR_ARGS, '--format', 'github'], { ...ON_GITHUB, GITHUB_STEP_SUMMARY: folder, GITHUB_OUTPUT: output });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^cn-guard: warning: cannot append to GITHUB_STEP_SUMMARY \\(${folder}\\): EISDIR[^\\n]*\\n$`));
    expect(result.stdout.match(/^::error /gm)).toHaveLength(5);
    expect(readFileSync(output, 'utf8')).toContain('errors<<ghadelimiter_');

    // A clean run stays a clean run.
    const clean = makeRepo({ 'app/orchestrator.toml': '[domains.web]\nscope = "src/web/**"\n', 'app/src/web/page.ts': 'export const page = 1;\n' });
    const missing = join(tempDir(), 'no/such/folder/summary');
    const ok = run(join(clean, 'app'), ['check', '--format', 'github'], { ...ON_GITHUB, GITHUB_STEP_SUMMARY: missing });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('cannot append to GITHUB_STEP_SUMMARY');
    expect(ok.stdout).toMatch(/^cn-guard: ✔ 0 errors, 0 warnings · 1 file, 0 imports checked in \d+ ms\n$/);
  });
});

describe('check --format markdown on a pull request', () => {
  let root: string;
  let head: string;
  let body: string;
  beforeAll(() => {
    ({ root, head } = pullRequest());
    // GITHUB_SHA is the merge commit on a pull_request event: the links must name the PR's head instead.
    const result = run(join(root, 'app'), [...PR_ARGS, '--format', 'markdown'], { ...ON_GITHUB, GITHUB_SHA: '0'.repeat(40) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    body = result.stdout;
  });

  it('the marker, the verdict and the counts', () => {
    const lines = body.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '<!-- cn-guard:app/orchestrator.toml -->',
      '### ❌ cn-guard: 5 errors and 1 warning introduced',
      '',
      '**6** introduced · **2** pre-existing · **0** fixed · **1** suppressed · **0** known · 10 files and 6 imports checked against `app/orchestrator.toml`',
    ]);
  });

  it('links each location to its line at the head commit, and each rule to its page', () => {
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    expect(body).toContain(`[\`app/src/web/new.ts:1\`](https://github.com/acme/shop/blob/${head}/app/src/web/new.ts#L1)`);
    expect(body).toContain(`[\`app/src/web/odd\\|name*.ts:1\`](https://github.com/acme/shop/blob/${head}/app/src/web/odd%7Cname*.ts#L1)`);
    expect(body).not.toContain('0'.repeat(40));
    expect(body).toContain('[forbidden-import](https://github.com/cn-guard/cn-guard/blob/v0.1.0/rules/forbidden-import.md)');
    // The deleted file has nothing to link to.
    expect(body).toContain('| `app/src/db/retired.ts` |');
  });

  it('the policy change in words, and a Mermaid diagram of the domains the change touches', () => {
    expect(body).toContain(
      `#### Policy changes\n\n- ❌ weakened: exception added: src/web/fmt.ts → src/db/\\*\\* (temporary; never expires) ([\`app/orchestrator.toml:26\`](https://github.com/acme/shop/blob/${head}/app/orchestrator.toml#L26))\n`,
    );
    const diagram = /```mermaid\n([\s\S]*?)```\n/.exec(body)?.[1];
    expect(diagram).toBeDefined();
    const ids = new Map([...diagram!.matchAll(/^ {2}(d\d+)\["([^"<]*)/gm)].map((m) => [m[2]!, m[1]!]));
    // web (new imports of db, a new edge to shared), db, shared; api is untouched.
    expect([...ids.keys()].sort()).toEqual(['db', 'shared', 'web']);
    expect(diagram).toContain(`${ids.get('web')} ==>|"new · 1 import"| ${ids.get('shared')}`);
    expect(diagram).toMatch(new RegExp(`${ids.get('web')} -->\\|"[^"]*forbidden-import[^"]*"\\| ${ids.get('db')}`));
  });

  it('without GitHub Actions: plain paths, no links; without --base: no diagram', () => {
    const plain = run(join(root, 'app'), [...PR_ARGS, '--format', 'markdown'], NO_ACTIONS).stdout;
    expect(plain).toContain('| `app/src/web/new.ts:1` |');
    expect(plain).not.toContain('acme/shop');
    const whole = run(join(root, 'app'), ['check', '--format', 'markdown'], NO_ACTIONS).stdout;
    expect(whole.split('\n')[1]).toBe('### ❌ cn-guard: 3 errors and 2 warnings');
    expect(whole).not.toContain('```mermaid');
  });
});

describe('golden outputs of the pull request', () => {
  let root: string;
  beforeAll(() => {
    root = pullRequest().root;
  });

  it.each([
    ['sarif', 'pr.sarif.json'],
    ['github', 'pr.annotations.txt'],
    ['markdown', 'pr.comment.md'],
  ])('--format %s matches %s', (format, file) => {
    const result = run(join(root, 'app'), [...PR_ARGS, '--format', format], ON_GITHUB);
    expect(result.code, result.stderr).toBe(1);
    // The run's duration is the one thing that changes.
    golden(file, result.stdout.replace(/ in \d+ ms$/m, ' in N ms'));
  });

  it('the same pull request checked from another clone gives the same SARIF (fingerprints and paths, no machine details)', () => {
    const other = pullRequest().root;
    const sarif = (cwd: string) => run(join(cwd, 'app'), [...PR_ARGS, '--format', 'sarif'], ON_GITHUB).stdout;
    expect(sarif(other)).toBe(sarif(root));
    expect(rev(other, 'HEAD')).toBe(rev(root, 'HEAD'));
  });
});
