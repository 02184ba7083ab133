import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, git, makeRepo, type Tree, writeTree } from './support/repo.js';

/**
 * Beads without bd, end to end: sibling projects in real git repositories, their issues in
 * `.beads/issues.jsonl` as bd exports them, the real CLI. The bd path is test/beads-bd.test.ts.
 */

const BIN = resolve(import.meta.dirname, '../bin/cn-guard.js');
const T = '2026-05-01T10:00:00Z';

interface IssueSpec {
  id: string;
  title?: string;
  status?: string;
  labels?: string[];
  deps?: (string | [string, string])[];
  assignee?: string;
}

/** One line of bd's export (docs: ../shared reference §1.2): key order and fields as bd writes them. */
function issueLine({ id, title = `Issue ${id}`, status = 'open', labels, deps, assignee }: IssueSpec): string {
  return JSON.stringify({
    _type: 'issue',
    id,
    title,
    status,
    priority: 2,
    issue_type: 'task',
    ...(assignee && { assignee }),
    created_at: T,
    updated_at: T,
    ...(status === 'closed' && { closed_at: T }),
    ...(labels && { labels }),
    ...(deps && {
      dependencies: deps.map((d) => {
        const [target, type] = typeof d === 'string' ? [d, 'blocks'] : d;
        return { issue_id: id, depends_on_id: target, type, created_at: T, created_by: 'me', metadata: '{}' };
      }),
    }),
  });
}

const jsonl = (...issues: IssueSpec[]) => `${issues.map(issueLine).join('\n')}\n`;

const orchestrator = (name: string, externals: Record<string, string> = {}, extra = '') =>
  [
    '[project]',
    `name = "${name}"`,
    '',
    '[external_projects]',
    ...Object.entries(externals).map(([n, p]) => `${n} = "${p}"`),
    '',
    '[domains.app]',
    'scope = "src/**"',
    'agent_name = "app-agent"',
    extra,
  ].join('\n');

/** Projects as sibling folders of one parent, each its own committed git repository. */
function siblings<K extends string>(projects: Record<K, Tree>): Record<K | 'parent', string> {
  const tree: Tree = {};
  for (const [name, files] of Object.entries<Tree>(projects)) for (const [path, content] of Object.entries(files)) tree[`${name}/${path}`] = content;
  const parent = makeRepo(tree, { git: false });
  const roots: Record<string, string> = { parent };
  for (const name of Object.keys(projects)) {
    const root = join(parent, name);
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'fixture');
    roots[name] = root;
  }
  return roots as Record<K | 'parent', string>;
}

/** sha256 of every file under a folder (but .git): what "changes nothing" is checked against. */
function checksums(root: string): Record<string, string> {
  const sums: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === '.git') continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else sums[path.slice(root.length + 1)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(root);
  return sums;
}

const json = (cwd: string, args: string[]) => {
  const result = cli(cwd, [...args, '--format', 'json']);
  if (result.code > 1) throw new Error(`exit ${result.code}: ${result.stderr}${result.stdout}`);
  return { ...JSON.parse(result.stdout), code: result.code };
};

const SRC = { 'src/index.ts': 'export const x = 1;\n' };

function seed() {
  return siblings({
    producer: {
      ...SRC,
      'orchestrator.toml': orchestrator('producer', { consumer: '../consumer' }),
      '.beads/issues.jsonl': jsonl({ id: 'pr-a1b', title: 'Auth API', labels: ['export:auth-v1'] }, { id: 'pr-c2d', title: 'Unrelated' }),
    },
    consumer: {
      ...SRC,
      'orchestrator.toml': orchestrator('consumer', { producer: '../producer' }),
      '.beads/issues.jsonl': jsonl(
        { id: 'co-x1', title: 'Login page', assignee: 'web-agent', deps: ['external:producer:auth-v1'] },
        { id: 'co-x2', title: 'Profile page', deps: ['external:producer:auth-v1', 'co-x3'] },
        { id: 'co-x3', title: 'Local blocker' },
      ),
    },
  });
}

