import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  addLabelToLine,
  analyzeCapabilities,
  type BeadsIssue,
  capabilityProblem,
  type DesiredTask,
  EXTERNAL,
  editIssueLine,
  externalRef,
  inboxStore,
  issuePrefix,
  type ProjectIssues,
  parseExternalRef,
  parseIssuesJsonl,
  reconcileTasks,
  TASK_LABEL,
  unblockedBy,
  unblockedNotice,
  violationTasks,
} from '../../src/beads/index.js';
import { withFileLock } from '../../src/io/index.js';
import { type Finding, type FindingDraft, finding, type RuleId } from '../../src/model/index.js';

/**
 * The Beads stage on inputs made by hand: the JSONL export as bd writes it, external references
 * and bd's satisfaction rule, the byte-preserving label edit, the tasks cn-guard keeps in Beads,
 * the import inbox, and the lock that serialises runs.
 */

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cn-guard-beads-'));
  dirs.push(dir);
  return dir;
}

const issue = (id: string, extra: Partial<BeadsIssue> = {}): BeadsIssue => ({
  id,
  title: `title of ${id}`,
  status: 'open',
  labels: [],
  dependencies: [],
  ...extra,
});
const dep = (dependsOn: string, type = 'blocks') => ({ dependsOn, type });
const project = (name: string, issues: BeadsIssue[], extra: Partial<ProjectIssues> = {}): ProjectIssues => ({
  name,
  root: `/work/${name}`,
  self: false,
  declaredIn: 'orchestrator.toml',
  source: 'jsonl',
  issues,
  problems: [],
  ...extra,
});

describe('parseIssuesJsonl', () => {
  // A literal \u003c escape as Go writes it, an unknown field and a custom status.
  const escaped = String.raw`{"id":"a-2","title":"x \u003c y \u0026 z","status":"review:wip","zzz":{"unknown":[1,2]},"priority":1}`;
  const text = [
    '{"_schema":"beads-jsonl/1","exported_at":"2026-01-01T00:00:00Z"}',
    JSON.stringify({ _type: 'issue', id: 'a-1', title: 'first', status: 'open', labels: ['old'] }),
    '',
    '{not json',
    escaped,
    JSON.stringify({ id: 'a-1', title: 'second', status: 'closed', labels: ['new', 7] }),
    JSON.stringify({ _type: 'memory', id: 'a-1', key: 'a-1', value: 'not an issue' }),
    JSON.stringify({ title: 'no id' }),
    JSON.stringify({ id: 'a-3' }),
    'null',
    '   ',
    JSON.stringify({
      _type: 'issue',
      id: 'a-4',
      title: 'deps',
      dependencies: [{ depends_on_id: 'external:p:c', type: 'waits-for' }, { depends_on_external: 'external:q:d' }, { type: 'blocks' }],
    }),
    '',
  ].join('\n');
  const parsed = parseIssuesJsonl(text);

  it('folds by id: the last line wins, at its own position and line number', () => {
    expect(parsed.issues.map((i) => i.id)).toEqual(['a-2', 'a-1', 'a-4']);
    const a1 = parsed.issues.find((i) => i.id === 'a-1')!;
    expect(a1).toMatchObject({ title: 'second', status: 'closed', labels: ['new'], line: 6 });
    expect(a1.record).toEqual({ id: 'a-1', title: 'second', status: 'closed', labels: ['new', 7] });
  });

  it('skips blank lines, memory lines and the _schema header', () => {
    expect(parsed.issues.some((i) => i.title === 'not an issue')).toBe(false);
    // The header is neither an issue nor a problem ("title is required" would be bd 1.0.5's own error).
    expect(parsed.problems.map((p) => p.line)).toEqual([4, 8, 9, 10]);
  });

  it('reports a malformed line at its 1-based number and reads on', () => {
    expect(parsed.problems[0]).toMatchObject({ file: '.beads/issues.jsonl', line: 4 });
    expect(parsed.problems[0]!.message).toMatch(/^line 4 is not valid JSON \(.+\): it was skipped$/);
    expect(parsed.issues.find((i) => i.id === 'a-4')?.line).toBe(12);
  });

  it('reports records without an id or a title, or that are no object', () => {
    expect(parsed.problems[1]!.message).toBe('line 8 is not an issue record (an issue without an "id"): it was skipped');
    expect(parsed.problems[2]!.message).toBe('line 9 is not an issue record (issue a-3 has no "title"): it was skipped');
    expect(parsed.problems[3]!.message).toBe('line 10 is not an issue record (not a JSON object): it was skipped');
    expect(parsed.issues.some((i) => i.id === 'a-3')).toBe(false);
  });

  it('accepts \\u003c escapes, unknown fields and unknown statuses', () => {
    const a2 = parsed.issues.find((i) => i.id === 'a-2')!;
    expect(a2).toMatchObject({ title: 'x < y & z', status: 'review:wip', priority: 1, line: 5 });
    expect(a2.record?.zzz).toEqual({ unknown: [1, 2] });
  });

  it('reads dependencies: depends_on_id, depends_on_external, and blocks by default', () => {
    expect(parsed.issues.find((i) => i.id === 'a-4')!.dependencies).toEqual([
      { dependsOn: 'external:p:c', type: 'waits-for' },
      { dependsOn: 'external:q:d', type: 'blocks' },
    ]);
    expect(parsed.issues.find((i) => i.id === 'a-4')!.status).toBe('open');
  });

  it('reads CRLF lines, with the same line numbers, and names the file it was given', () => {
    const crlf = parseIssuesJsonl(['{"id":"c-1","title":"one"}', '{bad', '{"id":"c-1","title":"two"}', ''].join('\r\n'), 'inbox.jsonl');
    expect(crlf.issues).toHaveLength(1);
    expect(crlf.issues[0]).toMatchObject({ id: 'c-1', title: 'two', line: 3 });
    expect(crlf.problems).toHaveLength(1);
    expect(crlf.problems[0]).toMatchObject({ file: 'inbox.jsonl', line: 2 });
  });

  it('reads an empty export as no issues and no problems', () => {
    expect(parseIssuesJsonl('')).toEqual({ issues: [], problems: [] });
    expect(parseIssuesJsonl('\n\r\n  \n')).toEqual({ issues: [], problems: [] });
  });
});

