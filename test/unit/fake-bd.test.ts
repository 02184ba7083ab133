import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The fake `bd` that tests put on PATH (test/support/fake-bd/bd): it must speak the documented bd shapes.
const BD = fileURLToPath(new URL('../support/fake-bd/bd', import.meta.url));
const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-bd-'));
  dirs.push(dir);
  return dir;
}

/** A project folder named `name` holding an empty `.beads/`. */
function project(name = 'proj'): string {
  const dir = path.join(tempDir(), name);
  fs.mkdirSync(path.join(dir, '.beads'), { recursive: true });
  return dir;
}

/** The environment without any knob the outer shell might have set. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^(FAKE_BD_|BEADS_|BD_)/.test(key)) delete env[key];
  return { ...env, ...extra };
}

function bd(cwd: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(BD, args, { cwd, encoding: 'utf8', env: cleanEnv(env), timeout: 10_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Run a command that must succeed with --json and return its parsed stdout. */
function json(cwd: string, args: string[], env: Record<string, string> = {}): any {
  const result = bd(cwd, [...args, '--json'], env);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

const storeLines = (dir: string) =>
  fs
    .readFileSync(path.join(dir, '.beads', 'issues.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

describe('fake bd: create and list', () => {
  it('create --json returns the Issue object with schema_version, sorted keys and no dependencies', () => {
    const dir = project('widgets');
    const issue = json(dir, ['create', 'First thing', '-d', 'why', '-l', 'api,export:auth', '--labels', 'zeta', '--deps', 'related:widgets-x']);
    expect(Object.keys(issue)).toEqual([...Object.keys(issue)].sort());
    expect(issue).toMatchObject({ title: 'First thing', description: 'why', status: 'open', priority: 2, issue_type: 'task', schema_version: 1 });
    expect(issue.id).toMatch(/^widgets-[0-9a-z]{4,6}$/);
    expect(issue.labels).toEqual(['api', 'export:auth', 'zeta']);
    expect(issue.created_at).toMatch(STAMP);
    expect(issue).not.toHaveProperty('dependencies');
    expect(issue).not.toHaveProperty('closed_at');

    const [line] = storeLines(dir);
    expect(Object.keys(line)).toEqual([
      '_type',
      'id',
      'title',
      'description',
      'status',
      'priority',
      'issue_type',
      'created_at',
      'updated_at',
      'labels',
      'dependencies',
    ]);
    expect(line.dependencies).toEqual([
      { issue_id: issue.id, depends_on_id: 'widgets-x', type: 'related', created_at: expect.stringMatching(STAMP), metadata: '{}' },
    ]);
  });

  it('new ids reuse the prefix of existing ids; --silent prints only the id; text mode is not JSON', () => {
    const dir = project('folder');
    json(dir, ['create', 'seed', '--id', 'cn-abc']);
    const silent = bd(dir, ['create', 'quiet one', '--silent']);
    expect(silent.stdout).toMatch(/^cn-[0-9a-z]{4,6}\n$/);
    const text = bd(dir, ['create', '--title', 'loud one', '-p', 'P0', '-t', 'bug']);
    expect(text.stdout).toMatch(/^✓ Created issue: cn-[0-9a-z]{4,6}\n/);
    expect(storeLines(dir).map((i) => i.id)).toEqual([...storeLines(dir).map((i) => i.id)].sort());
  });

  it('list --json is a bare array of IssueWithCounts; BD_JSON_ENVELOPE=1 wraps it', () => {
    const dir = project();
    const blocker = json(dir, ['create', 'blocker', '-p', '1', '-l', 'b,a']);
    const blocked = json(dir, ['create', 'blocked', '--deps', `${blocker.id},blocked-by:external:other:cap`, '--metadata', '{"k":"v"}']);
    const done = json(dir, ['create', 'done']);
    json(dir, ['close', done.id]);

    const list = json(dir, ['list']);
    expect(Array.isArray(list)).toBe(true);
    expect(list.map((i: any) => i.id)).toEqual([blocker.id, blocked.id]); // priority order, closed excluded
    expect(list[0]).toMatchObject({ labels: ['a', 'b'], dependency_count: 0, dependent_count: 1, comment_count: 0 });
    expect(list[0]).not.toHaveProperty('_type');
    expect(list[0]).not.toHaveProperty('schema_version');
    expect(list[1]).toMatchObject({ metadata: { k: 'v' }, dependency_count: 2, dependent_count: 0 });
    expect(list[1].dependencies.map((d: any) => [d.depends_on_id, d.type])).toEqual([
      [blocker.id, 'blocks'],
      ['external:other:cap', 'blocks'],
    ]);

    expect(json(dir, ['list', '--all']).map((i: any) => i.id)).toContain(done.id);
    expect(json(dir, ['list', '-s', 'closed']).map((i: any) => i.id)).toEqual([done.id]);
    expect(json(dir, ['list', '--label', 'a', '-l', 'b']).map((i: any) => i.id)).toEqual([blocker.id]);
    expect(json(dir, ['list', '--label-any=zzz,a']).map((i: any) => i.id)).toEqual([blocker.id]);
    expect(json(dir, ['list', '--all', '--limit', '1'])).toHaveLength(1);

    const enveloped = json(dir, ['list'], { BD_JSON_ENVELOPE: '1' });
    expect(enveloped).toEqual({ schema_version: 1, data: list });
    expect(json(dir, ['version'], { BD_JSON_ENVELOPE: '1' })).toEqual({ schema_version: 1, data: { version: '1.3.0', build: 'fake' } });
    expect(json(dir, ['version'])).toEqual({ build: 'fake', schema_version: 1, version: '1.3.0' });
  });

  it('reads the store tolerantly, keeps non-issue lines, and honours -C and BEADS_DIR', () => {
    const dir = project();
    const memory = '{"_type":"memory","key":"k","value":"v"}';
    const old = { id: 'p-1', title: 'old', status: 'open', priority: 1, issue_type: 'task', created_at: 't', updated_at: 't' };
    const lines = ['', JSON.stringify(old), memory, '  ', JSON.stringify({ ...old, title: 'new', custom_field: 7 })];
    fs.writeFileSync(path.join(dir, '.beads', 'issues.jsonl'), `${lines.join('\n')}\n`);
    const elsewhere = tempDir();
    expect(json(elsewhere, ['-C', dir, 'list']).map((i: any) => i.title)).toEqual(['new']);
    expect(json(elsewhere, ['list'], { BEADS_DIR: path.join(dir, '.beads') })).toHaveLength(1);
    fs.mkdirSync(path.join(dir, 'deep', 'er'), { recursive: true });
    json(path.join(dir, 'deep', 'er'), ['create', 'second']);
    const text = fs.readFileSync(path.join(dir, '.beads', 'issues.jsonl'), 'utf8');
    expect(text).toContain(memory);
    expect(storeLines(dir).find((i) => i.id === 'p-1')).toMatchObject({ title: 'new', custom_field: 7 });
    expect(bd(dir, ['export']).stdout.split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('fails without a .beads folder', () => {
    const result = bd(tempDir(), ['list', '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr)).toEqual({ error: 'no beads database found', schema_version: 1 });
  });
});

describe('fake bd: update, close, label', () => {
  it('update and close return arrays; closed_at is present iff closed', () => {
    const dir = project();
    const { id } = json(dir, ['create', 'x', '-l', 'old']);
    const [updated] = json(dir, ['update', id, '--status', 'in_progress', '--add-label', 'new', '--remove-label', 'old', '--append-notes', 'n1', '-a', 'me']);
    expect(updated).toMatchObject({ id, status: 'in_progress', labels: ['new'], notes: 'n1', assignee: 'me' });
    expect(updated).not.toHaveProperty('schema_version');

    const [closed] = json(dir, ['close', id, '-r', 'fixed']);
    expect(closed).toMatchObject({ id, status: 'closed', close_reason: 'fixed', closed_at: expect.stringMatching(STAMP) });
    expect(json(dir, ['close', id, '--reason=again'])[0]).toMatchObject({ status: 'closed', close_reason: 'again' }); // re-closing succeeds

    const [reopened] = json(dir, ['update', id, '-s', 'open', '--metadata', '{"a":[1]}']);
    expect(reopened).not.toHaveProperty('closed_at');
    expect(reopened).not.toHaveProperty('close_reason');
    expect(reopened.metadata).toEqual({ a: [1] });

    const missing = bd(dir, ['update', 'p-nope', '-s', 'open', '--json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toEqual({ error: 'no issue found matching "p-nope"', schema_version: 1 });
    expect(bd(dir, ['update', id, '--metadata', '[1]']).code).toBe(1);
  });

  it('label add returns status records and refuses provides: labels', () => {
    const dir = project();
    const a = json(dir, ['create', 'a']);
    const b = json(dir, ['create', 'b']);
    expect(json(dir, ['label', 'add', a.id, b.id, 'export:cap'])).toEqual([
      { issue_id: a.id, label: 'export:cap', status: 'added' },
      { issue_id: b.id, label: 'export:cap', status: 'added' },
    ]);
    const refused = bd(dir, ['label', 'add', a.id, 'provides:cap']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe("Error: 'provides:' labels are reserved for cross-project capabilities. Hint: use 'bd ship cap' instead\n");
    expect(json(dir, ['list']).every((i: any) => !i.labels.includes('provides:cap'))).toBe(true);
  });
});

describe('fake bd: ship', () => {
  it('none, multiple, not closed, dry run, shipped, already shipped', () => {
    const dir = project();
    const none = bd(dir, ['ship', 'cap']);
    expect(none).toMatchObject({ code: 1, stdout: '' });
    expect(none.stderr).toBe("Error: no issue found with label 'export:cap'\nHint: add the label first: bd label add <issue-id> export:cap\n");

    const a = json(dir, ['create', 'producer', '-l', 'export:cap']);
    const b = json(dir, ['create', 'another', '-l', 'export:cap']);
    const multiple = bd(dir, ['ship', 'cap']);
    expect(multiple.code).toBe(1);
    const [first, second] = [a, b].sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(multiple.stderr).toBe(
      `Error: multiple issues found with label 'export:cap':\n  ${first.id}: ${first.title} (open)\n  ${second.id}: ${second.title} (open)\nError: only one issue should have this label\n`,
    );

    json(dir, ['update', b.id, '--remove-label', 'export:cap']);
    const open = bd(dir, ['ship', 'cap', '--json']);
    expect(open.code).toBe(1);
    expect(JSON.parse(open.stdout)).toEqual({
      error: `issue ${a.id} is not closed (status: open)`,
      hint: 'close the issue first, or use --force to override',
      schema_version: 1,
    });

    json(dir, ['close', a.id]);
    expect(json(dir, ['ship', 'cap', '--dry-run'])).toEqual({
      status: 'dry_run',
      capability: 'cap',
      issue_id: a.id,
      would_add: 'provides:cap',
      schema_version: 1,
    });
    expect(bd(dir, ['ship', 'cap', '--dry-run']).stdout).toBe(`→ Would ship 'cap' on ${a.id} (dry run)\n`);
    expect(storeLines(dir).find((i) => i.id === a.id).labels).toEqual(['export:cap']);

    const shipped = bd(dir, ['ship', 'cap']);
    expect(shipped).toMatchObject({ code: 0, stderr: '' });
    expect(shipped.stdout).toBe(`✓ Shipped cap (${a.id})\n  Added label: provides:cap\n\nExternal projects can now depend on: external:<this-project>:cap\n`);
    expect(storeLines(dir).find((i) => i.id === a.id).labels).toEqual(['export:cap', 'provides:cap']);
    expect(json(dir, ['ship', 'cap'])).toEqual({ status: 'already_shipped', capability: 'cap', issue_id: a.id, schema_version: 1 });

    json(dir, ['create', 'forced', '-l', 'export:other']);
    expect(json(dir, ['ship', 'other', '--force'])).toMatchObject({ status: 'shipped', label: 'provides:other', schema_version: 1 });
  });
});

describe('fake bd: strictness, recording and failure injection', () => {
  it('rejects unknown flags and commands', () => {
    const dir = project();
    expect(bd(dir, ['list', '--bogus'])).toEqual({ code: 1, stdout: '', stderr: 'Error: unknown flag: --bogus\n' });
    expect(bd(dir, ['create', 'x', '--blocked-by', 'y']).stderr).toBe('Error: unknown flag: --blocked-by\n');
    expect(bd(dir, ['list', '-z']).stderr).toBe("Error: unknown shorthand flag: 'z' in -z\n");
    expect(bd(dir, ['ready', '--json'])).toMatchObject({ code: 1, stderr: 'Error: unknown command "ready" for "bd"\n' });
    expect(bd(dir, ['label', 'remove', 'a', 'b']).code).toBe(1);
    expect(bd(dir, ['create', '--title']).stderr).toBe('Error: flag needs an argument: --title\n');
  });

  it('FAKE_BD_LOG records argv and cwd of every invocation', () => {
    const dir = project();
    const log = path.join(tempDir(), 'calls.jsonl');
    bd(dir, ['create', 'x', '--json'], { FAKE_BD_LOG: log });
    bd(dir, ['list', '--nope'], { FAKE_BD_LOG: log });
    const calls = fs
      .readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(calls).toEqual([
      { argv: ['create', 'x', '--json'], cwd: dir },
      { argv: ['list', '--nope'], cwd: dir },
    ]);
  });

  it('FAKE_BD_FAIL, FAKE_BD_GARBAGE and FAKE_BD_HANG', () => {
    const dir = project();
    const failed = bd(dir, ['create', 'x', '--json'], { FAKE_BD_FAIL: 'create' });
    expect(failed).toMatchObject({ code: 1, stdout: '' });
    expect(JSON.parse(failed.stderr)).toEqual({ error: 'injected failure', schema_version: 1 });
    expect(fs.existsSync(path.join(dir, '.beads', 'issues.jsonl'))).toBe(false);
    expect(bd(dir, ['list', '--json'], { FAKE_BD_FAIL: 'create' }).code).toBe(0);
    expect(bd(dir, ['version'], { FAKE_BD_FAIL: '*' }).code).toBe(1);

    expect(bd(dir, ['list', '--json'], { FAKE_BD_GARBAGE: 'list' })).toEqual({ code: 0, stdout: 'this is not json {\n', stderr: '' });

    const hung = spawnSync(BD, ['ship', 'x', '--json'], { cwd: dir, encoding: 'utf8', env: cleanEnv({ FAKE_BD_HANG: 'ship' }), timeout: 500 });
    expect(hung.signal).toBe('SIGTERM');
    expect(hung.stdout).toBe('');
  });

  it('eight concurrent creates all land with distinct ids', async () => {
    const dir = project();
    const runs = Array.from(
      { length: 8 },
      (_, n) =>
        new Promise<string>((resolve, reject) => {
          const child = spawn(BD, ['create', `parallel ${n}`, '--silent'], { cwd: dir, env: cleanEnv() });
          let out = '';
          child.stdout.on('data', (chunk) => (out += chunk));
          child.on('error', reject);
          child.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`bd create exited ${code}`))));
        }),
    );
    const ids = await Promise.all(runs);
    expect(new Set(ids).size).toBe(8);
    const stored = storeLines(dir);
    expect(stored.map((i) => i.id).sort()).toEqual([...ids].sort());
    expect(stored.map((i) => i.title).sort()).toEqual(Array.from({ length: 8 }, (_, n) => `parallel ${n}`));
    expect(fs.readdirSync(path.join(dir, '.beads'))).toEqual(['issues.jsonl']); // no lock or temp file left behind
  });
});
