import { marked, type Token, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { type Finding, type FindingDraft, finding, RULE_IDS } from '../../src/model/index.js';
import {
  actionOutputs,
  type CheckReport,
  COMMENT_LIMIT,
  commentBody,
  jobSummary,
  MAX_SARIF_RESULTS,
  outputsText,
  render,
  SUMMARY_LIMIT,
} from '../../src/report/index.js';
import { sarifErrors } from '../support/sarif.js';

/**
 * The GitHub-facing formats of `check` (docs/output.md) on reports made by hand: SARIF against
 * the official schema, workflow commands and their escaping and limits, step outputs, and the
 * markdown of the PR comment and the job summary, read back by a markdown parser.
 */

const TOOL = { name: 'cn-guard', version: '1.2.3', repository: 'https://github.com/cn-guard/cn-guard' } as const;
const OPTIONS = { color: false, quiet: false, rulesDir: 'rules' };

const draft = (rule: FindingDraft['rule'], file: string, extra: Partial<FindingDraft> = {}): Finding =>
  finding({ rule, severity: 'error', message: `${rule} in ${file}`, file, ...extra });

/** A finding of every rule, in every status, in a project whose orchestrator.toml lies in `app/` of its repository. */
const EVERY_RULE: Finding[] = [
  draft('forbidden-import', 'src/web/page.ts', {
    line: 3,
    column: 8,
    domain: 'web',
    specifier: '../db/client',
    target: 'src/db/client.ts',
    targetDomain: 'db',
    hint: 'remove the import',
  }),
  {
    ...draft('not-allowed-import', 'src/web/legacy.ts', { line: 1, column: 1, domain: 'web', target: 'src/db/pool.ts', targetDomain: 'db' }),
    status: 'suppressed',
    exception: { reason: 'migrating, see the ADR', owner: 'web-agent', expires: '2027-01-01' },
  },
  { ...draft('private-import', 'src/api/deep.ts', { line: 2, column: 1, domain: 'api', target: 'src/db/internal.ts', targetDomain: 'db' }), status: 'known' },
  {
    ...draft('forbidden-import', 'src/web/old.ts', { line: 4, column: 1, domain: 'web', target: 'src/db/client.ts', targetDomain: 'db' }),
    status: 'preexisting',
  },
  draft('unresolved-import', 'src/web/page.ts', { severity: 'warning', line: 5, column: 1, domain: 'web', specifier: './gone' }),
  draft('parse-error', 'src/api/broken.ts', { line: 7, column: 12, domain: 'api' }),
  draft('unowned-file', 'scripts/seed.ts', { severity: 'warning' }),
  draft('unmatched-pattern', 'orchestrator.toml', { severity: 'warning', line: 9, column: 21, domain: 'web' }),
  draft('expired-exception', 'orchestrator.toml', { severity: 'warning', line: 20, column: 1 }),
  draft('stale-exception', 'orchestrator.toml', { severity: 'warning', line: 25, column: 1 }),
  draft('out-of-scope-change', 'src/db/retired.ts', { domain: 'web', message: 'domain web may not change src/db/retired.ts (deleted)' }),
  draft('policy-change', 'orchestrator.toml', { line: 12, column: 1, message: 'weakened: src/db/** no longer forbidden for web' }),
  draft('policy-change', 'orchestrator.toml', { severity: 'info', message: 'strengthened: domain api now has an allow-list' }),
  draft('stale-baseline', '.cn-guard/baseline.json', { severity: 'warning' }),
];

function report(findings: Finding[], extra: Partial<CheckReport> = {}): CheckReport {
  const count = (status: Finding['status']) => findings.filter((f) => f.status === status).length;
  const newOf = (severity: Finding['severity']) => findings.filter((f) => f.status === 'new' && f.severity === severity).length;
  return {
    tool: TOOL,
    configFile: 'app/orchestrator.toml',
    mode: 'repository',
    project: { dir: 'app', config: 'orchestrator.toml', baseline: '.cn-guard/baseline.json' },
    domains: [
      { name: 'web', agentName: 'web-agent', line: 5 },
      { name: 'db', line: 10 },
      { name: 'api', line: 14 },
    ],
    findings,
    summary: {
      errors: newOf('error'),
      warnings: newOf('warning'),
      suppressed: count('suppressed'),
      known: count('known'),
      preexisting: count('preexisting'),
      files: 12,
      edges: 30,
      durationMs: 5,
    },
    failed: newOf('error') > 0,
    notes: [],
    ...extra,
  };
}

const EVERYTHING = report(EVERY_RULE, { absent: ['src/db/retired.ts'], notes: ['src/readme.md is not a source file, so it was not checked'] });
const PULL_REQUEST: CheckReport = {
  ...EVERYTHING,
  mode: 'pull-request',
  summary: { ...EVERYTHING.summary, fixed: 2 },
  // The known finding was at the merge base too; the suppressed one is new with the change.
  unchanged: [EVERY_RULE[2]!.fingerprint],
  links: { server: 'https://github.example.com', repository: 'acme/shop', commit: 'abc123' },
};

const sarifOf = (r: CheckReport) => JSON.parse(render('sarif', { kind: 'check', report: r }, OPTIONS));

describe('--format sarif', () => {
  const sarif = sarifOf(EVERYTHING);
  const run = sarif.runs[0];
  const results: any[] = run.results;
  const resultOf = (rule: string, file?: string) => results.find((r) => r.ruleId === rule && (file === undefined || r.message.text.includes(file)));

  it('is valid SARIF 2.1.0, for a repository check and for a pull request', () => {
    expect(sarifErrors(sarif)).toEqual([]);
    expect(sarifErrors(sarifOf(PULL_REQUEST))).toEqual([]);
    expect(sarifErrors(sarifOf(report([])))).toEqual([]);
  });

  it('the validator rejects what the schema forbids, so the check above can fail', () => {
    expect(sarifErrors({ ...sarif, version: '2.0.0' })).not.toEqual([]);
    const broken = structuredClone(sarif);
    broken.runs[0].results[0].level = 'fatal';
    delete broken.runs[0].results[1].message;
    broken.runs[0].tool.driver.informationUri = 'not a uri';
    expect(sarifErrors(broken)).toHaveLength(3);
  });

  it('describes every rule of the table, with its page at the released version', () => {
    const rules: any[] = run.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(RULE_IDS);
    expect(run.tool.driver).toMatchObject({ name: 'cn-guard', version: '1.2.3', semanticVersion: '1.2.3', informationUri: TOOL.repository });
    for (const rule of rules) {
      expect(rule.helpUri).toBe(`https://github.com/cn-guard/cn-guard/blob/v1.2.3/rules/${rule.id}.md`);
      expect(rule.help.markdown).toContain(`](${rule.helpUri})`);
      for (const text of [rule.shortDescription.text, rule.fullDescription.text, rule.help.text]) expect(text.length).toBeGreaterThan(10);
      expect(rule.fullDescription.text.length).toBeLessThanOrEqual(1024);
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
      expect(rule.properties.tags.length).toBeGreaterThan(0);
    }
    expect(rules.find((r) => r.id === 'forbidden-import')).toMatchObject({ name: 'ForbiddenImport', defaultConfiguration: { level: 'error' } });
    expect(rules.find((r) => r.id === 'unresolved-import').defaultConfiguration.level).toBe('warning');
  });

  it('a result per finding: rule, index, level, message and hint, a fingerprint', () => {
    expect(results).toHaveLength(EVERY_RULE.length);
    const forbidden = resultOf('forbidden-import', 'page.ts');
    expect(forbidden).toMatchObject({
      ruleIndex: RULE_IDS.indexOf('forbidden-import'),
      level: 'error',
      message: { text: 'forbidden-import in src/web/page.ts.\nremove the import' },
      partialFingerprints: { 'cnGuard/v1': EVERY_RULE[0]!.fingerprint },
    });
    expect(resultOf('unresolved-import').level).toBe('warning');
    expect(results.filter((r) => r.ruleId === 'policy-change').map((r) => r.level)).toEqual(['error', 'note']);
    for (const r of results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
  });

  it('locates every result on a real file, from the repository root (orchestrator.toml lives in app/)', () => {
    const at = (r: any) => r.locations[0].physicalLocation;
    expect(at(resultOf('forbidden-import', 'page.ts'))).toEqual({
      artifactLocation: { uri: 'app/src/web/page.ts', uriBaseId: 'SRCROOT' },
      region: { startLine: 3, startColumn: 8 },
    });
    // A whole file: its first line.
    expect(at(resultOf('unowned-file'))).toEqual({ artifactLocation: { uri: 'app/scripts/seed.ts', uriBaseId: 'SRCROOT' }, region: { startLine: 1 } });
    expect(at(resultOf('stale-baseline')).artifactLocation.uri).toBe('app/.cn-guard/baseline.json');
    // Policy findings: orchestrator.toml at their line, or at line 1.
    expect(at(resultOf('unmatched-pattern')).region).toEqual({ startLine: 9, startColumn: 21 });
    expect(at(resultOf('policy-change', 'weakened')).artifactLocation.uri).toBe('app/orchestrator.toml');
    expect(at(resultOf('policy-change', 'strengthened')).region).toEqual({ startLine: 1 });
    // A deleted file: orchestrator.toml at the acting domain's scope, the path in the message.
    const deleted = resultOf('out-of-scope-change');
    expect(at(deleted)).toEqual({ artifactLocation: { uri: 'app/orchestrator.toml', uriBaseId: 'SRCROOT' }, region: { startLine: 5 } });
    expect(deleted.message.text).toContain('src/db/retired.ts');
    expect(run.originalUriBaseIds.SRCROOT).toBeDefined();
  });

  it('a uri is a valid URI reference, whatever the file is called', () => {
    const odd = sarifOf(report([draft('forbidden-import', 'src/a b|(c)%#?:x@scope.ts', { line: 1 })]));
    expect(odd.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('app/src/a%20b%7C%28c%29%25%23%3F%3Ax@scope.ts');
    expect(sarifErrors(odd)).toEqual([]);
  });

  it('suppressed and known findings carry their justification; every result has the suppressions property', () => {
    expect(resultOf('not-allowed-import').suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'migrating, see the ADR (owner web-agent, until 2027-01-01)' },
    ]);
    expect(resultOf('private-import').suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'a known violation, recorded in the baseline app/.cn-guard/baseline.json' },
    ]);
    expect(results.every((r) => Array.isArray(r.suppressions))).toBe(true);
    expect(results.filter((r) => r.suppressions.length > 0)).toHaveLength(2);
  });

  it('the baseline state of every result in PR mode, and of none otherwise', () => {
    expect(results.some((r) => 'baselineState' in r)).toBe(false);
    const pr: any[] = sarifOf(PULL_REQUEST).runs[0].results;
    const state = (rule: string, file?: string) => pr.find((r) => r.ruleId === rule && (file === undefined || r.message.text.includes(file))).baselineState;
    expect(pr.every((r) => r.baselineState === 'new' || r.baselineState === 'unchanged')).toBe(true);
    expect(state('forbidden-import', 'page.ts')).toBe('new');
    expect(state('forbidden-import', 'old.ts')).toBe('unchanged');
    expect(state('private-import')).toBe('unchanged');
    expect(state('not-allowed-import')).toBe('new');
  });

  it('the run: notes as notifications, one category per configuration, UTF-16 columns, the commit when known', () => {
    expect(run.invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [{ level: 'note', message: { text: 'src/readme.md is not a source file, so it was not checked' } }],
      },
    ]);
    expect(run.automationDetails).toEqual({ id: 'cn-guard/app/orchestrator.toml/' });
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.versionControlProvenance).toBeUndefined();
    expect(sarifOf(PULL_REQUEST).runs[0].versionControlProvenance).toEqual([{ repositoryUri: 'https://github.example.com/acme/shop', revisionId: 'abc123' }]);
    expect(sarifOf(report([], { project: { dir: '', config: 'orchestrator.toml', baseline: 'b.json' } })).runs[0].automationDetails.id).toBe(
      'cn-guard/orchestrator.toml/',
    );
  });
});