describe('parseExternalRef', () => {
  it('splits external:<project>:<capability>, the capability keeping any further colon', () => {
    expect(parseExternalRef('external:p:c')).toEqual({ project: 'p', capability: 'c' });
    expect(parseExternalRef('external:p:a:b')).toEqual({ project: 'p', capability: 'a:b' });
    expect(parseExternalRef(externalRef('billing', 'api:v2'))).toEqual({ project: 'billing', capability: 'api:v2' });
    expect(externalRef('p', 'c')).toBe(`${EXTERNAL}p:c`);
  });

  it("answers with bd's own messages", () => {
    expect(parseExternalRef('p:c')).toBe("external reference must start with 'external:'");
    expect(parseExternalRef('External:p:c')).toBe("external reference must start with 'external:'");
    expect(parseExternalRef('external:p')).toBe("invalid external reference format: expected 'external:<project>:<capability>', got 'external:p'");
    expect(parseExternalRef('external:')).toBe("invalid external reference format: expected 'external:<project>:<capability>', got 'external:'");
    expect(parseExternalRef('external::c')).toBe('external reference missing project name');
    expect(parseExternalRef('external:p:')).toBe('external reference missing capability name');
  });

  it('capabilityProblem refuses an empty name and whitespace, and accepts - and :', () => {
    expect(capabilityProblem('')).toBe('a capability name must not be empty');
    expect(capabilityProblem('a b')).toMatch(/contains whitespace/);
    expect(capabilityProblem('a\tb')).toMatch(/contains whitespace/);
    expect(capabilityProblem('tail\n')).toMatch(/contains whitespace/);
    expect(capabilityProblem('auth-api:v2')).toBeUndefined();
  });
});

describe('analyzeCapabilities', () => {
  const payments = project('payments', [
    issue('pay-1', { status: 'closed', labels: ['export:auth', 'provides:auth'] }),
    // Shipped with --force while open: it does not satisfy yet.
    issue('pay-2', { status: 'open', labels: ['export:billing', 'provides:billing'] }),
    issue('pay-3', { status: 'closed', labels: ['export:search'] }),
    issue('pay-4', { status: 'closed', labels: ['provides:auth'] }),
    issue('pay-5', { status: 'tombstone', labels: ['export:gone', 'provides:gone'] }),
  ]);
  const legacy = project('legacy', [], { source: 'none', problems: [{ file: '.beads', message: 'unreadable' }] });
  const auth = 'external:payments:auth';
  const webapp = project(
    'webapp',
    [
      issue('web-1', { dependencies: [dep(auth)] }),
      issue('web-2', { dependencies: [dep('external:payments:billing')] }),
      issue('web-3', { dependencies: [dep(auth, 'waits-for'), dep('external:payments:search', 'conditional-blocks')] }),
      issue('web-4', { dependencies: [dep('external:payments:billing', 'related'), dep(auth)] }),
      issue('web-5', { dependencies: [dep(auth, 'related')] }),
      issue('web-6', { dependencies: [dep(auth), dep('web-9')] }),
      issue('web-7', { dependencies: [dep(auth), dep('web-10')] }),
      issue('web-8', { status: 'closed', dependencies: [dep('external:payments:billing'), dep('external:paymnets:x')] }),
      issue('web-9'),
      issue('web-10', { status: 'closed' }),
      issue('web-11', { dependencies: [dep('external:paymnets:auth')] }),
      issue('web-12', { dependencies: [dep('external:legacy:auth')] }),
      issue('web-13', { dependencies: [dep('external:payments:auht')] }),
      issue('web-14', { dependencies: [dep('external:payments')] }),
      issue('web-15', { dependencies: [dep('external:payments:billing', 'waits-for')] }),
      issue('web-16', { status: 'in_progress', dependencies: [dep(auth, 'conditional-blocks')] }),
      issue('web-17', { dependencies: [dep(auth), dep('web-9', 'related')] }),
      issue('web-18', { status: 'tombstone', dependencies: [dep('external:payments:billing')] }),
    ],
    { self: true },
  );
  const mobile = project('mobile', [
    issue('mob-1', { dependencies: [dep(auth)] }),
    issue('mob-2', { dependencies: [dep('external:paymnets:auth')] }),
    issue('mob-3', { dependencies: [dep('external:nowhere:auth', 'blocks')] }),
  ]);
  const { report, dangling } = analyzeCapabilities([webapp, payments, legacy, mobile]);

  it('summarises every project in the order given', () => {
    expect(report.projects).toEqual([
      { name: 'webapp', source: 'jsonl', issues: 18 },
      { name: 'payments', source: 'jsonl', issues: 5 },
      { name: 'legacy', source: 'none', issues: 0 },
      { name: 'mobile', source: 'jsonl', issues: 3 },
    ]);
  });

  it('provides a capability only through a closed issue labelled provides:<cap>, once each', () => {
    expect(report.provided).toEqual([{ project: 'payments', capability: 'auth', issue: 'pay-1' }]);
  });

  it('blocks on the unsatisfied references of blocking types only, failing closed, sorted', () => {
    expect(report.blocked).toEqual([
      { project: 'mobile', issue: 'mob-2', title: 'title of mob-2', waitingOn: ['external:paymnets:auth'] },
      { project: 'mobile', issue: 'mob-3', title: 'title of mob-3', waitingOn: ['external:nowhere:auth'] },
      { project: 'webapp', issue: 'web-11', title: 'title of web-11', waitingOn: ['external:paymnets:auth'] },
      { project: 'webapp', issue: 'web-12', title: 'title of web-12', waitingOn: ['external:legacy:auth'] },
      { project: 'webapp', issue: 'web-13', title: 'title of web-13', waitingOn: ['external:payments:auht'] },
      { project: 'webapp', issue: 'web-14', title: 'title of web-14', waitingOn: ['external:payments'] },
      { project: 'webapp', issue: 'web-15', title: 'title of web-15', waitingOn: ['external:payments:billing'] },
      { project: 'webapp', issue: 'web-2', title: 'title of web-2', waitingOn: ['external:payments:billing'] },
      { project: 'webapp', issue: 'web-3', title: 'title of web-3', waitingOn: ['external:payments:search'] },
    ]);
  });

  it('unblocks an open issue whose every blocking external reference is satisfied and that no open local issue blocks', () => {
    expect(report.unblocked).toEqual([
      { project: 'mobile', issue: 'mob-1', title: 'title of mob-1', satisfied: [auth] },
      { project: 'webapp', issue: 'web-1', title: 'title of web-1', satisfied: [auth] },
      { project: 'webapp', issue: 'web-16', title: 'title of web-16', satisfied: [auth] },
      { project: 'webapp', issue: 'web-17', title: 'title of web-17', satisfied: [auth] },
      { project: 'webapp', issue: 'web-4', title: 'title of web-4', satisfied: [auth] },
      { project: 'webapp', issue: 'web-7', title: 'title of web-7', satisfied: [auth] },
    ]);
    const listed = new Set([...report.blocked, ...report.unblocked].map((i) => i.issue));
    // web-5: a related reference only; web-6: an open local blocker; web-8: closed; web-18: a tombstone.
    for (const id of ['web-5', 'web-6', 'web-8', 'web-9', 'web-10', 'web-18']) expect(listed.has(id)).toBe(false);
  });

  it('satisfies the forced shipment once its issue is closed', () => {
    const closed = project('payments', [...payments.issues.filter((i) => i.id !== 'pay-2'), { ...payments.issues[1]!, status: 'closed' }]);
    const after = analyzeCapabilities([webapp, closed, legacy, mobile]).report;
    expect(after.provided.map((p) => p.capability)).toEqual(['auth', 'billing']);
    expect(after.unblocked.map((i) => i.issue)).toEqual(expect.arrayContaining(['web-2', 'web-15']));
    expect(after.blocked.map((i) => i.issue)).not.toContain('web-2');
    // web-8 is closed: still never listed.
    expect([...after.blocked, ...after.unblocked].map((i) => i.issue)).not.toContain('web-8');
  });

  it('satisfies nothing from an unknown or an unreadable project, even one that has issues', () => {
    // readProject reads no issue of a project it cannot read.
    const unreadable = { ...payments, source: 'none' as const, issues: [] };
    const { report: closedOff } = analyzeCapabilities([webapp, unreadable]);
    expect(closedOff.unblocked).toEqual([]);
    expect(closedOff.blocked.map((i) => i.issue)).toContain('web-1');
    expect(analyzeCapabilities([webapp]).report.unblocked).toEqual([]);
  });

  it("reports dangling references of the self project's open issues only, with suggestions", () => {
    expect(dangling.map(({ issue: { id }, ref, message, suggestion }) => ({ id, ref, message, suggestion }))).toEqual([
      {
        id: 'web-11',
        ref: 'external:paymnets:auth',
        message: 'project "paymnets" is unknown: neither [external_projects] nor .beads/config.yaml declares it',
        suggestion: 'external:payments:auth',
      },
      { id: 'web-13', ref: 'external:payments:auht', message: 'no issue of project "payments" is labelled export:auht', suggestion: 'external:payments:auth' },
      {
        id: 'web-14',
        ref: 'external:payments',
        message: "invalid external reference format: expected 'external:<project>:<capability>', got 'external:payments'",
        suggestion: undefined,
      },
    ]);
    // Exported but not shipped (web-2, web-15), unreadable (web-12), closed (web-8), another project's (mob-2, mob-3): not dangling.
    expect('suggestion' in dangling[2]!).toBe(false);
  });

  it('leaves a suggestion out when nothing is close', () => {
    const lone = project('app', [issue('app-1', { dependencies: [dep('external:zzzzzzzz:auth'), dep('external:payments:qqqqqqq')] })], { self: true });
    const { dangling: d } = analyzeCapabilities([lone, payments]);
    expect(d.map((x) => x.ref)).toEqual(['external:zzzzzzzz:auth', 'external:payments:qqqqqqq']);
    expect(d.map((x) => 'suggestion' in x)).toEqual([false, false]);
  });

  it('unblockedBy picks the unblocked issues that wait on that capability', () => {
    expect(unblockedBy(report, 'payments', 'auth').map((i) => `${i.project}/${i.issue}`)).toEqual([
      'mobile/mob-1',
      'webapp/web-1',
      'webapp/web-16',
      'webapp/web-17',
      'webapp/web-4',
      'webapp/web-7',
    ]);
    expect(unblockedBy(report, 'payments', 'billing')).toEqual([]);
    expect(unblockedBy(report, 'mobile', 'auth')).toEqual([]);
  });
});