const closeIssue = (root: string, id: string) => {
  const path = join(root, '.beads/issues.jsonl');
  const text = readFileSync(path, 'utf8');
  writeFileSync(path, text.replace(new RegExp(`("id":"${id}".*?)"status":"open"`), `$1"status":"closed","closed_at":"${T}"`));
};

describe('the seed flow: export, external reference, ship, unblocked', () => {
  it('shows the consumer blocked, refuses an open producer issue, ships the closed one and lists the consumer as unblocked', () => {
    const { producer, consumer } = seed();
    const before = json(consumer, ['contracts']);
    expect(before.capabilities.blocked).toEqual([
      { project: 'consumer', issue: 'co-x1', title: 'Login page', waitingOn: ['external:producer:auth-v1'] },
      { project: 'consumer', issue: 'co-x2', title: 'Profile page', waitingOn: ['external:producer:auth-v1'] },
    ]);
    expect(before.capabilities.unblocked).toEqual([]);
    expect(before.findings).toEqual([]);
    const text = cli(consumer, ['contracts']).stdout;
    expect(text).toContain('Capabilities (Beads)');
    expect(text).toMatch(/co-x1 Login page waits on external:producer:auth-v1/);

    const refused = cli(producer, ['ship', 'auth-v1']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('issue pr-a1b is not closed (status: open)');

    closeIssue(producer, 'pr-a1b');
    const shipped = json(producer, ['ship', 'auth-v1']);
    expect(shipped).toMatchObject({
      status: 'shipped',
      capability: 'auth-v1',
      issue_id: 'pr-a1b',
      label: 'provides:auth-v1',
      project: 'producer',
      via: 'jsonl',
    });
    // co-x2 still waits on a local issue: only co-x1 is unblocked.
    expect(shipped.unblocked).toEqual([{ project: 'consumer', issue: 'co-x1', title: 'Login page', satisfied: ['external:producer:auth-v1'] }]);

    const after = json(consumer, ['contracts']);
    expect(after.capabilities.provided).toEqual([{ project: 'producer', capability: 'auth-v1', issue: 'pr-a1b' }]);
    expect(after.capabilities.unblocked.map((u: { issue: string }) => u.issue)).toEqual(['co-x1']);
    expect(after.capabilities.blocked).toEqual([]);
  });

  it('prints bd ship’s own lines', () => {
    const { producer } = seed();
    closeIssue(producer, 'pr-a1b');
    const { stdout, code } = cli(producer, ['ship', 'auth-v1']);
    expect(code).toBe(0);
    expect(stdout).toContain('✓ Shipped auth-v1 (pr-a1b)\n  Added label: provides:auth-v1\n\nExternal projects can now depend on: external:producer:auth-v1');
    expect(stdout).toContain('consumer  co-x1 Login page');
    expect(cli(producer, ['ship', 'auth-v1']).stdout).toContain("✓ Capability 'auth-v1' already shipped (pr-a1b)");
  });
});

describe('cn-guard ship', () => {
  it('edits only the shipped issue’s line (labels and updated_at), records the shipment, and a second run changes nothing', () => {
    const { producer } = seed();
    closeIssue(producer, 'pr-a1b');
    // bd's Go encoder escapes <, > and &; a number past 2^53; an odd key order: all kept byte for byte.
    const odd =
      '{"id":"pr-zz9","_type":"issue","title":"a \\u003cb\\u003e \\u0026 c","status":"open","priority":2,"estimated_minutes":12345678901234567890,"created_at":"x","updated_at":"x"}';
    const path = join(producer, '.beads/issues.jsonl');
    const original = `${readFileSync(path, 'utf8')}${odd}\n`;
    writeFileSync(path, original);
    git(producer, 'add', '-A');
    git(producer, 'commit', '-qm', 'closed');
    const head = git(producer, 'rev-parse', 'HEAD').trim();

    expect(json(producer, ['ship', 'auth-v1']).status).toBe('shipped');
    const [was, is] = [original.split('\n'), readFileSync(path, 'utf8').split('\n')];
    expect(is.length).toBe(was.length);
    const changed = is.map((line, i) => (line === was[i] ? -1 : i)).filter((i) => i >= 0);
    expect(changed).toEqual([0]);
    const shipped = JSON.parse(is[0]!);
    expect(shipped.labels).toEqual(['export:auth-v1', 'provides:auth-v1']);
    expect(shipped.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(is[0]!.replace(/"updated_at":"[^"]*"/, '').replace(',"provides:auth-v1"', '')).toBe(was[0]!.replace(/"updated_at":"[^"]*"/, ''));

    const lock = JSON.parse(readFileSync(join(producer, '.orchestrator/contracts.lock.json'), 'utf8'));
    expect(lock.shipments['auth-v1']).toMatchObject({ issue: 'pr-a1b', commit: head, artifacts: {} });

    const sums = checksums(producer);
    const again = json(producer, ['ship', 'auth-v1']);
    expect(again).toMatchObject({ status: 'already_shipped', issue_id: 'pr-a1b', shipment: { recorded: false } });
    expect(checksums(producer)).toEqual(sums);
  });

  it('--dry-run says what would happen and writes nothing', () => {
    const { producer, consumer } = seed();
    closeIssue(producer, 'pr-a1b');
    const sums = [checksums(producer), checksums(consumer)];
    const dry = json(producer, ['ship', 'auth-v1', '--dry-run', '--post', 'beads']);
    expect(dry).toMatchObject({ status: 'dry_run', would_add: 'provides:auth-v1', issue_id: 'pr-a1b' });
    expect(dry.unblocked.map((u: { issue: string }) => u.issue)).toEqual(['co-x1']);
    expect([checksums(producer), checksums(consumer)]).toEqual(sums);
    expect(cli(producer, ['ship', 'auth-v1', '--dry-run']).stdout).toContain("→ Would ship 'auth-v1' on pr-a1b (dry run)");
  });

  it('exit 2 for no or several exporting issues (listed, as bd lists them), and for a capability with whitespace', () => {
    const { producer } = siblings({
      producer: {
        ...SRC,
        'orchestrator.toml': orchestrator('producer'),
        '.beads/issues.jsonl': jsonl(
          { id: 'pr-1', title: 'One', labels: ['export:dup'] },
          { id: 'pr-2', title: 'Two', status: 'closed', labels: ['export:dup'] },
        ),
      },
    });
    const none = cli(producer, ['ship', 'nothing']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no issue found with label 'export:nothing'");
    expect(none.stderr).toContain('bd label add <issue-id> export:nothing');
    const several = cli(producer, ['ship', 'dup']);
    expect(several.code).toBe(2);
    expect(several.stderr).toContain("multiple issues found with label 'export:dup':\n  pr-1: One (open)\n  pr-2: Two (closed)");
    const spaced = cli(producer, ['ship', 'my cap']);
    expect(spaced.code).toBe(2);
    expect(spaced.stderr).toContain('contains whitespace');
  });

  it('--force ships an open issue, and consumers stay blocked until it is closed (bd’s satisfaction rule)', () => {
    const { producer, consumer } = seed();
    const forced = json(producer, ['ship', 'auth-v1', '--force']);
    expect(forced.status).toBe('shipped');
    expect(forced.unblocked).toEqual([]);
    expect(forced.notes.join('\n')).toContain('consumers stay blocked until it is');
    expect(json(consumer, ['contracts']).capabilities.blocked.map((b: { issue: string }) => b.issue)).toEqual(['co-x1', 'co-x2']);
  });

  it('refuses a capability whose contract breaks against the lock, unless --allow-breaking; and keeps the shipments on contracts --update', () => {
    const schema = (required: string[]) =>
      `${JSON.stringify({ type: 'object', properties: { id: { type: 'string' }, email: { type: 'string' } }, required }, null, 2)}\n`;
    const config = orchestrator(
      'producer',
      {},
      [
        'exports = ["User"]',
        'capabilities = { "users:v1" = ["User"] }',
        '',
        '[domains.app.artifacts.User]',
        'path = "contracts/user.json"',
        'format = "jsonschema"',
        '',
      ].join('\n'),
    );
    const { producer } = siblings({
      producer: {
        ...SRC,
        'orchestrator.toml': config,
        'contracts/user.json': schema(['id', 'email']),
        '.beads/issues.jsonl': jsonl({ id: 'pr-1', title: 'Users', status: 'closed', labels: ['export:users:v1'] }),
      },
    });
    expect(cli(producer, ['contracts', '--update']).code).toBe(0);
    // Output consumers relied on `email` always being there.
    writeFileSync(join(producer, 'contracts/user.json'), schema(['id']));
    const refused = json(producer, ['ship', 'users:v1']);
    expect(refused.status).toBe('refused');
    expect(refused.reasons.join('\n')).toContain('app/User has 1 breaking change against the contract lock');
    expect(refused.contracts[0]).toMatchObject({ artifact: 'app/User', status: 'valid' });
    expect(refused.contracts[0].breaking.length).toBe(1);
    expect(cli(producer, ['ship', 'users:v1']).code).toBe(1);

    const shipped = json(producer, ['ship', 'users:v1', '--allow-breaking']);
    expect(shipped.status).toBe('shipped');
    const lock = JSON.parse(readFileSync(join(producer, '.orchestrator/contracts.lock.json'), 'utf8'));
    const sha = createHash('sha256')
      .update(readFileSync(join(producer, 'contracts/user.json'), 'utf8'))
      .digest('hex');
    expect(lock.shipments['users:v1'].artifacts).toEqual({ 'app/User': sha });

    expect(cli(producer, ['contracts', '--update']).code).toBe(0);
    expect(JSON.parse(readFileSync(join(producer, '.orchestrator/contracts.lock.json'), 'utf8')).shipments['users:v1'].issue).toBe('pr-1');

    writeFileSync(join(producer, 'contracts/user.json'), '{"type": 12}\n');
    const invalid = json(producer, ['ship', 'users:v1', '--allow-breaking']);
    expect(invalid.status).toBe('refused');
    expect(invalid.reasons.join('\n')).toContain('app/User (contracts/user.json) is invalid');
  });

  it('runs that ship at once add the label once and record one shipment; --dry-run of a shipped capability says already_shipped', async () => {
    const { producer } = seed();
    closeIssue(producer, 'pr-a1b');
    const runs = Array.from(
      { length: 4 },
      () =>
        new Promise<string>((done) => {
          let out = '';
          const child = spawn(process.execPath, [BIN, 'ship', 'auth-v1', '--format', 'json'], { cwd: producer, env: { ...process.env, NO_COLOR: '1' } });
          child.stdout.on('data', (chunk) => (out += chunk));
          child.on('close', () => done(JSON.parse(out).status));
        }),
    );
    const statuses = (await Promise.all(runs)).sort();
    expect(statuses).toEqual(['already_shipped', 'already_shipped', 'already_shipped', 'shipped']);
    const line = readFileSync(join(producer, '.beads/issues.jsonl'), 'utf8').split('\n')[0]!;
    expect(JSON.parse(line).labels).toEqual(['export:auth-v1', 'provides:auth-v1']);
    expect(json(producer, ['ship', 'auth-v1', '--dry-run'])).toMatchObject({ status: 'already_shipped', issue_id: 'pr-a1b' });
  });

  it('a malformed contract lock: ship stops at its line (exit 2); contracts --update replaces it and says so', () => {
    const { producer } = seed();
    closeIssue(producer, 'pr-a1b');
    writeTree(producer, { '.orchestrator/contracts.lock.json': '{ "version": 1,\n  "artifacts": oops }\n' });
    const ship = cli(producer, ['ship', 'auth-v1']);
    expect(ship.code).toBe(2);
    expect(ship.stderr).toMatch(/contracts\.lock\.json:2:\d+.*not valid JSON/);
    const update = json(producer, ['contracts', '--update']);
    expect(update.code).toBe(0);
    expect(update.notes.join('\n')).toContain('was not a contract lock');
    expect(JSON.parse(readFileSync(join(producer, '.orchestrator/contracts.lock.json'), 'utf8'))).toEqual({ version: 1, artifacts: {} });
  });

  it('--post beads tells each unblocked consumer once, in its project’s inbox', () => {
    const { producer, consumer } = seed();
    closeIssue(producer, 'pr-a1b');
    const first = json(producer, ['ship', 'auth-v1', '--post', 'beads']);
    expect(first.posted).toEqual([
      {
        project: 'consumer',
        via: 'inbox',
        inbox: '.orchestrator/beads-inbox.jsonl',
        created: [{ id: expect.stringMatching(/^co-cng-[0-9a-f]{12}$/), title: 'Unblocked: co-x1 Login page' }],
        updated: [],
        closed: [],
      },
    ]);
    const inbox = join(consumer, '.orchestrator/beads-inbox.jsonl');
    const record = JSON.parse(readFileSync(inbox, 'utf8'));
    expect(record).toMatchObject({ _type: 'issue', status: 'open', priority: 2, assignee: 'web-agent', labels: ['cn-guard', 'unblocked'] });
    expect(record.dependencies).toEqual([expect.objectContaining({ issue_id: record.id, depends_on_id: 'co-x1', type: 'related', metadata: '{}' })]);
    const sums = checksums(consumer);
    expect(json(producer, ['ship', 'auth-v1', '--post', 'beads']).posted[0].created).toEqual([]);
    expect(checksums(consumer)).toEqual(sums);
  });
});

describe('reading Beads', () => {
  it('merges .beads/config.yaml external_projects (relative to the root; orchestrator.toml wins), folds lines by id and skips memories', () => {
    const { consumer } = siblings({
      a: { '.beads/issues.jsonl': jsonl({ id: 'a-1', status: 'closed', labels: ['export:x', 'provides:x'] }) },
      b: { '.beads/issues.jsonl': jsonl({ id: 'b-1', status: 'closed', labels: ['export:y', 'provides:y'] }) },
      wrong: { '.beads/issues.jsonl': jsonl({ id: 'w-1' }) },
      consumer: {
        ...SRC,
        'orchestrator.toml': orchestrator('consumer', { b: '../b' }),
        '.beads/config.yaml': 'issue-prefix: co\nexternal_projects:\n  a: ../a\n  b: ../wrong\n',
        '.beads/issues.jsonl': [
          issueLine({ id: 'co-1', title: 'old title', deps: ['external:a:nothing'] }),
          '{"_type":"memory","key":"k","value":"v"}',
          issueLine({ id: 'co-1', title: 'Uses x and y', deps: ['external:a:x', 'external:b:y'] }),
          '',
        ].join('\n'),
      },
    });
    const report = json(consumer, ['contracts']);
    expect(report.findings).toEqual([]);
    expect(report.capabilities.projects).toEqual([
      { name: 'consumer', source: 'jsonl', issues: 1 },
      { name: 'a', source: 'jsonl', issues: 1 },
      { name: 'b', source: 'jsonl', issues: 1 },
    ]);
    expect(report.capabilities.unblocked).toEqual([{ project: 'consumer', issue: 'co-1', title: 'Uses x and y', satisfied: ['external:a:x', 'external:b:y'] }]);
  });

  it('reports dangling references with did-you-mean, accepts capabilities that contain ":", and fails closed on unknown projects', () => {
    const { consumer } = siblings({
      producer: { '.beads/issues.jsonl': jsonl({ id: 'p-1', labels: ['export:auth-v1', 'export:billing:v2'] }) },
      consumer: {
        ...SRC,
        'orchestrator.toml': orchestrator('consumer', { producer: '../producer' }),
        '.beads/issues.jsonl': jsonl(
          { id: 'co-1', title: 'Typo in capability', assignee: 'app-agent', deps: ['external:producer:auth-v2'] },
          { id: 'co-2', title: 'Typo in project', deps: [['external:prodcer:auth-v1', 'waits-for']] },
          { id: 'co-3', title: 'Colon capability', deps: ['external:producer:billing:v2'] },
          { id: 'co-4', title: 'Malformed', deps: [['external:producer:', 'related']] },
          { id: 'co-5', title: 'Closed issues are history', status: 'closed', deps: ['external:nowhere:x'] },
        ),
      },
    });
    const report = json(consumer, ['contracts']);
    expect(report.code).toBe(1);
    const dangling = report.findings.filter((f: { rule: string }) => f.rule === 'dangling-external-ref');
    expect(
      dangling.map((f: { message: string; hint: string; line: number; domain?: string }) => [f.line, f.domain ?? null, f.message.split(': ').pop(), f.hint]),
    ).toEqual([
      [1, 'app', 'no issue of project "producer" is labelled export:auth-v2', 'did you mean external:producer:auth-v1?'],
      [2, null, 'neither [external_projects] nor .beads/config.yaml declares it', 'did you mean external:producer:auth-v1?'],
      [4, null, 'external reference missing capability name', 'fix the reference with bd dep remove co-4 external:producer:, then bd dep add'],
    ]);
    expect(dangling.every((f: { file: string }) => f.file === '.beads/issues.jsonl')).toBe(true);
    expect(report.capabilities.blocked.map((b: { issue: string }) => b.issue)).toEqual(['co-1', 'co-2', 'co-3']);
  });

  it('a malformed line, a missing project folder and a project with only a Dolt database are findings that say what to do; the rest is read', () => {
    const { consumer } = siblings({
      dolt: { '.beads/embeddeddolt/db/.keep': '', '.beads/metadata.json': '{"database":"dolt"}' },
      odd: { '.beads/issues.jsonl/.keep': '' },
      consumer: {
        ...SRC,
        'orchestrator.toml': orchestrator('consumer', { dolt: '../dolt', gone: '../gone', odd: '../odd', through: '../odd/.beads/issues.jsonl/.keep/x' }),
        '.beads/issues.jsonl': `${issueLine({ id: 'co-1', deps: ['external:dolt:x'] })}\n{"_type":"issue","id":\n${issueLine({ id: 'co-2' })}\n`,
      },
    });
    const report = json(consumer, ['contracts']);
    expect(report.code).toBe(0);
    const toml = readFileSync(join(consumer, 'orchestrator.toml'), 'utf8').split('\n');
    const unreadable = report.findings.map((f: { file: string; line?: number; message: string; hint?: string }) => [f.file, f.line, f.message, f.hint]);
    expect(unreadable).toEqual([
      ['.beads/issues.jsonl', 2, expect.stringMatching(/^line 2 is not valid JSON .*: it was skipped$/), undefined],
      [
        'orchestrator.toml',
        toml.indexOf('dolt = "../dolt"') + 1,
        expect.stringContaining('/dolt/.beads has no issues.jsonl and bd is not installed'),
        expect.stringContaining('bd export -o .beads/issues.jsonl'),
      ],
      ['orchestrator.toml', toml.indexOf('gone = "../gone"') + 1, expect.stringContaining('/gone does not exist (external project "gone"'), expect.any(String)],
      [
        'orchestrator.toml',
        toml.indexOf('odd = "../odd"') + 1,
        expect.stringMatching(/^cannot read \.beads\/issues\.jsonl: EISDIR.* \(external project "odd"/),
        undefined,
      ],
      [
        'orchestrator.toml',
        toml.findIndex((l) => l.startsWith('through = ')) + 1,
        expect.stringContaining('/x does not exist (external project "through"'),
        expect.any(String),
      ],
    ]);
    expect(report.findings.every((f: { rule: string; severity: string }) => f.rule === 'unreadable-beads' && f.severity === 'warning')).toBe(true);
    expect(report.capabilities.projects.map((p: { name: string; source: string; issues: number }) => `${p.name}:${p.source}:${p.issues}`)).toEqual([
      'consumer:jsonl:2',
      'dolt:none:0',
      'gone:none:0',
      'odd:jsonl:0',
      'through:none:0',
    ]);
    // An unreadable project satisfies nothing, and what it exports cannot be known: blocked, not dangling.
    expect(report.capabilities.blocked.map((b: { issue: string }) => b.issue)).toEqual(['co-1']);
  });

  it('staged mode reads Beads only when the commit touches .beads/ (then as staged); PR mode tells pre-existing dangling references from new ones', () => {
    const { consumer } = siblings({
      producer: { '.beads/issues.jsonl': jsonl({ id: 'p-1', labels: ['export:x'] }) },
      consumer: {
        ...SRC,
        'orchestrator.toml': orchestrator('consumer', { producer: '../producer' }),
        '.beads/issues.jsonl': jsonl({ id: 'co-1', deps: ['external:producer:typo'] }),
      },
    });
    writeTree(consumer, { 'src/other.ts': 'export const y = 2;\n' });
    git(consumer, 'add', 'src/other.ts');
    const untouched = json(consumer, ['check', '--staged']);
    expect(untouched.capabilities).toBeUndefined();
    expect(untouched.findings).toEqual([]);

    const path = join(consumer, '.beads/issues.jsonl');
    writeFileSync(path, `${readFileSync(path, 'utf8')}${issueLine({ id: 'co-2', deps: ['external:producer:other-typo'] })}\n`);
    git(consumer, 'add', '.beads/issues.jsonl');
    // What is staged counts, not the working tree.
    writeFileSync(path, jsonl({ id: 'co-1' }));
    const staged = json(consumer, ['check', '--staged']);
    expect(staged.findings.map((f: { rule: string; line: number }) => `${f.rule}:${f.line}`)).toEqual(['dangling-external-ref:1', 'dangling-external-ref:2']);

    git(consumer, 'checkout', '-q', '-b', 'feature');
    git(consumer, 'checkout', '-q', '--', '.beads/issues.jsonl');
    git(consumer, 'commit', '-qm', 'adds co-2');
    const pr = json(consumer, ['check', '--base', 'main']);
    expect(pr.findings.map((f: { line: number; status: string }) => `${f.line}:${f.status}`)).toEqual(['1:preexisting', '2:new']);
  });
});

describe('--post beads without bd: the import inbox', () => {
  const VIOLATING = {
    'orchestrator.toml': [
      '[project]',
      'name = "app"',
      '',
      '[domains.api]',
      'scope = "src/api/**"',
      'forbidden_imports = ["src/db/**"]',
      'agent_name = "api-agent"',
      '',
      '[domains.db]',
      'scope = "src/db/**"',
      '',
    ].join('\n'),
    'src/api/users.ts': "import { client } from '../db/client';\nexport const users = client;\n",
    'src/api/orders.ts': "import { client } from '../db/client';\nexport const orders = client;\n",
    'src/db/client.ts': 'export const client = 1;\n',
    '.beads/issues.jsonl': jsonl({ id: 'app-a1', title: 'Not cn-guard’s' }),
  };
  const INBOX = '.orchestrator/beads-inbox.jsonl';
  const records = (root: string) =>
    readFileSync(join(root, INBOX), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));

  it('creates one task per violation group, changes nothing when run again, closes it once the violations are gone, and never closes from a staged run', () => {
    const root = makeRepo(VIOLATING);
    const first = cli(root, ['check', '--post', 'beads']);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('cn-guard: beads: 1 created, 0 updated, 0 closed in .orchestrator/beads-inbox.jsonl (bd import it)');
    const [task] = records(root);
    expect(task).toMatchObject({
      _type: 'issue',
      id: expect.stringMatching(/^app-cng-[0-9a-f]{12}$/),
      title: 'cn-guard: forbidden-import ×2 in api → db',
      status: 'open',
      priority: 1,
      issue_type: 'bug',
      assignee: 'api-agent',
      labels: ['cn-guard', 'domain:api'],
      metadata: { cn_guard_fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/), cn_guard_config: 'orchestrator.toml', cn_guard_rule: 'forbidden-import' },
    });
    expect(task.description).toContain('`src/api/orders.ts:1:1`');
    expect(task.description).toContain('/rules/forbidden-import.md');
    const sums = checksums(root);
    cli(root, ['check', '--post', 'beads']);
    expect(checksums(root)).toEqual(sums);

    // One violation fixed: the same task, updated in its place (one line per task).
    writeTree(root, { 'src/api/orders.ts': 'export const orders = 2;\n' });
    cli(root, ['check', '--post', 'beads']);
    const updated = records(root);
    expect(updated.length).toBe(1);
    expect(updated[0]).toMatchObject({ id: task.id, title: 'cn-guard: forbidden-import ×1 in api → db', created_at: task.created_at });

    // Fixed in the index only: a staged run sees part of the repository and closes nothing.
    writeTree(root, { 'src/api/users.ts': 'export const users = 2;\n' });
    git(root, 'add', '-A');
    const staged = checksums(root);
    expect(cli(root, ['check', '--staged', '--post', 'beads']).code).toBe(0);
    expect(checksums(root)).toEqual(staged);

    const closed = cli(root, ['check', '--post', 'beads']);
    expect(closed.code).toBe(0);
    expect(closed.stderr).toContain('0 created, 0 updated, 1 closed');
    expect(records(root).length).toBe(1);
    const last = records(root)[0];
    expect(last).toMatchObject({ id: task.id, status: 'closed', close_reason: expect.stringContaining('no finding of this group is left') });
    expect(last.closed_at).toBe(last.updated_at);
    // Never an issue without the cn-guard label.
    expect(records(root).some((r) => r.id === 'app-a1')).toBe(false);
  });

  it('keeps a capability task open while the project its findings were about cannot be read', () => {
    const { consumer, parent } = siblings({
      producer: { '.beads/issues.jsonl': jsonl({ id: 'p-1', labels: ['export:x'] }) },
      consumer: {
        ...SRC,
        'orchestrator.toml': orchestrator('consumer', { producer: '../producer' }),
        '.beads/issues.jsonl': jsonl({ id: 'co-1', deps: ['external:producer:y'] }),
      },
    });
    expect(cli(consumer, ['check', '--post', 'beads']).stderr).toContain('1 created');
    rmSync(join(parent, 'producer'), { recursive: true });
    // The dangling reference can no longer be judged: its task stays open, and the unreadable project gets its own.
    const blind = cli(consumer, ['check', '--post', 'beads']);
    expect(blind.stderr).toContain('1 created, 0 updated, 0 closed');
    expect(records(consumer).map((r) => `${r.metadata.cn_guard_rule}:${r.status}`)).toEqual(['dangling-external-ref:open', 'unreadable-beads:open']);
  });

  it('cn-guard contracts --post beads never closes the tasks of import rules', () => {
    const root = makeRepo(VIOLATING);
    cli(root, ['check', '--post', 'beads']);
    writeTree(root, { 'src/api/users.ts': 'export const users = 2;\n', 'src/api/orders.ts': 'export const orders = 2;\n' });
    const result = cli(root, ['contracts', '--post', 'beads']);
    expect(result.stderr).toContain('0 created, 0 updated, 0 closed');
    expect(records(root).length).toBe(1);
  });

  it('eight concurrent runs create every task exactly once and leave no torn or interleaved line', async () => {
    const tree: Tree = { ...VIOLATING };
    // Four groups: api → db, and an unresolved import in each of three more domains.
    tree['orchestrator.toml'] += [
      '',
      '[domains.web]',
      'scope = "src/web/**"',
      'forbidden_imports = ["src/db/**"]',
      '',
      '[domains.jobs]',
      'scope = "src/jobs/**"',
      'forbidden_imports = ["src/db/**"]',
      '',
    ].join('\n');
    tree['src/web/page.ts'] = "import { client } from '../db/client';\nexport const page = client;\n";
    tree['src/jobs/run.ts'] = "import { client } from '../db/client';\nexport const run = client;\nimport './missing';\n";
    const root = makeRepo(tree);
    const runs = Array.from(
      { length: 8 },
      () =>
        new Promise<number>((done) => {
          const child = spawn(process.execPath, [BIN, 'check', '--post', 'beads', '--quiet'], {
            cwd: root,
            stdio: 'ignore',
            env: { ...process.env, NO_COLOR: '1' },
          });
          child.on('exit', (code) => done(code ?? -1));
        }),
    );
    expect(await Promise.all(runs)).toEqual(Array(8).fill(1));
    const lines = readFileSync(join(root, INBOX), 'utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    const parsed = lines.slice(0, -1).map((line) => JSON.parse(line));
    const fingerprints = parsed.map((r) => r.metadata.cn_guard_fingerprint);
    expect(fingerprints.length).toBe(4);
    expect(new Set(fingerprints).size).toBe(4);
    expect(() => statSync(join(root, '.orchestrator/beads.lock'))).toThrow();
  }, 60_000);
});
