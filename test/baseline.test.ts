import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ALL,
  baselineText,
  DEFAULT,
  dbEntry,
  FILES,
  GEN,
  HEALTH_VIOLATES,
  ORDERS_AUTH,
  ORDERS_DB,
  RECORDED,
  TOML,
  USERS_FIXED,
  withSetting,
} from './support/baseline.js';
import { USES_DB, withChanges } from './support/fixtures.js';
import { check, lines, run } from './support/history.js';
import { checkTree } from './support/memory.js';
import { git, makeRepo, type Tree } from './support/repo.js';

/**
 * `cn-guard baseline [--prune]` (spec §3.3): what it writes, on a real disk, through the real
 * CLI. How check, staged and PR mode treat the file is judged in-process in
 * test/unit/baseline.test.ts; the file's bytes pinned here are the ones those tests use.
 */

const read = (root: string, path = DEFAULT) => readFileSync(join(root, path), 'utf8');
const baseline = (root: string, args: string[] = [], env: Record<string, string | undefined> = {}) => run(root, ['baseline', ...args], env);
/** A working tree (no git: the command reads what is on disk). */
const workTree = (tree: Tree) => makeRepo(tree, { git: false });
/** What `cn-guard baseline` reports on stdout. */
const said = (entries: number, change: string) => `${DEFAULT}: ${entries} known violations (${change})\n`;