describe('--format sarif beyond what GitHub code scanning accepts', () => {
  it('keeps 25,000 results, the most severe and newest first, in report order, and says how many it left out', () => {
    const warnings = Array.from({ length: MAX_SARIF_RESULTS + 9 }, (_, i) => draft('unowned-file', `src/u/f${i}.ts`, { severity: 'warning' }));
    const accepted = draft('forbidden-import', 'src/a/accepted.ts', { line: 1, status: 'suppressed', exception: { reason: 'legacy' } });
    const error = draft('forbidden-import', 'src/z/last.ts', { line: 2 });
    const log = sarifOf(report([accepted, ...warnings, error]));
    const results: any[] = log.runs[0].results;
    expect(results).toHaveLength(MAX_SARIF_RESULTS);
    // Both errors stay (the suppressed one after the new ones), in the order of the report; the last warnings go.
    expect(results[0].message.text).toContain('src/a/accepted.ts');
    expect(results.at(-1).message.text).toContain('src/z/last.ts');
    expect(results.filter((r) => r.level === 'warning')).toHaveLength(MAX_SARIF_RESULTS - 2);
    expect(results.some((r) => r.message.text.includes(`f${MAX_SARIF_RESULTS - 2}.ts`))).toBe(false);
    expect(log.runs[0].invocations[0].toolExecutionNotifications).toEqual([
      {
        level: 'warning',
        message: {
          text: '11 of 25,011 results are left out: GitHub code scanning rejects a run of more than 25,000. The most severe and the newest are kept; --format json lists them all.',
        },
      },
    ]);
    expect(sarifErrors(log)).toEqual([]);
  });
});

