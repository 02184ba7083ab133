import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/model/index.js';
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
  USERS_DB,
  USERS_FIXED,
  withSetting,
} from '../support/baseline.js';
import { USES_DB, withChanges } from '../support/fixtures.js';
import { lines, policyChanges } from '../support/history.js';
import { checkPr, checkStaged, checkTree, configErrorOf, errorOf } from '../support/memory.js';

/**
 * How check, staged and PR mode treat a baseline (spec §3.3), in-process over in-memory trees
 * that hold the baseline file as `cn-guard baseline` writes it. The command itself (what it
 * writes, --prune, locales) is test/baseline.test.ts.
 */

/** RECORDED with these changes (null deletes). */
const recordedWith = (changes: Record<string, string | null>) => withChanges(RECORDED, changes);

describe('check with a baseline', () => {
  it('fails on every violation when there is no baseline', () => {
    const report = checkTree(FILES);
    expect(report.summary).toMatchObject({ errors: 4, known: 0 });
    expect(report.code).toBe(1);
  });

  it('reports recorded findings as known: counted, not failing; a new violation still fails', () => {
    const report = checkTree(RECORDED);
    expect(lines(report)).toEqual([
      'forbidden-import src/routes/orders.ts -> src/database/client.ts [known]',
      'private-import src/routes/orders.ts -> src/auth/internal/secret.ts [known]',
      'forbidden-import src/routes/users.ts -> src/database/client.ts [known]',
      'unowned-file src/tools/gen.ts [known]',
    ]);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0, known: 4 });
    expect(report.code).toBe(0);

    const after = checkTree(recordedWith(HEALTH_VIOLATES));
    expect(lines(after).filter((l) => !l.endsWith('[known]'))).toEqual(['forbidden-import src/routes/health.ts -> src/database/client.ts [new]']);
    expect(after.summary).toMatchObject({ errors: 1, known: 4 });
    expect(after.code).toBe(1);
  });

  it('does not cover the same rule for the same pair from another file, nor another rule for the same pair', () => {
    // users.ts now also deep-imports auth: same file, a rule the baseline does not hold for it.
    const report = checkTree(
      recordedWith({ 'src/routes/users.ts': `${USES_DB('users')}import { secret } from '../auth/internal/secret';\nexport const s = secret;\n` }),
    );
    expect(lines(report).filter((l) => l.endsWith('[new]'))).toEqual(['private-import src/routes/users.ts -> src/auth/internal/secret.ts [new]']);
    expect(report.code).toBe(1);
  });

  it('keeps a known violation known when its import moves to another line', () => {
    const report = checkTree(recordedWith({ 'src/routes/users.ts': `// users\n\nexport const first = 0;\n${USES_DB('users')}` }));
    expect(report.findings.find((f) => f.file === 'src/routes/users.ts')).toMatchObject({ rule: 'forbidden-import', status: 'known', line: 4 });
    expect(report.summary).toMatchObject({ errors: 0, known: 4 });
    expect(report.code).toBe(0);
  });

  it('reads the baseline from settings.baseline when it is set', () => {
    const report = checkTree({
      ...FILES,
      'orchestrator.toml': withSetting('baseline = "quality/known-violations.json"'),
      'quality/known-violations.json': baselineText(ALL),
    });
    expect(report.summary).toMatchObject({ errors: 0, known: 4 });
    expect(report.code).toBe(0);
  });
});