describe('addLabelToLine and editIssueLine', () => {
  // Unusual key order, Go's escapes, a number past 2^53, labels- and updated_at-named keys nested in metadata and in strings.
  const line = String.raw`{"updated_at":"2026-01-01T00:00:00Z","id":"p-1","_type":"issue","title":"a \u003c b \u0026 \"c\"","big":12345678901234567890,"metadata":{"labels":["inner"],"updated_at":"keep","nested":{"labels":[1],"x":{}}},"labels":["x","y]z,\"w\""],"dependencies":[{"issue_id":"p-1","depends_on_id":"external:q:c","type":"blocks","metadata":"{\"labels\":[]}"}],"float":1.50,"zz":"end } ] ,"}`;
  const NOW = '2026-05-05T05:05:05Z';

  it('changes only labels and updated_at, every other byte kept', () => {
    const edited = addLabelToLine(line, 'provides:c', NOW);
    const expected = String.raw`{"updated_at":"2026-05-05T05:05:05Z","id":"p-1","_type":"issue","title":"a \u003c b \u0026 \"c\"","big":12345678901234567890,"metadata":{"labels":["inner"],"updated_at":"keep","nested":{"labels":[1],"x":{}}},"labels":["x","y]z,\"w\"","provides:c"],"dependencies":[{"issue_id":"p-1","depends_on_id":"external:q:c","type":"blocks","metadata":"{\"labels\":[]}"}],"float":1.50,"zz":"end } ] ,"}`;
    expect(edited).toBe(expected);
    const before = JSON.parse(line);
    const after = JSON.parse(edited);
    expect(after).toEqual({ ...before, labels: [...before.labels, 'provides:c'], updated_at: NOW });
  });

  it('edits labels and updated_at wherever they stand, with spaces around', () => {
    expect(addLabelToLine('{"id":"p","labels":[],"title":"t","updated_at":"old"}', 'l', NOW)).toBe(
      `{"id":"p","labels":["l"],"title":"t","updated_at":"${NOW}"}`,
    );
    expect(addLabelToLine('{"id": "p", "labels": ["a"] , "updated_at": "old" }', 'l', NOW)).toBe(`{"id": "p", "labels": ["a","l"] , "updated_at": "${NOW}" }`);
  });

  it('adds labels (and updated_at) to a line without them', () => {
    expect(addLabelToLine('{"id":"p","title":"t","updated_at":"old"}', 'l', NOW)).toBe(`{"id":"p","title":"t","updated_at":"${NOW}","labels":["l"]}`);
    expect(addLabelToLine('{"id":"p","title":"t"}', 'l', NOW)).toBe(`{"id":"p","title":"t","updated_at":"${NOW}","labels":["l"]}`);
    expect(addLabelToLine('{"id":"p","labels":["a"],"title":"t"}', 'l', NOW)).toBe(`{"id":"p","labels":["a","l"],"title":"t","updated_at":"${NOW}"}`);
    expect(addLabelToLine('{}', 'l', NOW)).toBe(`{"updated_at":"${NOW}","labels":["l"]}`);
    const nested = '{"id":"p","metadata":{"labels":["m"],"updated_at":"m"},"title":"t"}';
    expect(JSON.parse(addLabelToLine(nested, 'l', NOW))).toEqual({
      id: 'p',
      metadata: { labels: ['m'], updated_at: 'm' },
      title: 't',
      updated_at: NOW,
      labels: ['l'],
    });
  });

  const build = (eol: string) =>
    [
      '{"id":"p-1","title":"old","labels":[]}',
      '{"id":"p-2","title":"other","labels":[],"updated_at":"t0"}',
      line,
      '{"_type":"memory","id":"p-1","key":"p-1","value":"v","labels":[]}',
      '{"id":"p-10","title":"ten","labels":[]}',
      '{"id":"p-1" broken',
      '',
    ].join(eol);

  for (const [name, eol] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ] as const) {
    it(`edits only the last issue line of the id (${name})`, () => {
      const text = build(eol);
      const seen: string[] = [];
      const edited = editIssueLine(text, 'p-1', (l) => {
        seen.push(l);
        return addLabelToLine(l, 'provides:c', NOW);
      });
      expect(seen).toEqual([line]);
      const before = text.split(eol);
      const after = edited!.split(eol);
      expect(after).toHaveLength(before.length);
      expect(after[2]).toBe(addLabelToLine(line, 'provides:c', NOW));
      expect(after.filter((_, i) => i !== 2)).toEqual(before.filter((_, i) => i !== 2));
      expect(edited!.split('\r\n').length).toBe(text.split('\r\n').length);
      // The line edited is the one the reader takes.
      expect(parseIssuesJsonl(text).issues.find((i) => i.id === 'p-1')!.line).toBe(3);
      expect(parseIssuesJsonl(edited!).issues.find((i) => i.id === 'p-1')!.labels).toEqual(['x', 'y]z,"w"', 'provides:c']);
    });
  }

  it('is undefined for an id that no issue line has, a memory line included', () => {
    const text = build('\n');
    expect(editIssueLine(text, 'p-3', (l) => `${l}!`)).toBeUndefined();
    expect(editIssueLine('{"_type":"memory","id":"m-1","key":"m-1"}\n', 'm-1', (l) => `${l}!`)).toBeUndefined();
    expect(editIssueLine(text, 'p-2', (l) => l.replace('other', 'OTHER'))).toBe(text.replace('other', 'OTHER'));
    expect(editIssueLine(text, 'p-10', (l) => l.replace('ten', 'TEN'))).toBe(text.replace('"ten"', '"TEN"'));
  });
});