/** GitHub's reading of a workflow command: its kind, its properties and its message, unescaped. */
function parseCommand(line: string) {
  const match = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!match) return undefined;
  const decode = (text: string) => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const properties = Object.fromEntries(
    (match[2] ?? '')
      .split(',')
      .filter(Boolean)
      .map((p) => p.split('=').map(decode) as [string, string]),
  );
  return { command: match[1]!, properties, message: decode(match[3]!) };
}

const annotations = (r: CheckReport) => render('github', { kind: 'check', report: r }, OPTIONS).trimEnd().split('\n');

describe('--format github', () => {
  it.each([
    ['a percent sign', 'src/100%.ts', '50% done', 'src/100%25.ts', '50%25 done'],
    ['line breaks', 'src/a\nb.ts', 'first\r\nsecond', 'src/a%0Ab.ts', 'first%0D%0Asecond'],
    ['a colon and a comma in the path', 'src/a:b,c.ts', 'x: y, z', 'src/a%3Ab%2Cc.ts', 'x: y, z'],
    ['the command separator in the message', 'src/a.ts', 'a ::error:: b', 'src/a.ts', 'a ::error:: b'],
    ['an escape sequence', 'src/\u001b[31mred.ts', 'bell\u0007', 'src/\\u001b[31mred.ts', 'bell\\u0007'],
  ])('escapes %s', (_, file, message, escapedFile, escapedMessage) => {
    const [line] = annotations(
      report([draft('forbidden-import', file, { message, line: 2, column: 3 })], { project: { dir: '', config: 'o.toml', baseline: 'b' } }),
    );
    expect(line).toBe(`::error file=${escapedFile},line=2,col=3,title=cn-guard forbidden-import::${escapedMessage}.`);
    // Read back as GitHub reads it: one line, and the text as it was (control characters made visible).
    expect(parseCommand(line!)).toMatchObject({ command: 'error', properties: { file: file.replace('\u001b', '\\u001b') } });
    expect(line!.includes('\n') || line!.includes('\r')).toBe(false);
  });

  it('annotates new findings only, with repository-relative paths, and ends with the summary line', () => {
    const lines = annotations(EVERYTHING);
    const commands = lines.map(parseCommand).filter((c) => c !== undefined);
    const newCount = EVERY_RULE.filter((f) => f.status === 'new').length;
    expect(commands).toHaveLength(newCount);
    expect(commands.map((c) => c.command)).toEqual([...Array(4).fill('error'), ...Array(6).fill('warning'), 'notice']);
    expect(commands[0]).toEqual({
      command: 'error',
      properties: { file: 'app/src/web/page.ts', line: '3', col: '8', title: 'cn-guard forbidden-import' },
      message: 'forbidden-import in src/web/page.ts.\nremove the import',
    });
    expect(commands.find((c) => c.message.includes('retired'))?.properties).toEqual({
      file: 'app/orchestrator.toml',
      line: '5',
      title: 'cn-guard out-of-scope-change',
    });
    expect(commands.find((c) => c.properties.title?.endsWith('unowned-file'))?.properties).toMatchObject({ file: 'app/scripts/seed.ts', line: '1' });
    expect(lines.at(-1)).toMatch(
      /^cn-guard: ✖ 4 errors, 6 warnings, 1 suppressed, 1 known \(baseline\), 1 pre-existing · 12 files, 30 imports checked in \d+ ms$/,
    );
  });

  it('at most 10 errors, 10 warnings and 10 notices, errors first, those in changed files first, and one notice for the rest', () => {
    const many = (n: number, severity: Finding['severity'], dir: string) =>
      Array.from({ length: n }, (_, i) => draft('forbidden-import', `${dir}/f${String(i).padStart(2, '0')}.ts`, { severity, line: 1, column: 1 }));
    const findings = [...many(15, 'error', 'src/a'), ...many(12, 'warning', 'src/b'), ...many(11, 'info', 'src/c')];
    const suppressed = { ...draft('forbidden-import', 'src/z.ts'), status: 'suppressed' as const };
    // The last three errors are in files the change touches: they come first.
    const changed = ['src/a/f12.ts', 'src/a/f13.ts', 'src/a/f14.ts'];
    const commands = annotations(report([...findings, suppressed], { changed, project: { dir: '', config: 'o.toml', baseline: 'b' } }))
      .map(parseCommand)
      .filter((c) => c !== undefined);
    const of = (kind: string) => commands.filter((c) => c.command === kind && c.properties.title !== 'cn-guard');
    expect(of('error')).toHaveLength(10);
    expect(of('warning')).toHaveLength(10);
    // Nine notices: the tenth place is the count of what is left out.
    expect(of('notice')).toHaveLength(9);
    expect(commands.map((c) => c.command).slice(0, 20)).toEqual([...Array(10).fill('error'), ...Array(10).fill('warning')]);
    expect(of('error').map((c) => c.properties.file)).toEqual([...changed, ...findings.slice(0, 7).map((f) => f.file)]);
    const rest = commands.at(-1)!;
    expect(rest).toMatchObject({ command: 'notice', properties: { title: 'cn-guard' } });
    expect(rest.message).toBe(
      '9 more findings not annotated: GitHub shows at most 10 errors, 10 warnings and 10 notices per step. The job summary of this run lists every finding.',
    );
    expect(commands.filter((c) => c.command === 'notice')).toHaveLength(10);
  });

  it('exactly ten of each kind: all annotated, and no notice about the rest', () => {
    const findings = (['error', 'warning', 'info'] as const).flatMap((severity) =>
      Array.from({ length: 10 }, (_, i) => draft('forbidden-import', `src/${severity}${i}.ts`, { severity })),
    );
    const commands = annotations(report(findings)).map(parseCommand);
    expect(commands.filter((c) => c !== undefined)).toHaveLength(30);
    expect(commands.some((c) => c?.properties.title === 'cn-guard')).toBe(false);
  });
});