describe('cn-guard baseline', () => {
  it('writes the default file: sorted, one entry per line, keyed by rule, file and target, no line numbers', () => {
    const root = workTree(FILES);
    expect(baseline(root)).toEqual({ code: 0, stdout: said(4, '4 added, 0 removed'), stderr: '' });
    expect(read(root)).toBe(baselineText(ALL));
    expect(read(root)).not.toMatch(/"line"|"column"|"fingerprint"/);
  });

  it('writes to settings.baseline when it is set, and check reads it from there', () => {
    const root = makeRepo({ ...FILES, 'orchestrator.toml': withSetting('baseline = "quality/known-violations.json"') });
    expect(baseline(root)).toEqual({ code: 0, stdout: 'quality/known-violations.json: 4 known violations (4 added, 0 removed)\n', stderr: '' });
    expect(read(root, 'quality/known-violations.json')).toBe(baselineText(ALL));
    expect(existsSync(join(root, DEFAULT))).toBe(false);
    const report = check(root, []);
    expect(report.summary).toMatchObject({ errors: 0, known: 4 });
    expect(report.code).toBe(0);
  });

  it('writes an empty list when there is nothing to record', () => {
    const root = workTree({
      'orchestrator.toml': TOML.replace('unowned = "error"', 'unowned = "allow"'),
      'src/routes/health.ts': 'export const h = 0;\n',
      'src/database/client.ts': 'export const c = 1;\n',
      'src/auth/index.ts': 'export const a = 2;\n',
    });
    expect(baseline(root).stdout).toBe(said(0, '0 added, 0 removed'));
    expect(read(root)).toBe(baselineText([]));
  });

  it('does not record warnings or suppressed findings', () => {
    const toml = `${TOML.replace('unowned = "error"', 'unowned = "warn"')}\n[[exceptions]]\nfrom = "src/routes/users.ts"\nto = "src/database/client.ts"\nreason = "bd-1"\n`;
    const root = workTree({ ...FILES, 'orchestrator.toml': toml });
    baseline(root);
    expect(read(root)).toBe(baselineText([ORDERS_DB, ORDERS_AUTH]));
  });

  it('changes nothing when run twice (byte-identical, reported as unchanged)', () => {
    const root = makeRepo(FILES);
    baseline(root);
    const first = read(root);
    expect(baseline(root)).toEqual({ code: 0, stdout: said(4, 'unchanged'), stderr: '' });
    expect(read(root)).toBe(first);
    const json = baseline(root, ['--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual({ file: DEFAULT, entries: 4, added: 0, removed: 0, written: false });
    expect(read(root)).toBe(first);
    expect(git(root, 'status', '--porcelain')).toBe(`?? ${dirname(DEFAULT)}/\n`);
  });

  // Sorted by code units, not String#localeCompare: in Danish "aa" sorts after "z", in Lithuanian "y"
  // before "j", and the committed file would churn between machines.
  it('writes the same bytes whatever the locale (LANG) of the machine', () => {
    const root = workTree({ ...FILES, ...Object.fromEntries(['aa', 'zz', 'jobs', 'yard'].map((name) => [`src/routes/${name}.ts`, USES_DB(name)])) });
    baseline(root, [], { LANG: 'C', LC_ALL: 'C' });
    const neutral = read(root);
    const order = [...neutral.matchAll(/"file":"src\/routes\/(\w+)\.ts"/g)].map((m) => m[1]);
    expect(order).toEqual(['aa', 'jobs', 'orders', 'orders', 'users', 'yard', 'zz']);
    for (const locale of ['da_DK.UTF-8', 'lt_LT.UTF-8']) {
      rmSync(join(root, DEFAULT));
      baseline(root, [], { LANG: locale, LC_ALL: locale });
      expect(read(root)).toBe(neutral);
    }
  });
});

describe('cn-guard baseline --prune / --update', () => {
  it.each([['--prune'], ['--update']])('%s removes only stale entries and never adds a new violation', (flag) => {
    const root = workTree(withChanges(RECORDED, { ...USERS_FIXED, ...HEALTH_VIOLATES }));
    expect(baseline(root, [flag])).toEqual({ code: 0, stdout: said(3, '0 added, 1 removed'), stderr: '' });
    expect(read(root)).toBe(baselineText([ORDERS_DB, ORDERS_AUTH, GEN]));

    // Judged with the pruned file: the new violation fails, nothing is stale.
    const report = checkTree(withChanges(RECORDED, { ...USERS_FIXED, ...HEALTH_VIOLATES, [DEFAULT]: read(root) }));
    expect(lines(report).filter((l) => !l.endsWith('[known]'))).toEqual(['forbidden-import src/routes/health.ts -> src/database/client.ts [new]']);
    expect(report.findings.filter((f) => f.rule === 'stale-baseline')).toEqual([]);
    expect(report.code).toBe(1);
  });

  it('creates no file when there is no baseline to prune', () => {
    const root = workTree(FILES);
    expect(baseline(root, ['--prune'])).toEqual({ code: 0, stdout: said(0, 'unchanged'), stderr: '' });
    expect(existsSync(join(root, DEFAULT))).toBe(false);
  });

  it('leaves the file untouched when nothing is stale', () => {
    const root = workTree(withChanges(RECORDED, HEALTH_VIOLATES));
    expect(baseline(root, ['--prune']).stdout).toBe(said(4, 'unchanged'));
    expect(read(root)).toBe(baselineText(ALL));
  });

  it('without --prune re-records everything, new violations included (the explicit way to accept them)', () => {
    const root = workTree(withChanges(RECORDED, { ...USERS_FIXED, ...HEALTH_VIOLATES }));
    expect(baseline(root).stdout).toBe(said(4, '1 added, 1 removed'));
    expect(read(root)).toBe(baselineText([dbEntry('health'), ORDERS_DB, ORDERS_AUTH, GEN]));
  });
});

describe('a malformed baseline', () => {
  it('makes baseline --prune exit 2 naming the file, and leaves the file alone', () => {
    const root = workTree({ ...FILES, [DEFAULT]: 'nonsense' });
    const result = baseline(root, ['--prune']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${DEFAULT}: the baseline is not valid JSON`);
    expect(read(root)).toBe('nonsense');
  });

  // Recording does not need the old file: the error's own advice must work.
  it('can be regenerated with `cn-guard baseline`, as the error message advises', () => {
    const root = workTree({ ...FILES, [DEFAULT]: 'nonsense' });
    const result = run(root, ['check']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain(`${DEFAULT}: the baseline is not valid JSON`);
    expect(result.stderr).toContain('regenerate it with `cn-guard baseline`');
    expect(baseline(root)).toEqual({ code: 0, stdout: said(4, '4 added, 0 removed'), stderr: '' });
    expect(read(root)).toBe(baselineText(ALL));
  });
});

describe('settings.baseline must stay inside the project', () => {
  it.each([['../x.json'], ['/tmp/cn-guard-baseline.json']])('cn-guard baseline exits 2 for %s, writing nothing outside', (path) => {
    const root = workTree({ ...FILES, 'orchestrator.toml': withSetting(`baseline = "${path}"`) });
    const result = baseline(root);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`baseline path "${path}" is outside the directory holding orchestrator.toml`);
    expect(result.stderr).toContain('orchestrator.toml:3');
    expect(existsSync(join(root, '..', 'x.json'))).toBe(false);
  });
});

describe('baseline changes are policy changes', () => {
  it('PR mode: the baseline a branch records with the command is a weakening (end to end)', () => {
    const root = makeRepo(RECORDED);
    git(root, 'checkout', '-q', '-b', 'feature');
    writeFileSync(join(root, 'src/routes/health.ts'), USES_DB('health'));
    baseline(root);
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'accept a violation');
    const result = run(root, ['check', '--base', 'main']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('weakened: 1 violation added to the baseline (forbidden-import src/routes/health.ts → src/database/client.ts)');
  });
});