const LINK = (rule: RuleId) => `https://example.test/rules/${rule}.md`;
const CONFIG = 'orchestrator.toml';
const draft = (extra: Partial<FindingDraft> = {}): Finding =>
  finding({ rule: 'forbidden-import', severity: 'error', message: 'web imports db', file: 'src/web/a.ts', domain: 'web', targetDomain: 'db', ...extra });
const AGENTS = new Map([
  ['web', 'web-agent'],
  ['api', 'api-agent'],
]);
const tasksOf = (findings: Finding[], configPath = CONFIG) => violationTasks({ findings, agents: AGENTS, configPath, ruleLink: LINK });

describe('violationTasks', () => {
  const findings = [
    draft({ line: 3, column: 7, hint: 'use the api' }),
    draft({ file: 'src/web/b.ts', line: 9 }),
    draft({ file: 'src/web/c.ts', status: 'suppressed' }),
    draft({ file: 'src/web/d.ts', status: 'known' }),
    draft({ file: 'src/web/e.ts', status: 'preexisting' }),
    draft({ file: 'src/web/f.ts', targetDomain: 'api' }),
    draft({ rule: 'private-import', severity: 'warning', file: 'src/web/g.ts' }),
    draft({ rule: 'unowned-file', severity: 'warning', file: 'scripts/x.ts', domain: undefined, targetDomain: undefined }),
    draft({ rule: 'unmatched-pattern', severity: 'info', file: 'orchestrator.toml' }),
    draft({ domain: 'db', targetDomain: 'web', file: 'src/db/x.ts' }),
  ];
  const tasks = tasksOf(findings);
  const byRule = (rule: string, target?: string, domain = 'web') =>
    tasks.find((t) => t.rule === rule && t.title.includes(`in ${domain}`) && (target === undefined || t.title.endsWith(`→ ${target}`)))!;

  it('makes one task per (domain, rule, target domain) of the new, failing findings', () => {
    expect(tasks).toHaveLength(5);
    expect(tasks.map((t) => t.title)).toEqual([
      'cn-guard: unowned-file ×1 outside every domain',
      'cn-guard: forbidden-import ×1 in db → web',
      'cn-guard: forbidden-import ×1 in web → api',
      'cn-guard: forbidden-import ×2 in web → db',
      'cn-guard: private-import ×1 in web → db',
    ]);
    expect(new Set(tasks.map((t) => t.fingerprint)).size).toBe(5);
    expect(tasksOf([...findings].reverse()).map((t) => t.fingerprint)).toEqual(tasks.map((t) => t.fingerprint));
    expect(tasksOf(findings.filter((f) => f.status !== 'new' || f.severity === 'info'))).toEqual([]);
  });

  it('assigns, labels, prioritises and fingerprints each task', () => {
    const task = byRule('forbidden-import', 'db');
    expect(task).toMatchObject({
      assignee: 'web-agent',
      labels: [TASK_LABEL, 'domain:web'],
      priority: 1,
      type: 'bug',
      kind: 'violations',
      rule: 'forbidden-import',
      metadata: { cn_guard_fingerprint: task.fingerprint, cn_guard_config: CONFIG, cn_guard_rule: 'forbidden-import' },
    });
    expect(task.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(byRule('private-import')).toMatchObject({ priority: 2, type: 'task', assignee: 'web-agent' });
    const outside = tasks[0]!;
    expect(outside.labels).toEqual([TASK_LABEL]);
    expect('assignee' in outside).toBe(false);
    const db = byRule('forbidden-import', 'web', 'db');
    expect(db.labels).toEqual([TASK_LABEL, 'domain:db']);
    expect('assignee' in db).toBe(false);
  });

  it('describes the findings and links the rule', () => {
    const { description, fingerprint } = byRule('forbidden-import', 'db');
    expect(description).toContain(`cn-guard found 2 findings of rule forbidden-import in web → db (${CONFIG}).`);
    expect(description).toContain('- `src/web/a.ts:3:7` web imports db (use the api)');
    expect(description).toContain('- `src/web/b.ts:9` web imports db');
    expect(description).not.toContain('src/web/c.ts');
    expect(description).not.toContain('src/web/f.ts');
    expect(description).toContain(`Rule: ${LINK('forbidden-import')}`);
    expect(description).toContain(fingerprint);
    expect(tasks[0]!.description).toContain('- `scripts/x.ts` web imports db');
    expect(tasks[0]!.description).toContain('cn-guard found 1 finding of rule unowned-file outside every domain');
  });

  it('keeps the fingerprint of a group whose findings change, and only then', () => {
    const base = byRule('forbidden-import', 'db').fingerprint;
    const moved = tasksOf([draft({ line: 40 }), draft({ file: 'src/web/z.ts', line: 1 }), draft({ file: 'src/web/y.ts' })]);
    expect(moved).toHaveLength(1);
    expect(moved[0]!.fingerprint).toBe(base);
    expect(moved[0]!.title).toBe('cn-guard: forbidden-import ×3 in web → db');
    expect(moved[0]!.description).not.toBe(byRule('forbidden-import', 'db').description);
    expect(tasksOf([draft({ severity: 'warning' })])[0]!.fingerprint).toBe(base);
    const others = [
      tasksOf([draft()], 'app/orchestrator.toml'),
      tasksOf([draft({ domain: 'api' })]),
      tasksOf([draft({ rule: 'not-allowed-import' })]),
      tasksOf([draft({ targetDomain: 'auth' })]),
      tasksOf([draft({ targetDomain: undefined })]),
    ].map((t) => t[0]!.fingerprint);
    expect(new Set([base, ...others]).size).toBe(6);
    expect(tasksOf([draft()], 'app/orchestrator.toml')[0]!.metadata.cn_guard_config).toBe('app/orchestrator.toml');
  });

  it('lists at most 50 findings, then says how many more', () => {
    const many = Array.from({ length: 57 }, (_, i) => draft({ file: `src/web/f${String(i).padStart(2, '0')}.ts`, line: i + 1 }));
    const [task] = tasksOf(many);
    const listed = task!.description.split('\n').filter((l) => l.startsWith('- `'));
    expect(listed).toHaveLength(50);
    expect(listed[49]).toContain('src/web/f49.ts:50');
    expect(task!.description).not.toContain('src/web/f50.ts');
    expect(task!.description).toContain('- … and 7 more');
    expect(task!.title).toBe('cn-guard: forbidden-import ×57 in web → db');
    const [fifty] = tasksOf(many.slice(0, 50));
    expect(fifty!.description).not.toContain('more');
  });

  it('keeps titles within 200 characters', () => {
    const [task] = tasksOf([draft({ domain: 'd'.repeat(300) })]);
    expect(task!.title).toHaveLength(200);
  });
});

/** An existing Beads issue that says what a task says. */
const asIssue = (task: DesiredTask, id: string, extra: Partial<BeadsIssue> = {}): BeadsIssue => ({
  id,
  title: task.title,
  description: task.description,
  status: 'open',
  labels: [...task.labels],
  dependencies: [],
  ...(task.assignee !== undefined && { assignee: task.assignee }),
  metadata: { ...task.metadata },
  ...extra,
});

describe('reconcileTasks', () => {
  const [a, b] = tasksOf([draft(), draft({ domain: 'api', targetDomain: 'web' })]) as [DesiredTask, DesiredTask];
  const reason = 'the findings are gone';
  const kinds = (actions: ReturnType<typeof reconcileTasks>) =>
    actions.map((x) =>
      x.kind === 'create' ? `create ${x.task.fingerprint}` : x.kind === 'update' ? `update ${x.issue.id}${x.reopen ? ' reopen' : ''}` : `close ${x.issue.id}`,
    );
  const stale = (id: string, fingerprint: string, extra: Partial<BeadsIssue> = {}) =>
    issue(id, { labels: [TASK_LABEL], metadata: { cn_guard_fingerprint: fingerprint, cn_guard_rule: 'forbidden-import' }, ...extra });

  it('creates what is missing and leaves what matches', () => {
    expect(reconcileTasks({ existing: [], desired: [a, b], closeReason: reason })).toEqual([
      { kind: 'create', task: a },
      { kind: 'create', task: b },
    ]);
    expect(
      reconcileTasks({ existing: [asIssue(a, 'x-1'), asIssue(b, 'x-2', { labels: [...b.labels, 'extra'] })], desired: [a, b], closeReason: reason }),
    ).toEqual([]);
  });

  it('updates a task whose title, description, assignee or labels changed, and reopens a closed one', () => {
    const cases: [Partial<BeadsIssue>, string][] = [
      [{ title: 'old title' }, 'update x-1'],
      [{ description: 'old description' }, 'update x-1'],
      [{ assignee: 'someone-else' }, 'update x-1'],
      [{ labels: [TASK_LABEL] }, 'update x-1'],
      [{ status: 'closed' }, 'update x-1 reopen'],
      [{ status: 'in_progress' }, ''],
    ];
    for (const [change, expected] of cases) {
      const actions = reconcileTasks({ existing: [asIssue(a, 'x-1', change)], desired: [a], mayClose: () => true, closeReason: reason });
      expect(kinds(actions).join()).toBe(expected);
      if (actions[0]?.kind === 'update') expect(actions[0].task).toBe(a);
    }
  });

  it('closes only open cn-guard violation tasks no longer desired, when mayClose allows', () => {
    const asked: string[] = [];
    const existing = [
      asIssue(a, 'x-a'),
      stale('x-c', 'fp-c'),
      stale('x-d', 'fp-d'),
      stale('x-e', 'fp-e', { labels: ['other'] }),
      stale('x-f', 'fp-f', { status: 'closed' }),
      stale('x-g', 'fp-g', { metadata: { cn_guard_fingerprint: 'fp-g' } }),
      stale('x-h', 'fp-h', { metadata: { cn_guard_rule: 'forbidden-import' } }),
      issue('x-i', { labels: [TASK_LABEL] }),
    ];
    const actions = reconcileTasks({
      existing,
      desired: [a],
      mayClose: (i) => {
        asked.push(i.id);
        return i.id !== 'x-d';
      },
      closeReason: reason,
    });
    expect(actions).toEqual([{ kind: 'close', issue: existing[1], reason }]);
    expect(asked.sort()).toEqual(['x-c', 'x-d']);
    expect(reconcileTasks({ existing, desired: [a], closeReason: reason })).toEqual([]);
    expect(kinds(reconcileTasks({ existing, desired: [], mayClose: () => true, closeReason: reason }))).toEqual(['close x-a', 'close x-c', 'close x-d']);
  });

  it('never touches an issue without the cn-guard label, even one with a fingerprint', () => {
    const foreign = asIssue(a, 'mine-1', { labels: ['domain:web'], title: 'stale title', status: 'closed' });
    expect(reconcileTasks({ existing: [foreign], desired: [a], mayClose: () => true, closeReason: reason })).toEqual([{ kind: 'create', task: a }]);
    const foreignOpen = asIssue(b, 'mine-2', { labels: [] });
    expect(reconcileTasks({ existing: [foreignOpen], desired: [], mayClose: () => true, closeReason: reason })).toEqual([]);
  });

  it('creates a notice once, then never updates, reopens or closes it', () => {
    const consumer = issue('web-1', { title: 'Use auth', assignee: 'web-agent', priority: 0 });
    const notice = unblockedNotice({ project: 'webapp', issue: consumer }, 'external:payments:auth', 'pay-1');
    expect(notice).toMatchObject({
      kind: 'notice',
      title: 'Unblocked: web-1 Use auth',
      assignee: 'web-agent',
      labels: [TASK_LABEL, 'unblocked'],
      priority: 0,
      relatesTo: 'web-1',
      metadata: { cn_guard_fingerprint: notice.fingerprint, cn_guard_notice: 'external:payments:auth' },
    });
    expect(notice.description).toContain('external:payments:auth has shipped (pay-1)');
    expect(unblockedNotice({ project: 'webapp', issue: consumer }, 'external:payments:auth', 'pay-9').fingerprint).toBe(notice.fingerprint);
    expect(unblockedNotice({ project: 'webapp', issue: consumer }, 'external:payments:billing', 'pay-1').fingerprint).not.toBe(notice.fingerprint);
    expect(unblockedNotice({ project: 'mobile', issue: consumer }, 'external:payments:auth', 'pay-1').fingerprint).not.toBe(notice.fingerprint);
    expect(unblockedNotice({ project: 'webapp', issue: issue('web-1') }, 'external:payments:auth', 'pay-1')).toMatchObject({ priority: 2 });
    expect('assignee' in unblockedNotice({ project: 'webapp', issue: issue('web-1') }, 'x', 'y')).toBe(false);

    expect(reconcileTasks({ existing: [], desired: [notice], closeReason: reason })).toEqual([{ kind: 'create', task: notice }]);
    for (const change of [{}, { title: 'changed' }, { status: 'closed' }, { description: 'x', assignee: 'other' }]) {
      const existing = [asIssue(notice, 'x-n', change)];
      expect(reconcileTasks({ existing, desired: [notice], mayClose: () => true, closeReason: reason })).toEqual([]);
      expect(reconcileTasks({ existing, desired: [], mayClose: () => true, closeReason: reason })).toEqual([]);
    }
  });
});

describe('issuePrefix', () => {
  const ids = (...list: string[]) => list.map((id) => issue(id));

  it('takes the most common prefix, which may contain -', () => {
    expect(issuePrefix(ids('bd-a1b', 'bd-c3d', 'x-1'), 'proj')).toBe('bd');
    expect(issuePrefix(ids('my-proj-a1b', 'my-proj-2', 'my-proj-3.1.2', 'other-x'), 'proj')).toBe('my-proj');
    expect(issuePrefix(ids('b-1', 'a-1'), 'proj')).toBe('a');
    expect(issuePrefix(ids('a-1', 'b-1'), 'proj')).toBe('a');
  });

  it("ignores cn-guard's own -cng- ids", () => {
    expect(issuePrefix(ids('x-cng-0123456789ab', 'x-cng-ba9876543210', 'x-cng-aaaaaaaaaaaa', 'bd-1'), 'proj')).toBe('bd');
    expect(issuePrefix(ids('x-cng-0123456789ab'), 'My Project')).toBe('my-project');
  });

  it("falls back on the project's name, sanitised", () => {
    expect(issuePrefix([], 'My Project!')).toBe('my-project');
    expect(issuePrefix([], 'Foo_Bar.baz')).toBe('foo-bar-baz');
    expect(issuePrefix([], '***')).toBe('cn');
    expect(issuePrefix(ids('nohyphen', 'UP-ABC'), 'app')).toBe('app');
  });
});

describe('inboxStore', () => {
  const INBOX = '.orchestrator/beads-inbox.jsonl';
  const groups = [draft(), draft({ domain: 'api', targetDomain: 'web' }), draft({ rule: 'private-import', severity: 'warning' })];
  const all = tasksOf(groups);
  const plan =
    (desired: DesiredTask[], mayClose = true) =>
    (existing: BeadsIssue[]) =>
      reconcileTasks({ existing, desired, mayClose: () => mayClose, closeReason: 'the findings are gone' });
  const linesOf = (text: string) => {
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(parseIssuesJsonl(text).problems).toEqual([]);
    return lines;
  };

  it('creates each task once, under ids that depend on the fingerprint only', async () => {
    const root = tempDir();
    const path = join(root, INBOX);
    const first = await inboxStore({ root, inbox: INBOX, issues: [], prefix: 'x' }).post(plan(all));
    expect(first).toMatchObject({ via: 'inbox', inbox: INBOX, updated: [], closed: [], warnings: [] });
    expect(first.created).toEqual(all.map((t) => ({ id: `x-cng-${t.fingerprint.slice(0, 12)}`, title: t.title })));
    const text = readFileSync(path, 'utf8');
    expect(linesOf(text)).toHaveLength(3);
    const read = parseIssuesJsonl(text).issues;
    expect(read.map((i) => i.metadata?.cn_guard_fingerprint)).toEqual(all.map((t) => t.fingerprint));
    expect(all.map((t) => t.assignee)).toEqual(['api-agent', 'web-agent', 'web-agent']);
    all.forEach((task, i) => {
      expect(read[i]).toMatchObject({
        status: 'open',
        title: task.title,
        description: task.description,
        assignee: task.assignee,
        labels: [...task.labels].sort(),
      });
      expect(read[i]!.record).toMatchObject({ _type: 'issue', priority: task.priority, issue_type: task.type, created_by: TASK_LABEL });
    });
    expect(all.map((t) => t.type)).toEqual(['bug', 'bug', 'task']);
    expect(existsSync(join(root, '.orchestrator/beads.lock'))).toBe(false);

    // Another project, another run: the same ids.
    const other = tempDir();
    const again = await inboxStore({ root: other, inbox: INBOX, issues: [], prefix: 'x' }).post(plan(all));
    expect(again.created).toEqual(first.created);

    // The same tasks again: nothing to post, nothing written.
    const second = await inboxStore({ root, inbox: INBOX, issues: [], prefix: 'x' }).post(plan(all));
    expect(second).toMatchObject({ created: [], updated: [], closed: [] });
    expect(readFileSync(path, 'utf8')).toBe(text);

    // A group gone: its task is closed, with the reason.
    const gone = all[1]!;
    const third = await inboxStore({ root, inbox: INBOX, issues: [], prefix: 'x' }).post(plan([all[0]!, all[2]!]));
    const goneId = `x-cng-${gone.fingerprint.slice(0, 12)}`;
    expect(third).toMatchObject({ created: [], updated: [], closed: [{ id: goneId, title: gone.title }] });
    // One line per task: the closed record takes the place of the open one, the others unchanged.
    const closedText = readFileSync(path, 'utf8');
    const lines = linesOf(closedText);
    expect(lines).toHaveLength(3);
    const goneLine = linesOf(text).findIndex((line) => line.includes(goneId));
    expect(lines.filter((_, i) => i !== goneLine)).toEqual(linesOf(text).filter((_, i) => i !== goneLine));
    const closed = JSON.parse(lines[goneLine]!);
    expect(closed).toMatchObject({ _type: 'issue', id: goneId, status: 'closed', close_reason: 'the findings are gone', title: gone.title });
    expect(closed.closed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(closed.updated_at).toBe(closed.closed_at);
    expect(parseIssuesJsonl(closedText).issues.find((i) => i.id === goneId)?.status).toBe('closed');

    // Closed already: posting without the group again changes nothing.
    await inboxStore({ root, inbox: INBOX, issues: [], prefix: 'x' }).post(plan([all[0]!, all[2]!]));
    expect(readFileSync(path, 'utf8')).toBe(closedText);

    // The group is back: the task is reopened, without its close fields.
    const fourth = await inboxStore({ root, inbox: INBOX, issues: [], prefix: 'x' }).post(plan(all));
    expect(fourth).toMatchObject({ created: [], updated: [{ id: goneId, title: gone.title }], closed: [] });
    const reopenedText = readFileSync(path, 'utf8');
    expect(linesOf(reopenedText)).toHaveLength(3);
    const reopened = JSON.parse(linesOf(reopenedText)[goneLine]!);
    expect(reopened).toMatchObject({ id: goneId, status: 'open', title: gone.title });
    expect('closed_at' in reopened || 'close_reason' in reopened).toBe(false);
    await inboxStore({ root, inbox: INBOX, issues: [], prefix: 'x' }).post(plan(all));
    expect(readFileSync(path, 'utf8')).toBe(reopenedText);
  });

  it('counts the exported issues as existing, and closes nothing that mayClose keeps', async () => {
    const root = tempDir();
    const exported = all.map((t, i) => asIssue(t, `bd-${i}`));
    const store = inboxStore({ root, inbox: INBOX, issues: exported, prefix: 'bd' });
    expect(await store.post(plan(all))).toMatchObject({ created: [], updated: [], closed: [] });
    expect(await store.post(plan([], false))).toMatchObject({ created: [], updated: [], closed: [] });
    expect(existsSync(join(root, INBOX))).toBe(false);
  });

  it('adds to an inbox whose last line has no newline', async () => {
    const root = tempDir();
    mkdirSync(join(root, '.orchestrator'));
    const before = '{"id":"x-1","title":"before"}';
    writeFileSync(join(root, INBOX), before);
    const outcome = await inboxStore({ root, inbox: INBOX, issues: [], prefix: 'x' }).post(plan([all[0]!]));
    expect(outcome.created).toHaveLength(1);
    const text = readFileSync(join(root, INBOX), 'utf8');
    expect(text.startsWith(`${before}\n{`)).toBe(true);
    expect(linesOf(text)).toHaveLength(2);
  });
});

describe('withFileLock', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('runs one work at a time, every one of them', async () => {
    const root = tempDir();
    let running = 0;
    let most = 0;
    let done = 0;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        withFileLock(root, '.orchestrator/beads.lock', async () => {
          running++;
          most = Math.max(most, running);
          await sleep(5);
          done++;
          running--;
          return i;
        }),
      ),
    );
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(done).toBe(8);
    expect(most).toBe(1);
    expect(existsSync(join(root, '.orchestrator/beads.lock'))).toBe(false);
  });

  it('removes the lock when the work fails', async () => {
    const root = tempDir();
    await expect(
      withFileLock(root, 'a/b/c.lock', async () => {
        expect(existsSync(join(root, 'a/b/c.lock'))).toBe(true);
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    expect(existsSync(join(root, 'a/b/c.lock'))).toBe(false);
  });

  it("takes over the lock of a dead process on this host, which holds this host's name", async () => {
    const root = tempDir();
    const child = spawnSync(process.execPath, ['-e', '']);
    const dead = child.pid!;
    expect(() => process.kill(dead, 0)).toThrow();
    mkdirSync(join(root, '.orchestrator'));
    writeFileSync(join(root, '.orchestrator/beads.lock'), `${dead} ${hostname()} ${new Date().toISOString()}\n`);
    let ran = false;
    await withFileLock(
      root,
      '.orchestrator/beads.lock',
      async () => {
        ran = true;
        expect(readFileSync(join(root, '.orchestrator/beads.lock'), 'utf8')).toMatch(new RegExp(`^${process.pid} `));
      },
      { timeoutMs: 2_000 },
    );
    expect(ran).toBe(true);
    expect(existsSync(join(root, '.orchestrator/beads.lock'))).toBe(false);
    expect(existsSync(join(root, '.orchestrator/beads.lock.break'))).toBe(false);
  });

  it('waits for a live holder, then stops with an error that names the lock', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'locks'));
    const holder = `${process.pid} ${hostname()} ${new Date().toISOString()}\n`;
    writeFileSync(join(root, 'locks/held.lock'), holder);
    let ran = false;
    const started = Date.now();
    await expect(
      withFileLock(
        root,
        'locks/held.lock',
        async () => {
          ran = true;
        },
        { timeoutMs: 200, staleMs: 0 },
      ),
    ).rejects.toThrow(/locks\/held\.lock is locked by another run/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(ran).toBe(false);
    expect(readFileSync(join(root, 'locks/held.lock'), 'utf8')).toBe(holder);
  });

  it("takes over another host's lock only once it is older than staleMs", async () => {
    const root = tempDir();
    const lock = join(root, 'other.lock');
    writeFileSync(lock, '4242 some-other-host 2020-01-01T00:00:00Z\n');
    await expect(withFileLock(root, 'other.lock', async () => 'ran', { timeoutMs: 100, staleMs: 60_000 })).rejects.toThrow(/other\.lock is locked/);
    const old = new Date(Date.now() - 120_000);
    utimesSync(lock, old, old);
    await expect(withFileLock(root, 'other.lock', async () => 'ran', { timeoutMs: 2_000, staleMs: 60_000 })).resolves.toBe('ran');
    expect(existsSync(lock)).toBe(false);
  });

  it('refuses a lock outside the root', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'project'));
    await expect(withFileLock(join(root, 'project'), '../x.lock', async () => 'ran')).rejects.toThrow(/outside the project/);
    expect(existsSync(join(root, 'x.lock'))).toBe(false);
  });
});