describe('stale baseline entries', () => {
  it('reports an entry that matches nothing any more as stale-baseline (warning) in a full check', () => {
    const fixed = recordedWith(USERS_FIXED);
    const report = checkTree(fixed);
    expect(report.findings.filter((f) => f.rule === 'stale-baseline')).toEqual([
      expect.objectContaining({
        rule: 'stale-baseline',
        severity: 'warning',
        status: 'new',
        file: DEFAULT,
        message: 'baseline entry forbidden-import src/routes/users.ts → src/database/client.ts matches no violation any more',
        hint: 'run `cn-guard baseline --prune` to drop it (the baseline only ever shrinks)',
      }),
    ]);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 1, known: 3 });
    expect(report.code).toBe(0);
    expect(checkTree(fixed, { failOn: 'warning' }).code).toBe(1);
  });

  it('reports an unowned-file entry whose file is gone as stale', () => {
    const report = checkTree(recordedWith({ 'src/tools/gen.ts': null }));
    expect(report.findings.filter((f) => f.rule === 'stale-baseline').map((f) => f.message)).toEqual([
      'baseline entry unowned-file src/tools/gen.ts matches no violation any more',
    ]);
  });

  it('does not call an entry stale while its violation exists, even when an exception now suppresses it', () => {
    const report = checkTree(
      recordedWith({ 'orchestrator.toml': `${TOML}\n[[exceptions]]\nfrom = "src/routes/users.ts"\nto = "src/database/client.ts"\nreason = "bd-1"\n` }),
    );
    expect(lines(report, ['forbidden-import', 'stale-baseline'])).toEqual([
      'forbidden-import src/routes/orders.ts -> src/database/client.ts [known]',
      'forbidden-import src/routes/users.ts -> src/database/client.ts [suppressed]',
    ]);
    expect(report.code).toBe(0);
  });

  it('does not report stale entries in staged mode (only the staged files are checked)', () => {
    const report = checkStaged(RECORDED, recordedWith(USERS_FIXED));
    expect(report.findings).toEqual([]);
    expect(report.code).toBe(0);
  });

  // Spec §3 json contract: "Findings that are not about an import edge … leave the edge keys out".
  it('leaves the import-edge keys out of stale-baseline findings', () => {
    const stale = checkTree(recordedWith(USERS_FIXED)).findings.find((f) => f.rule === 'stale-baseline')!;
    expect(stale).not.toHaveProperty('specifier');
    expect(stale).not.toHaveProperty('target');
  });
});