describe('step outputs', () => {
  it('counts for the workflow', () => {
    expect(actionOutputs({ ...PULL_REQUEST })).toEqual({ errors: 4, warnings: 6, introduced: 11, suppressed: 1, known: 1, preexisting: 1, fixed: 2 });
    expect(actionOutputs(report([])).fixed).toBe(0);
  });

  it('the heredoc form, with a delimiter drawn again until neither the name nor the value holds it', () => {
    const drawn = ['3', 'err', 'safe-1', 'safe-2', 'safe-3'];
    let next = 0;
    const text = outputsText({ errors: 3, note: 'a\nsafe-2 b' }, () => drawn[next++]!);
    expect(text).toBe('errors<<safe-1\n3\nsafe-1\nnote<<safe-3\na\nsafe-2 b\nsafe-3\n');
    // Read back as the runner does: each value ends at the first line that is exactly its delimiter.
    const values: Record<string, string> = {};
    const lines = text.split('\n');
    for (let i = 0; i < lines.length - 1; ) {
      const [name, delimiter] = lines[i]!.split('<<') as [string, string];
      const end = lines.indexOf(delimiter, i + 1);
      values[name] = lines.slice(i + 1, end).join('\n');
      i = end + 1;
    }
    expect(values).toEqual({ errors: '3', note: 'a\nsafe-2 b' });
  });
});