describe('fixed after review', () => {
  it('a task without an assignee leaves the assignee someone gave it alone (no update on every run)', () => {
    const [task] = tasksOf([draft({ domain: 'db' })]) as [DesiredTask];
    expect(task.assignee).toBeUndefined();
    const taken = asIssue(task, 'x-1', { assignee: 'a-human' });
    expect(reconcileTasks({ existing: [taken], desired: [task], closeReason: 'r' })).toEqual([]);
  });

  it('a capability provided without its export label is not dangling, and a reference listed twice counts once', () => {
    const producer = project('p', [issue('p-1', { status: 'closed', labels: ['provides:cap'] })]);
    const self = project('me', [issue('me-1', { dependencies: [dep('external:p:cap'), dep('external:p:cap', 'waits-for')] })], { self: true });
    const { report, dangling } = analyzeCapabilities([self, producer]);
    expect(dangling).toEqual([]);
    expect(report.unblocked).toEqual([{ project: 'me', issue: 'me-1', title: 'title of me-1', satisfied: ['external:p:cap'] }]);
  });

  it('computes "did you mean" for the first 200 distinct dangling names only: no input makes it quadratic for long', () => {
    const exports = Array.from({ length: 300 }, (_, i) => `cap-${i}`);
    const producer = project('p', [issue('p-1', { labels: exports.map((c) => `export:${c}`) })]);
    const refs = exports.map((c) => dep(`external:p:${c.replace('cap', 'cpa')}`));
    const self = project('me', [issue('me-1', { dependencies: refs })], { self: true });
    const { dangling } = analyzeCapabilities([self, producer]);
    expect(dangling.length).toBe(300);
    expect(dangling.filter((d) => d.suggestion !== undefined).length).toBe(200);
    expect(dangling[0]!.suggestion).toBe('external:p:cap-0');
  });

  it('an inbox update keeps the status and priority the agent gave the task', async () => {
    const root = tempDir();
    const [task] = tasksOf([draft()]) as [DesiredTask];
    const record = { _type: 'issue', id: 'x-1', title: 'old', status: 'in_progress', priority: 0, issue_type: 'bug', notes: 'mine' };
    const existing = { ...asIssue(task, 'x-1', { title: 'old', status: 'in_progress', priority: 0 }), record };
    await inboxStore({ root, inbox: 'inbox.jsonl', issues: [existing], prefix: 'x' }).post((all) =>
      reconcileTasks({ existing: all, desired: [task], closeReason: 'r' }),
    );
    const written = JSON.parse(readFileSync(join(root, 'inbox.jsonl'), 'utf8'));
    expect(written).toMatchObject({ id: 'x-1', title: task.title, status: 'in_progress', priority: 0, notes: 'mine' });
  });

  it('the label goes onto the line the reader takes for the issue, not a later broken one', () => {
    const text = '{"id":"a-1","title":"t","labels":[],"updated_at":"x"}\n{"id":"a-1","labels":["x"]}\n';
    const edited = editIssueLine(text, 'a-1', (line) => addLabelToLine(line, 'provides:c', 'now'))!;
    expect(parseIssuesJsonl(edited).issues[0]!.labels).toEqual(['provides:c']);
    expect(edited.split('\n')[1]).toBe('{"id":"a-1","labels":["x"]}');
  });

  it('a prefix that merely contains -cng is a prefix like any other', () => {
    expect(issuePrefix([issue('my-cngx-1a'), issue('my-cngx-2b'), issue('z-1c')], 'p')).toBe('my-cngx');
  });

  it('an empty lock left by a killed run is taken over once it is a few seconds old; a short wait is said in ms', async () => {
    const root = tempDir();
    const path = join(root, 'e.lock');
    writeFileSync(path, '');
    await expect(withFileLock(root, 'e.lock', async () => 1, { timeoutMs: 300 })).rejects.toThrow(/for over 300 ms/);
    const old = (Date.now() - 60_000) / 1000;
    utimesSync(path, old, old);
    await expect(withFileLock(root, 'e.lock', async () => 'ran', { timeoutMs: 300 })).resolves.toBe('ran');
    expect(existsSync(path)).toBe(false);
  });

  it('a stale lock whose breaker is held by a live run is waited on like a live lock, never spun on', async () => {
    const root = tempDir();
    writeFileSync(join(root, 's.lock'), `999999999 ${hostname()} then\n`);
    writeFileSync(join(root, 's.lock.break'), `${process.pid} ${hostname()} now\n`);
    const started = process.cpuUsage();
    await expect(withFileLock(root, 's.lock', async () => 1, { timeoutMs: 400 })).rejects.toThrow(/s\.lock is locked by another run/);
    const used = process.cpuUsage(started);
    // Sleeping between tries: a spinning loop would burn the whole 400 ms.
    expect((used.user + used.system) / 1000).toBeLessThan(200);
  });
});