describe('a malformed baseline', () => {
  it.each([
    ['not JSON', '{ "version": 1, "entries": [', /the baseline is not valid JSON/],
    ['the wrong shape', '{ "version": 1, "entries": [{ "rule": "forbidden-import" }] }', /the baseline must be \{ "version": 1, "entries"/],
    ['no entries list', '{ "version": 1 }', /the baseline must be \{ "version": 1, "entries"/],
  ])('(%s) makes check exit 2 with a message naming the file', (_label, text, message) => {
    const error = configErrorOf(() => checkTree({ ...FILES, [DEFAULT]: text }));
    expect(error.message).toContain(`${DEFAULT}: `);
    expect(error.message).toMatch(message);
  });

  it('in staged mode too', () => {
    expect(configErrorOf(() => checkStaged(FILES, { ...FILES, [DEFAULT]: '[1, 2' })).message).toContain(`${DEFAULT}: the baseline is not valid JSON`);
  });
});

describe('settings.baseline must stay inside the project', () => {
  it.each([['../x.json'], ['sub/../../x.json'], ['/tmp/cn-guard-baseline.json']])('makes check exit 2 for %s, naming its line', (path) => {
    const error = errorOf(ConfigError, () => checkTree({ ...FILES, 'orchestrator.toml': withSetting(`baseline = "${path}"`) }));
    expect(error.message).toContain(`baseline path "${path}" is outside the directory holding orchestrator.toml`);
    expect(error.message).toContain('orchestrator.toml:3');
  });
});

describe('baseline changes are policy changes', () => {
  const HEALTH = dbEntry('health');
  const ADDED = {
    severity: 'error',
    status: 'new',
    file: DEFAULT,
    message: 'weakened: 1 violation added to the baseline (forbidden-import src/routes/health.ts → src/database/client.ts)',
  };
  /** main has the recorded baseline; the branch adds a violation and records it. */
  const ACCEPTING = recordedWith({ ...HEALTH_VIOLATES, [DEFAULT]: baselineText([HEALTH, ...ALL]) });

  it('PR mode: adding entries is a weakening that fails; the violation itself is known', () => {
    const report = checkPr(RECORDED, ACCEPTING);
    expect(policyChanges(report)).toEqual([ADDED]);
    expect(lines(report, ['forbidden-import'])).toContain('forbidden-import src/routes/health.ts -> src/database/client.ts [known]');
    expect(report.summary).toMatchObject({ errors: 1, known: 5 });
    expect(report.code).toBe(1);

    const allowed = checkPr(RECORDED, ACCEPTING, { allowPolicyChange: true });
    expect(policyChanges(allowed)).toEqual([{ ...ADDED, severity: 'warning' }]);
    expect(allowed.code).toBe(0);
  });

  it('PR mode: lists at most five added entries in the message', () => {
    const base = { ...FILES, [DEFAULT]: baselineText([]) };
    const head = { ...base, 'src/routes/a.ts': USES_DB('a'), 'src/routes/b.ts': USES_DB('b'), [DEFAULT]: baselineText([dbEntry('a'), dbEntry('b'), ...ALL]) };
    const report = checkPr(base, head);
    expect(policyChanges(report).map((c) => c.message)).toEqual([
      'weakened: 6 violations added to the baseline (forbidden-import src/routes/a.ts → src/database/client.ts; forbidden-import src/routes/b.ts → src/database/client.ts; ' +
        'forbidden-import src/routes/orders.ts → src/database/client.ts; private-import src/routes/orders.ts → src/auth/internal/secret.ts; ' +
        'forbidden-import src/routes/users.ts → src/database/client.ts; …)',
    ]);
    expect(report.code).toBe(1);
  });

  it('PR mode: a change that only removes entries is fine', () => {
    const report = checkPr(RECORDED, recordedWith({ ...USERS_FIXED, [DEFAULT]: baselineText([ORDERS_DB, ORDERS_AUTH, GEN]) }));
    expect(policyChanges(report)).toEqual([]);
    expect(report.findings.filter((f) => f.status === 'new')).toEqual([]);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0, known: 3, fixed: 1 });
    expect(report.code).toBe(0);
  });

  it('PR mode: dropping an entry whose violation remains is no weakening, and the violation is pre-existing', () => {
    const report = checkPr(RECORDED, recordedWith({ [DEFAULT]: baselineText([ORDERS_DB, ORDERS_AUTH, GEN]) }));
    expect(policyChanges(report)).toEqual([]);
    expect(lines(report, ['forbidden-import'])).toEqual([
      'forbidden-import src/routes/orders.ts -> src/database/client.ts [known]',
      'forbidden-import src/routes/users.ts -> src/database/client.ts [preexisting]',
    ]);
    expect(report.code).toBe(0);
  });

  it('PR mode: an entry already stale at the base is pre-existing; one the PR makes stale is new (a warning)', () => {
    // main fixed users without pruning; the branch fixes orders → database, without pruning either.
    const base = recordedWith(USERS_FIXED);
    const report = checkPr(
      base,
      withChanges(base, { 'src/routes/orders.ts': "import { secret } from '../auth/internal/secret';\nexport const s = secret;\n" }),
    );
    expect(report.findings.filter((f) => f.rule === 'stale-baseline').map((f) => `${f.status} ${f.severity} ${f.message}`)).toEqual([
      'new warning baseline entry forbidden-import src/routes/orders.ts → src/database/client.ts matches no violation any more',
      'preexisting warning baseline entry forbidden-import src/routes/users.ts → src/database/client.ts matches no violation any more',
    ]);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 1, known: 2, preexisting: 1 });
    expect(report.code).toBe(0);
  });

  it('PR mode: reformatting the baseline (same entries, other order and spacing) is no policy change', () => {
    const entries = [GEN, USERS_DB, ORDERS_AUTH, ORDERS_DB].map((e) => JSON.parse(e) as object);
    const report = checkPr(RECORDED, recordedWith({ [DEFAULT]: JSON.stringify({ version: 1, entries }, null, 4) }));
    expect(policyChanges(report)).toEqual([]);
    expect(report.summary).toMatchObject({ errors: 0, known: 4 });
    expect(report.code).toBe(0);
  });

  it('PR mode: a baseline introduced by the PR is all additions', () => {
    const report = checkPr(FILES, RECORDED);
    expect(policyChanges(report)).toEqual([
      {
        severity: 'error',
        status: 'new',
        file: DEFAULT,
        message:
          'weakened: 4 violations added to the baseline (forbidden-import src/routes/orders.ts → src/database/client.ts; ' +
          'private-import src/routes/orders.ts → src/auth/internal/secret.ts; forbidden-import src/routes/users.ts → src/database/client.ts; ' +
          'unowned-file src/tools/gen.ts)',
      },
    ]);
    expect(report.code).toBe(1);
  });

  it('PR mode: pointing settings.baseline at another file is a weakening', () => {
    const report = checkPr(
      RECORDED,
      recordedWith({ 'orchestrator.toml': withSetting('baseline = "quality/known.json"'), 'quality/known.json': baselineText([]) }),
    );
    expect(policyChanges(report)).toEqual([
      { severity: 'error', status: 'new', file: 'orchestrator.toml', line: 3, message: `weakened: baseline file: "${DEFAULT}" → "quality/known.json"` },
    ]);
    expect(report.code).toBe(1);
  });

  // The merge base's malformed copy must not end the run (exit 2, advising to regenerate the
  // baseline, which the PR did); orchestrator.toml's previous version is handled leniently too.
  it('lets a PR repair a malformed baseline (judging the change, not failing on the old copy)', () => {
    const report = checkPr({ ...FILES, [DEFAULT]: 'nonsense' }, { ...FILES, [DEFAULT]: baselineText([]) }, { allowPolicyChange: true });
    // The four violations exist at the merge base too: pre-existing, so the run passes.
    expect(report.code).toBe(0);
  });

  it('staged mode: staging added entries fails unless --allow-policy-change', () => {
    // Only the baseline is staged: the staged check sees the weakening, not the unstaged import.
    const baselineStaged = recordedWith({ [DEFAULT]: baselineText([HEALTH, ...ALL]) });
    const refused = checkStaged(RECORDED, baselineStaged);
    expect(policyChanges(refused)).toEqual([ADDED]);
    expect(refused.code).toBe(1);

    const allowed = checkStaged(RECORDED, baselineStaged, { allowPolicyChange: true });
    expect(policyChanges(allowed)).toEqual([{ ...ADDED, severity: 'warning' }]);
    expect(allowed.code).toBe(0);

    // Staging the import too: it is known (the staged baseline holds it), the weakening still fails.
    const both = checkStaged(RECORDED, ACCEPTING);
    expect(lines(both, ['forbidden-import'])).toEqual(['forbidden-import src/routes/health.ts -> src/database/client.ts [known]']);
    expect(policyChanges(both)).toEqual([ADDED]);
    expect(both.findings.map((f) => f.rule)).toEqual(['forbidden-import', 'policy-change']);
    expect(both.code).toBe(1);
  });

  it('staged mode: staging a pruned baseline is fine', () => {
    const report = checkStaged(RECORDED, recordedWith({ ...USERS_FIXED, [DEFAULT]: baselineText([ORDERS_DB, ORDERS_AUTH, GEN]) }));
    expect(report.findings).toEqual([]);
    expect(report.code).toBe(0);
  });

  // A baseline path that reads like a TOML key path ("settings.json") must not be located in orchestrator.toml.
  it('does not give a baseline finding a position taken from orchestrator.toml', () => {
    const toml = `[settings]\nbaseline = "settings.json"\nunowned = "error"\n${TOML.slice(TOML.indexOf('\n[domains.routes]'))}`;
    const head = { ...FILES, 'orchestrator.toml': toml };
    const finding = checkStaged(head, { ...head, 'settings.json': baselineText(ALL) }).findings.find((f) => f.rule === 'policy-change')!;
    expect(finding.file).toBe('settings.json');
    expect(finding).not.toHaveProperty('line');
  });
});