/** The visible text of inline tokens, as a reader sees it. */
function visible(tokens: Token[] | undefined): string {
  return (tokens ?? [])
    .map((t) => {
      if (t.type === 'html') return (t as Tokens.HTML).text === '<br>' ? '\n' : '';
      if ('tokens' in t && t.tokens) return visible(t.tokens);
      return (t as Tokens.Text).text;
    })
    .join('');
}

const tables = (markdown: string) => marked.lexer(markdown).filter((t): t is Tokens.Table => t.type === 'table');

describe('--format markdown (the PR comment) and the job summary', () => {
  it('a file name or message with markdown in it stays itself, in one row of four cells', () => {
    const file = 'src/we|rd*name_<b>`x`@acme/ui.ts';
    const message = 'may not import `db` | *really* <script>alert(1)</script> [link](http://x) ~~no~~ $x$ \\ &amp; @octocat\nsecond line';
    const body = commentBody(report([draft('forbidden-import', file, { message, line: 2 })], { links: PULL_REQUEST.links! }));
    const [table] = tables(body);
    expect(table!.rows).toHaveLength(1);
    const [severity, rule, where, what] = table!.rows[0]!;
    expect(table!.rows[0]).toHaveLength(4);
    expect(visible(severity!.tokens)).toBe('❌ error');
    expect(visible(rule!.tokens)).toBe('forbidden-import');
    expect(visible(where!.tokens)).toBe(`app/${file}:2`);
    // The message as written (its line break made visible), and nobody mentioned: a zero-width space follows each @.
    expect(visible(what!.tokens)).toBe(message.replace('\n', '\\n').replace('@octocat', '@\u200boctocat'));
    expect(body).not.toContain('<script>');
    // The location links to the line at the checked commit, every segment encoded.
    const link = where!.tokens.find((t): t is Tokens.Link => t.type === 'link');
    expect(link?.href).toBe('https://github.example.com/acme/shop/blob/abc123/app/src/we%7Crd*name_%3Cb%3E%60x%60@acme/ui.ts#L2');
  });

  it('the comment: marker, verdict, counts, policy changes in words, introduced findings, then the rest folded', () => {
    const body = commentBody(PULL_REQUEST);
    const lines = body.split('\n');
    expect(lines[0]).toBe('<!-- cn-guard:app/orchestrator.toml -->');
    expect(lines[1]).toBe('### ❌ cn-guard: 4 errors, 6 warnings and 1 notice introduced');
    expect(lines[3]).toBe(
      '**11** introduced · **1** pre-existing · **2** fixed · **1** suppressed · **1** known · 12 files and 30 imports checked against `app/orchestrator.toml`',
    );
    expect(body).toContain('#### Policy changes\n\n- ❌ weakened: src/db/\\*\\* no longer forbidden for web ([`app/orchestrator.toml:12`](');
    expect(body).toContain('- ℹ️ strengthened: domain api now has an allow-list');
    const [introduced, rest] = tables(body);
    expect(introduced!.rows).toHaveLength(9);
    expect(rest!.rows.map((r) => visible(r[0]!.tokens))).toEqual(['suppressed', 'known', 'pre-existing']);
    expect(body).toContain('<details><summary>1 pre-existing, 1 suppressed and 1 known findings</summary>');
    expect(body).toContain('About this run:\n\n- src/readme.md is not a source file, so it was not checked\n');
    // The deleted file has no page to link to; a file that exists links to its line.
    expect(body).toContain('| `app/src/db/retired.ts` |');
    expect(body).toContain('[`app/src/web/page.ts:3`](https://github.example.com/acme/shop/blob/abc123/app/src/web/page.ts#L3)');
    expect(body).toContain('[forbidden-import](https://github.com/cn-guard/cn-guard/blob/v1.2.3/rules/forbidden-import.md)');
  });

  it('the diagram of a PR, in a mermaid block', () => {
    const diagram = 'flowchart LR\n  d0["web"]\n  d1["db"]\n  d0 --> d1\n';
    const body = commentBody({ ...PULL_REQUEST, diagram });
    expect(body).toContain('#### Domains the change touches\n');
    expect(body).toContain(`\`\`\`mermaid\n${diagram}\`\`\`\n`);
    // After the introduced findings, before the folded rest.
    expect(body.indexOf('```mermaid')).toBeGreaterThan(body.indexOf('#### Introduced findings'));
    expect(body.indexOf('```mermaid')).toBeLessThan(body.indexOf('<details>'));
    expect(commentBody(PULL_REQUEST)).not.toContain('```mermaid');
  });

  it('all clear: the marker, a verdict and what was checked, nothing else', () => {
    expect(commentBody(report([], { mode: 'pull-request', summary: { ...report([]).summary, fixed: 0 } }))).toBe(
      [
        '<!-- cn-guard:app/orchestrator.toml -->',
        '### ✅ cn-guard: all clear',
        '',
        'Nothing introduced · 12 files and 30 imports checked against `app/orchestrator.toml`',
        '',
        '<sub>checked by [cn-guard](https://github.com/cn-guard/cn-guard) 1.2.3</sub>',
        '',
      ].join('\n'),
    );
    // Passing with warnings, or with pre-existing findings only, is not all clear.
    const warning = report([draft('unowned-file', 'a.ts', { severity: 'warning' })]);
    expect(commentBody(warning).split('\n')[1]).toBe('### ✅ cn-guard: passed, with 1 warning');
    const old = report([{ ...draft('forbidden-import', 'a.ts'), status: 'preexisting' }], { mode: 'pull-request' });
    expect(commentBody(old).split('\n')[1]).toBe('### ✅ cn-guard: nothing introduced');
  });

  it('5,000 introduced findings: the comment stays within 65,536 characters and says how many it leaves out', () => {
    const findings = Array.from({ length: 5000 }, (_, i) =>
      draft('forbidden-import', `src/web/feature${i}/component.ts`, { line: i + 1, hint: 'remove the import, or reach it through a domain web may use' }),
    );
    const preexisting = Array.from({ length: 50 }, (_, i) => ({ ...draft('forbidden-import', `src/old/${i}.ts`), status: 'preexisting' as const }));
    const big = report([...findings, ...preexisting], { mode: 'pull-request', diagram: 'flowchart LR\n  d0["web"]\n', links: PULL_REQUEST.links! });
    const body = commentBody(big);
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body.length).toBeGreaterThan(COMMENT_LIMIT - 2000);
    const [table, ...others] = tables(body);
    // The introduced rows come first and are cut from the end; the diagram and the folded rest go before them.
    expect(others).toEqual([]);
    expect(body).not.toContain('```mermaid');
    expect(table!.rows.map((r) => visible(r[2]!.tokens))).toEqual(findings.slice(0, table!.rows.length).map((f) => `app/${f.file}:${f.line}`));
    const left = 5050 - table!.rows.length;
    expect(body).toContain(
      `> [!NOTE]\n> ${left.toLocaleString('en')} findings and the diagram left out: a GitHub comment holds at most 65,536 characters. Every finding is in the job summary`,
    );
    expect(body.endsWith('</sub>\n')).toBe(true);

    const summary = jobSummary(big);
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(summary).not.toContain('<!-- cn-guard:');
    const summaryRows = tables(summary).reduce((n, t) => n + t.rows.length, 0);
    // Room for more than the comment; what does not fit is counted the same way.
    expect(summaryRows).toBeGreaterThan(table!.rows.length);
    if (summaryRows < 5050) expect(summary).toContain(`> ${(5050 - summaryRows).toLocaleString('en')} findings`);
  });

  it('never over the limit, whatever the rows measure: the note always has its room', () => {
    for (let extra = 0; extra < 300; extra += 23) {
      const findings = Array.from({ length: 1000 }, (_, i) => draft('forbidden-import', `src/f${i}.ts`, { message: `${'x'.repeat(extra + (i % 7))} ${i}` }));
      const body = commentBody(report(findings));
      expect(body.length, `rows of ${extra} characters more`).toBeLessThanOrEqual(COMMENT_LIMIT);
      expect(body).toContain('findings left out');
    }
  });

  it('the job summary lists every finding of a report that fits, with no note', () => {
    const summary = jobSummary(PULL_REQUEST);
    expect(tables(summary).reduce((n, t) => n + t.rows.length, 0)).toBe(EVERY_RULE.filter((f) => f.rule !== 'policy-change' || f.status !== 'new').length);
    expect(summary).not.toContain('[!NOTE]');
    // The same body as the comment, without the marker.
    expect(commentBody(PULL_REQUEST)).toBe(`<!-- cn-guard:app/orchestrator.toml -->\n${summary}`);
  });
});
