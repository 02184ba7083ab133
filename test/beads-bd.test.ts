import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliResult, cli, git, makeRepo, type Tree, writeTree } from './support/repo.js';

/**
 * cn-guard's Beads integration through the `bd` CLI, end to end: the real CLI with the fake bd
 * (test/support/fake-bd/bd) first on PATH, against sibling projects in real git repositories.
 * What bd itself answers is pinned in test/unit/fake-bd.test.ts.
 */

const FAKE_BD = resolve(import.meta.dirname, 'support/fake-bd/bd');
const BIN = resolve(import.meta.dirname, '../bin/cn-guard.js');
const KNOBS = ['FAKE_BD_FAIL', 'FAKE_BD_HANG', 'FAKE_BD_GARBAGE', 'FAKE_BD_LOG', 'BD_JSON_ENVELOPE', 'BEADS_DIR', 'CN_GUARD_BD_TIMEOUT'];
const T0 = '2026-05-01T10:00:00Z';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface LogEntry {
  argv: string[];
  cwd: string;
}

/**
 * A folder holding `bd` — the fake itself, or (`onlyIn`) a wrapper that keeps the failure knobs
 * for that one project folder and drops them elsewhere — and the log of every call.
 */
function fakeBd(options: { onlyIn?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cn-guard-bd-'));
  dirs.push(dir);
  const bd = join(dir, 'bd');
  if (options.onlyIn === undefined) symlinkSync(FAKE_BD, bd);
  else {
    const only = realpathSync(options.onlyIn);
    writeFileSync(bd, `#!/bin/sh\nif [ "$(pwd -P)" != '${only}' ]; then unset FAKE_BD_FAIL FAKE_BD_HANG FAKE_BD_GARBAGE; fi\nexec '${FAKE_BD}' "$@"\n`);
    chmodSync(bd, 0o755);
  }
  const logFile = join(dir, 'calls.jsonl');
  return {
    env: (extra: Record<string, string | undefined> = {}): Record<string, string | undefined> => ({
      ...Object.fromEntries(KNOBS.map((knob) => [knob, undefined])),
      PATH: `${dir}:${process.env.PATH}`,
      FAKE_BD_LOG: logFile,
      ...extra,
    }),
    log: (): LogEntry[] =>
      existsSync(logFile)
        ? readFileSync(logFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as LogEntry)
        : [],
  };
}

const commands = (log: LogEntry[], command: string) => log.filter((entry) => entry.argv[0] === command);
const writes = (log: LogEntry[]) => log.filter((entry) => ['create', 'update', 'close', 'label', 'ship'].includes(entry.argv[0]!));

/** One export line, in bd's shape (§1.2 of the reference). */
const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ _type: 'issue', status: 'open', priority: 2, issue_type: 'task', created_at: T0, updated_at: T0, ...fields });

const PRODUCER_ISSUE = { id: 'pr-a1b', title: 'Auth API v1', labels: ['export:auth-v1'] };
const CONSUMER_ISSUE = {
  id: 'co-x1',
  title: 'Login page',
  assignee: 'app-agent',
  dependencies: [{ issue_id: 'co-x1', depends_on_id: 'external:producer:auth-v1', type: 'blocks', created_at: T0, metadata: '{}' }],
};

const projectToml = (name: string, other: string, domain: string) =>
  `[project]\nname = "${name}"\n\n[external_projects]\n${other} = "../${other}"\n\n[domains.${domain}]\nscope = "src/**"\nagent_name = "${domain}-agent"\n`;

/** `producer/` and `consumer/` side by side, each its own git repository, each naming the other. */
function siblings() {
  const parent = makeRepo(
    {
      'producer/orchestrator.toml': projectToml('producer', 'consumer', 'auth'),
      'producer/src/index.ts': 'export const token = 1;\n',
      'producer/.beads/issues.jsonl': `${line(PRODUCER_ISSUE)}\n`,
      'consumer/orchestrator.toml': projectToml('consumer', 'producer', 'app'),
      'consumer/src/index.ts': 'export const page = 1;\n',
      'consumer/.beads/issues.jsonl': `${line(CONSUMER_ISSUE)}\n`,
    },
    { git: false },
  );
  const [producer, consumer] = ['producer', 'consumer'].map((name) => realpathSync(join(parent, name))) as [string, string];
  for (const root of [producer, consumer]) {
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'fixture');
  }
  return { parent: realpathSync(parent), producer, consumer };
}

/** The issues of a project's store, as the fake bd keeps them (every line must be complete JSON). */
const store = (root: string): any[] =>
  readFileSync(join(root, '.beads/issues.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((text) => JSON.parse(text));

function editIssue(root: string, id: string, fields: Record<string, unknown>): void {
  const path = join(root, '.beads/issues.jsonl');
  const edited = store(root).map((issue) => JSON.stringify(issue.id === id ? { ...issue, ...fields } : issue));
  writeFileSync(path, `${edited.join('\n')}\n`);
}

/** sha256 of every file under `root` (git's own folder aside), by path. */
function fileHashes(root: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git') walk(path);
      } else hashes[relative(root, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(root);
  return hashes;
}

const parsed = (result: CliResult) => {
  expect([0, 1], `exit ${result.code}\n${result.stderr}`).toContain(result.code);
  return JSON.parse(result.stdout);
};

describe('reading every project through bd', () => {
  it.each([
    ['bare JSON', undefined],
    ['the {data, schema_version} envelope', '1'],
  ])('contracts reads each project once with bd list, in its own folder (%s), and reports the consumer issue blocked', (_name, envelope) => {
    const { producer, consumer } = siblings();
    const bd = fakeBd();
    const report = parsed(cli(consumer, ['contracts', '--format', 'json'], bd.env({ BD_JSON_ENVELOPE: envelope })));

    const log = bd.log();
    expect(log.map((entry) => entry.argv[0])).toEqual(['list', 'list']);
    for (const entry of log) expect(entry.argv).toEqual(['list', '--all', '--limit', '0', '--json']);
    expect(log.map((entry) => entry.cwd).sort()).toEqual([consumer, producer].sort());

    expect(report.findings).toEqual([]);
    expect(report.capabilities).toEqual({
      projects: [
        { name: 'consumer', source: 'bd', issues: 1 },
        { name: 'producer', source: 'bd', issues: 1 },
      ],
      provided: [],
      blocked: [{ project: 'consumer', issue: 'co-x1', title: 'Login page', waitingOn: ['external:producer:auth-v1'] }],
      unblocked: [],
    });
  });

  it('bd failing for list in every project: both read from the JSONL export, each with an unreadable-beads warning', () => {
    const { consumer } = siblings();
    const bd = fakeBd();
    const result = cli(consumer, ['contracts', '--format', 'json'], bd.env({ FAKE_BD_FAIL: 'list' }));
    const report = parsed(result);
    expect(result.code).toBe(0); // warnings only
    expect(commands(bd.log(), 'list')).toHaveLength(2);

    expect(report.capabilities.projects).toEqual([
      { name: 'consumer', source: 'jsonl', issues: 1 },
      { name: 'producer', source: 'jsonl', issues: 1 },
    ]);
    expect(report.capabilities.blocked).toEqual([{ project: 'consumer', issue: 'co-x1', title: 'Login page', waitingOn: ['external:producer:auth-v1'] }]);
    const warnings = report.findings.map((f: any) => [f.rule, f.severity, f.file, f.line, f.message]);
    expect(warnings).toEqual([
      ['unreadable-beads', 'warning', '.beads', undefined, 'bd list failed: injected failure; read .beads/issues.jsonl instead, which may be older'],
      [
        'unreadable-beads',
        'warning',
        'orchestrator.toml',
        5,
        'bd list failed: injected failure (external project "producer", declared in orchestrator.toml); read .beads/issues.jsonl instead, which may be older',
      ],
    ]);
  });

  it.each([
    ['fails', { FAKE_BD_FAIL: 'list' }, 'bd list failed: injected failure'],
    ['prints garbage', { FAKE_BD_GARBAGE: 'list' }, 'bd list printed something that is not JSON: "this is not json {"'],
    ['never answers', { FAKE_BD_HANG: 'list', CN_GUARD_BD_TIMEOUT: '1' }, 'bd list did not answer within 1 s and was stopped'],
  ])('bd %s in the producer only: a finding that says so, the producer read from its JSONL, the consumer still through bd', (_name, knobs, said) => {
    const { producer, consumer } = siblings();
    const bd = fakeBd({ onlyIn: producer });
    const started = Date.now();
    const report = parsed(cli(consumer, ['contracts', '--format', 'json'], bd.env(knobs)));
    expect(Date.now() - started).toBeLessThan(8_000);

    expect(
      commands(bd.log(), 'list')
        .map((entry) => entry.cwd)
        .sort(),
    ).toEqual([consumer, producer].sort());
    expect(report.capabilities.projects).toEqual([
      { name: 'consumer', source: 'bd', issues: 1 },
      { name: 'producer', source: 'jsonl', issues: 1 },
    ]);
    expect(report.capabilities.blocked.map((b: any) => b.issue)).toEqual(['co-x1']);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      rule: 'unreadable-beads',
      severity: 'warning',
      file: 'orchestrator.toml',
      line: 5,
      message: `${said} (external project "producer", declared in orchestrator.toml); read .beads/issues.jsonl instead, which may be older`,
    });
  });
});

describe('cn-guard ship through bd ship', () => {
  it.each([
    [
      'bd list fails: refused, since cn-guard ships only from what bd says',
      { FAKE_BD_FAIL: 'list' },
      /^bd list failed: injected failure; read .beads\/issues.jsonl instead, which may be older: cn-guard ships only from what bd says$/,
    ],
    ['bd ship fails: refused, and no shipment recorded', { FAKE_BD_FAIL: 'ship' }, /^bd ship auth-v1 failed: /],
  ])('%s', (_name, knobs, reason) => {
    const { parent, producer } = siblings();
    editIssue(producer, 'pr-a1b', { status: 'closed', closed_at: '2026-05-02T10:00:00Z' });
    const bd = fakeBd();
    const before = fileHashes(parent);
    const result = cli(producer, ['ship', 'auth-v1', '--format', 'json'], bd.env(knobs));
    expect(result.code, result.stderr).toBe(1);
    const refused = JSON.parse(result.stdout);
    expect(refused).toMatchObject({ status: 'refused', via: 'bd', unblocked: [] });
    expect(refused.reasons).toEqual([expect.stringMatching(reason)]);
    expect(fileHashes(parent)).toEqual(before);
  });

  it('refuses an open export issue, dry-runs without writing, ships once, tells the consumer once, and a second run changes nothing', () => {
    const { parent, producer, consumer } = siblings();
    const bd = fakeBd();
    const env = bd.env();
    const ship = (...args: string[]) => cli(producer, ['ship', 'auth-v1', '--format', 'json', ...args], env);

    // Open: refused, nothing written, bd ship never asked.
    let before = fileHashes(parent);
    let result = ship();
    expect(result.code, result.stderr).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      status: 'refused',
      issue_id: 'pr-a1b',
      via: 'bd',
      reasons: ['issue pr-a1b is not closed (status: open); close the issue first, or use --force to override'],
    });
    expect(fileHashes(parent)).toEqual(before);
    expect(commands(bd.log(), 'ship')).toEqual([]);

    editIssue(producer, 'pr-a1b', { status: 'closed', closed_at: '2026-05-02T10:00:00Z' });

    // Dry run: says what it would do, writes nothing.
    before = fileHashes(parent);
    result = ship('--dry-run');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      status: 'dry_run',
      would_add: 'provides:auth-v1',
      shipment: { recorded: false },
      unblocked: [{ project: 'consumer', issue: 'co-x1', satisfied: ['external:producer:auth-v1'] }],
    });
    expect(fileHashes(parent)).toEqual(before);
    expect(writes(bd.log())).toEqual([]);

    // Shipped through bd ship, recorded in the lock, one notice created in the consumer through bd create.
    let mark = bd.log().length;
    result = ship('--post', 'beads');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const shipped = JSON.parse(result.stdout);
    expect(shipped).toMatchObject({
      status: 'shipped',
      capability: 'auth-v1',
      issue_id: 'pr-a1b',
      project: 'producer',
      via: 'bd',
      label: 'provides:auth-v1',
      shipment: { recorded: true },
      unblocked: [{ project: 'consumer', issue: 'co-x1', title: 'Login page', satisfied: ['external:producer:auth-v1'] }],
      warnings: [],
    });
    let log = bd.log().slice(mark);
    expect(writes(log).map((entry) => [entry.argv[0], entry.cwd])).toEqual([
      ['ship', producer],
      ['create', consumer],
    ]);
    expect(commands(log, 'ship')[0]!.argv).toEqual(['ship', 'auth-v1', '--json']);
    const create = commands(log, 'create')[0]!.argv;
    expect(create).toEqual(expect.arrayContaining(['--labels=cn-guard,unblocked', '--deps=related:co-x1', '--assignee=app-agent', '--json']));

    expect(store(producer).find((issue) => issue.id === 'pr-a1b').labels).toEqual(['export:auth-v1', 'provides:auth-v1']);
    const lock = JSON.parse(readFileSync(join(producer, '.orchestrator/contracts.lock.json'), 'utf8'));
    expect(lock.shipments['auth-v1']).toMatchObject({ issue: 'pr-a1b', commit: git(producer, 'rev-parse', 'HEAD').trim() });
    const notices = store(consumer).filter((issue) => issue.labels?.includes('unblocked'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ labels: ['cn-guard', 'unblocked'], assignee: 'app-agent', metadata: { cn_guard_notice: 'external:producer:auth-v1' } });
    expect(shipped.posted).toEqual([
      { project: 'consumer', via: 'bd', created: [{ id: notices[0].id, title: 'Unblocked: co-x1 Login page' }], updated: [], closed: [] },
    ]);

    // Again, with and without --post beads: already shipped, nothing written anywhere, nothing new in bd.
    for (const args of [['--post', 'beads'], []]) {
      before = fileHashes(parent);
      mark = bd.log().length;
      result = ship(...args);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ status: 'already_shipped', issue_id: 'pr-a1b', shipment: { recorded: false } });
      expect(fileHashes(parent)).toEqual(before);
      log = bd.log().slice(mark);
      expect(writes(log)).toEqual([]);
      expect(log.length).toBeGreaterThan(0);
    }

    // The consumer now sees its wait is over.
    const consumerView = parsed(cli(consumer, ['contracts', '--format', 'json'], env)).capabilities;
    expect(consumerView.provided).toEqual([{ project: 'producer', capability: 'auth-v1', issue: 'pr-a1b' }]);
    expect(consumerView.blocked).toEqual([]);
    expect(consumerView.unblocked.map((u: any) => u.issue)).toEqual(['co-x1']);
  });
});

const API_DB_TOML = `[domains.api]
scope = "src/api/**"
forbidden_imports = ["src/db/**"]
agent_name = "api-agent"

[domains.db]
scope = "src/db/**"
agent_name = "db-agent"
`;
const WEB_TOML = `
[domains.web]
scope = "src/web/**"
forbidden_imports = ["src/db/**"]
agent_name = "web-agent"
`;
const VIOLATION = "import { client } from '../db/client';\nexport const users = client;\n";
const CLEAN = 'export const users = [];\n';
const UNRELATED = line({ id: 'ap-u1', title: 'Unrelated work', assignee: 'api-agent', labels: ['domain:api'] });

function violatingRepo(extra: Tree = {}): string {
  return makeRepo({
    'orchestrator.toml': API_DB_TOML,
    'src/api/users.ts': VIOLATION,
    'src/db/client.ts': 'export const client = 1;\n',
    '.beads/issues.jsonl': `${UNRELATED}\n`,
    ...extra,
  });
}

const tasks = (root: string) => store(root).filter((issue) => issue.labels?.includes('cn-guard'));
const normalized = (text: string) => text.replace(/ in \d+ ms/g, ' in N ms');

describe('check --post beads through bd', () => {
  it('never lets bd walk up into a parent project: without its own .beads/, nothing is posted, and it says why', () => {
    const parent = makeRepo({
      '.beads/issues.jsonl': `${UNRELATED}\n`,
      'child/orchestrator.toml': API_DB_TOML,
      'child/src/api/users.ts': VIOLATION,
      'child/src/db/client.ts': 'export const client = 1;\n',
    });
    const child = join(parent, 'child');
    git(child, 'init', '-q', '-b', 'main');
    const bd = fakeBd();
    const before = fileHashes(join(parent, '.beads'));
    const result = cli(child, ['check', '--post', 'beads'], bd.env());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^cn-guard: warning: beads: no Beads task was posted: .*child has no \.beads folder for bd: run bd init there$/m);
    expect(writes(bd.log())).toEqual([]);
    expect(fileHashes(join(parent, '.beads'))).toEqual(before);
  });

  it('creates one task per violation group, then nothing; a staged run never closes; a whole-repository run closes it once fixed', () => {
    const repo = violatingRepo();
    const bd = fakeBd();
    const env = bd.env();
    const run = (...args: string[]) => {
      const mark = bd.log().length;
      const result = cli(repo, ['check', ...args, '--post', 'beads'], env);
      return { ...result, log: bd.log().slice(mark) };
    };

    const first = run();
    expect(first.code, first.stderr).toBe(1);
    expect(first.stderr).toBe('cn-guard: beads: 1 created, 0 updated, 0 closed through bd\n');
    expect(writes(first.log).map((entry) => entry.argv[0])).toEqual(['create']);
    const create = first.log.find((entry) => entry.argv[0] === 'create')!;
    expect(create.cwd).toBe(realpathSync(repo));
    expect(create.argv).toEqual(expect.arrayContaining(['--assignee=api-agent', '--labels=cn-guard,domain:api', '--json']));
    const metadataArg = create.argv.find((arg) => arg.startsWith('--metadata='))!;
    const metadata = JSON.parse(metadataArg.slice('--metadata='.length));
    expect(metadata).toMatchObject({ cn_guard_fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/), cn_guard_rule: 'forbidden-import' });
    const [task] = tasks(repo);
    expect(tasks(repo)).toHaveLength(1);
    expect(task).toMatchObject({ status: 'open', assignee: 'api-agent', labels: ['cn-guard', 'domain:api'], metadata });

    const storeText = () => readFileSync(join(repo, '.beads/issues.jsonl'), 'utf8');
    const settled = storeText();
    const second = run();
    expect(second.code, second.stderr).toBe(1);
    expect(second.stderr).toBe('cn-guard: beads: 0 created, 0 updated, 0 closed through bd\n');
    expect(writes(second.log)).toEqual([]);
    expect(storeText()).toBe(settled);

    // Fixed in the index only (the working tree still violates): a staged run sees no finding, and closes nothing.
    writeTree(repo, { 'src/api/users.ts': CLEAN });
    git(repo, 'add', 'src/api/users.ts');
    writeTree(repo, { 'src/api/users.ts': VIOLATION });
    const staged = run('--staged');
    expect(staged.code, staged.stderr).toBe(0);
    expect(writes(staged.log)).toEqual([]);
    expect(tasks(repo)[0].status).toBe('open');

    // Fixed and committed: the whole-repository run closes the task, with a reason.
    writeTree(repo, { 'src/api/users.ts': CLEAN });
    git(repo, 'commit', '-q', '-m', 'fix');
    const whole = run();
    expect(whole.code, whole.stderr).toBe(0);
    expect(whole.stderr).toBe('cn-guard: beads: 0 created, 0 updated, 1 closed through bd\n');
    expect(writes(whole.log).map((entry) => entry.argv.slice(0, 2))).toEqual([['close', task.id]]);
    expect(writes(whole.log)[0]!.argv[2]).toMatch(/^--reason=cn-guard: no finding of this group is left \(whole-repository check/);
    expect(tasks(repo)).toMatchObject([{ id: task.id, status: 'closed', close_reason: expect.stringContaining('no finding of this group is left') }]);

    // The unrelated issue, though it is api's and assigned to api-agent, was never written to.
    expect(bd.log().filter((entry) => entry.argv.includes('ap-u1'))).toEqual([]);
    expect(store(repo)).toContainEqual(JSON.parse(UNRELATED));
  });

  it('eight runs at once on one repository leave each violation task exactly once, and every store line complete', async () => {
    const repo = violatingRepo({ 'orchestrator.toml': API_DB_TOML + WEB_TOML, 'src/web/page.ts': VIOLATION });
    const bd = fakeBd();
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...bd.env() };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const runs = Array.from(
      { length: 8 },
      () =>
        new Promise<{ code: number | null; stderr: string }>((done, fail) => {
          const child = spawn(process.execPath, [BIN, 'check', '--post', 'beads'], { cwd: repo, env, stdio: ['ignore', 'ignore', 'pipe'] });
          let stderr = '';
          child.stderr.on('data', (chunk) => (stderr += chunk));
          child.on('error', fail);
          child.on('close', (code) => done({ code, stderr }));
        }),
    );
    const results = await Promise.all(runs);
    for (const result of results) expect(result.code, result.stderr).toBe(1);
    const created = results.map((result) => Number(/beads: (\d+) created/.exec(result.stderr)?.[1]));
    expect(created.reduce((a, b) => a + b, 0)).toBe(2);

    const text = readFileSync(join(repo, '.beads/issues.jsonl'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    for (const record of text.slice(0, -1).split('\n')) expect(() => JSON.parse(record)).not.toThrow();
    const byFingerprint = new Map<string, number>();
    for (const task of tasks(repo)) byFingerprint.set(task.metadata.cn_guard_fingerprint, (byFingerprint.get(task.metadata.cn_guard_fingerprint) ?? 0) + 1);
    expect([...byFingerprint.values()]).toEqual([1, 1]);
    expect(
      tasks(repo)
        .map((task) => task.labels.join(','))
        .sort(),
    ).toEqual(['cn-guard,domain:api', 'cn-guard,domain:web']);
    expect(commands(bd.log(), 'create')).toHaveLength(2);
    expect(existsSync(join(repo, '.orchestrator/beads.lock'))).toBe(false);
    expect(readdirSync(join(repo, '.beads')).sort()).toEqual(['issues.jsonl']);
  });

  it.each([
    ['bd create fails', { FAKE_BD_FAIL: 'create' }, /^cn-guard: warning: beads: bd create failed: injected failure$/m],
    ['bd list fails', { FAKE_BD_FAIL: 'list' }, /^cn-guard: warning: beads: bd list failed: injected failure: no task was posted$/m],
    [
      'bd create hangs',
      { FAKE_BD_HANG: 'create', CN_GUARD_BD_TIMEOUT: '1' },
      /^cn-guard: warning: beads: bd create did not answer within 1 s and was stopped$/m,
    ],
  ])('%s while posting: the report is printed in full, the exit code stays the findings’, and stderr warns', (_name, knobs, warning) => {
    const repo = violatingRepo();
    const bd = fakeBd();
    const env = bd.env(knobs);
    const plain = cli(repo, ['check'], env);
    const posted = cli(repo, ['check', '--post', 'beads'], env);
    expect(plain.code, plain.stderr).toBe(1);
    expect(posted.code, posted.stderr).toBe(1);
    expect(normalized(posted.stdout)).toBe(normalized(plain.stdout));
    expect(posted.stdout).toContain('src/api/users.ts:1:1  error  forbidden-import  api may not import src/db/client.ts');
    expect(posted.stderr).toMatch(warning);
    expect(tasks(repo)).toEqual([]);
  });
});
