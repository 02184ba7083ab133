import { describe, expect, it } from 'vitest';
import { lineOf, POLICY, POLICY_FILES, WEAK, WIDENED, withChanges } from '../support/fixtures.js';
import { lines, policyChanges } from '../support/history.js';
import { checkPr, checkStaged, checkTree } from '../support/memory.js';

/**
 * Policy changes (spec §2.3): each change to orchestrator.toml between the merge base and a PR's
 * head, or between HEAD and the index, reported in words; weakenings fail unless
 * --allow-policy-change, strengthenings inform. In-process over in-memory trees; what needs git
 * (merges, what is staged against the working tree, untracking) is in test/pr.test.ts.
 */

type Change = ReturnType<typeof policyChanges>[number];
const at = (line: number | undefined) => (line === undefined ? {} : { line });
/** A weakening that fails, at `line` of orchestrator.toml (undefined: no line to point at). */
const weakened = (line: number | undefined, message: string): Change => ({
  severity: 'error',
  status: 'new',
  file: 'orchestrator.toml',
  ...at(line),
  message: `weakened: ${message}`,
});
/** A strengthening, reported as info. */
const strengthened = (line: number | undefined, message: string): Change => ({
  severity: 'info',
  status: 'new',
  file: 'orchestrator.toml',
  ...at(line),
  message: `strengthened: ${message}`,
});

/** A PR on POLICY_FILES that commits `toml` (and `code` changes; null deletes). */
const policyPr = (toml: string, code: Record<string, string | null> = {}, base = POLICY) =>
  checkPr({ ...POLICY_FILES, 'orchestrator.toml': base }, withChanges(POLICY_FILES, { 'orchestrator.toml': toml, ...code }));

const EXCEPTION_ADDED = `${POLICY}
[[exceptions]]
from = "src/services/**"
to = "src/auth/**"
reason = "migration, bd-c3d4"
owner = "@bob"
expires = 2029-12-31
`;
const WITH_TOOLS_DOMAIN = POLICY.replace('[[exceptions]]', '[domains.tools]\nscope = "src/tools/**"\n\n[[exceptions]]');
const ALLOW_LIST_FOR_SERVICES = POLICY.replace('scope = "src/services/**"\n', 'scope = "src/services/**"\nallowed_imports = ["src/database/index.ts"]\n');
const IGNORING_TYPES = POLICY.replace('unowned = "warn"', 'unowned = "warn"\ntype_imports = "ignore"');
const EXCLUDING_LEGACY = POLICY.replace('"src/admin/**"]', '"src/admin/**", "!src/routes/legacy/**"]');

describe('policy changes between base and head', () => {
  it('starts from a base that passes (only an unowned warning and a suppressed finding)', () => {
    const report = checkTree(POLICY_FILES);
    expect(lines(report)).toEqual([
      'forbidden-import src/routes/legacy/export.ts -> src/database/index.ts [suppressed]',
      'unowned-file src/tools/gen.ts [new]',
    ]);
    expect(report.code).toBe(0);
  });

  /** [name, the base's orchestrator.toml, head's, the changes reported, the exit code]. */
  it.each<[string, string, string, Change[], 0 | 1]>([
    ['reports no policy change when orchestrator.toml is untouched, or changed and changed back', POLICY, POLICY, [], 0],
    [
      'scope widened: a weakening that fails, pointing at the scope line',
      POLICY,
      WIDENED,
      [weakened(5, 'scope of domain routes widened: added "src/tools/**" (its agent may change more files)')],
      1,
    ],
    [
      'scope widened by removing an exclusion',
      EXCLUDING_LEGACY,
      POLICY,
      [weakened(5, 'scope of domain routes widened: exclusion "!src/routes/legacy/**" removed (its agent may change more files)')],
      1,
    ],
    // Narrowing a scope lets files out of the domain's import rules (they become unowned or another
    // domain's), so it is a weakening too.
    [
      'scope narrowed by removing a pattern: a weakening (those files leave its rules)',
      POLICY,
      POLICY.replace('scope = ["src/routes/**", "src/admin/**"]', 'scope = ["src/routes/**"]'),
      [weakened(5, 'scope of domain routes narrowed: removed "src/admin/**" (those files leave its rules)')],
      1,
    ],
    // An exclusion's source keeps its "!" as written: the message must not double it.
    [
      'scope narrowed by adding an exclusion: named with a single "!"',
      POLICY,
      EXCLUDING_LEGACY,
      [weakened(5, 'scope of domain routes narrowed: exclusion "!src/routes/legacy/**" added (those files leave its rules)')],
      1,
    ],
    [
      'forbidden pattern removed: a weakening',
      POLICY,
      POLICY.replace('forbidden_imports = ["src/database/**", "src/auth/internal/**"]', 'forbidden_imports = ["src/database/**"]'),
      [weakened(7, 'domain routes: forbidden pattern "src/auth/internal/**" removed')],
      1,
    ],
    [
      'the whole forbidden_imports key removed: a weakening pointing at the domain header',
      POLICY,
      POLICY.replace('forbidden_imports = ["src/database/**", "src/auth/internal/**"]\n', ''),
      [weakened(4, 'domain routes: forbidden pattern "src/database/**", "src/auth/internal/**" removed')],
      1,
    ],
    [
      'forbidden pattern added: a strengthening',
      POLICY,
      POLICY.replace('"src/auth/internal/**"]', '"src/auth/internal/**", "src/services/**"]'),
      [strengthened(7, 'domain routes: forbidden pattern "src/services/**" added')],
      0,
    ],
    [
      'allowed pattern added to an existing allow-list: a weakening',
      POLICY,
      POLICY.replace('"src/shared/**"]', '"src/shared/**", "src/services/**"]'),
      [weakened(8, 'domain routes: "src/services/**" added to allowed_imports')],
      1,
    ],
    [
      'allow-list introduced: a strengthening',
      POLICY,
      ALLOW_LIST_FOR_SERVICES,
      [
        strengthened(
          lineOf(ALLOW_LIST_FOR_SERVICES, 'allowed_imports = ["src/database/index.ts"]'),
          'domain services: allow-list introduced ("src/database/index.ts")',
        ),
      ],
      0,
    ],
    [
      'domain added: a weakening (it may take files, and their rules, from other domains)',
      POLICY,
      WITH_TOOLS_DOMAIN,
      [weakened(lineOf(WITH_TOOLS_DOMAIN, '[domains.tools]'), 'domain tools added (it may take files, and so their rules, from other domains)')],
      1,
    ],
    [
      'allow-list removed entirely: a weakening',
      POLICY,
      POLICY.replace('allowed_imports = ["src/auth/client.ts", "src/shared/**"]\n', ''),
      [weakened(4, 'domain routes: allow-list removed (was "src/auth/client.ts", "src/shared/**"): everything not forbidden may be imported')],
      1,
    ],
    [
      'exception added: a weakening pointing at the new [[exceptions]] table',
      POLICY,
      EXCEPTION_ADDED,
      [
        weakened(
          lineOf(EXCEPTION_ADDED, '[[exceptions]]', 2),
          'exception added: src/services/** → src/auth/** (migration, bd-c3d4; owner @bob; expires 2029-12-31)',
        ),
      ],
      1,
    ],
    [
      'a duplicate of an existing exception that never expires is an exception added',
      POLICY,
      `${POLICY}\n[[exceptions]]\nfrom = "src/routes/legacy/**"\nto = "src/database/**"\nreason = "forever"\n`,
      [weakened(lineOf(`${POLICY}\n[[exceptions]]`, '[[exceptions]]', 2), 'exception added: src/routes/legacy/** → src/database/** (forever; never expires)')],
      1,
    ],
    [
      'exception extended (expires later): a weakening',
      POLICY,
      POLICY.replace('expires = 2030-01-31', 'expires = 2031-06-30'),
      [weakened(lineOf(POLICY, '[[exceptions]]'), 'exception src/routes/legacy/** → src/database/** extended: expires 2030-01-31 → 2031-06-30')],
      1,
    ],
    [
      'exception made permanent (expiry removed): a weakening',
      POLICY,
      POLICY.replace('expires = 2030-01-31\n', ''),
      [weakened(lineOf(POLICY, '[[exceptions]]'), 'exception src/routes/legacy/** → src/database/** extended: expires 2030-01-31 → never')],
      1,
    ],
    [
      'exception shortened: a strengthening',
      POLICY,
      POLICY.replace('expires = 2030-01-31', 'expires = 2029-01-31'),
      [strengthened(lineOf(POLICY, '[[exceptions]]'), 'exception src/routes/legacy/** → src/database/** shortened: expires 2030-01-31 → 2029-01-31')],
      0,
    ],
    [
      'domain removed: a weakening (no line to point at in the new file)',
      POLICY,
      POLICY.replace('[domains.services]\nscope = "src/services/**"\n\n', ''),
      [weakened(undefined, 'domain services removed: its scope and rules no longer apply')],
      1,
    ],
    [
      'public entry point added: a weakening',
      POLICY,
      POLICY.replace('public = ["src/database/index.ts"]', 'public = ["src/database/index.ts", "src/database/client.ts"]'),
      [weakened(12, 'domain database: public entry point "src/database/client.ts" added')],
      1,
    ],
    [
      'settings.unowned lowered: a weakening',
      POLICY,
      POLICY.replace('unowned = "warn"', 'unowned = "allow"'),
      [weakened(2, 'unowned files: "warn" → "allow"')],
      1,
    ],
    [
      "judges a domain's type_imports by its effect under the global setting",
      IGNORING_TYPES.replace('agent_name = "routes-agent"', 'agent_name = "routes-agent"\ntype_imports = "check"'),
      IGNORING_TYPES,
      [weakened(lineOf(IGNORING_TYPES, '[domains.routes]'), 'domain routes: type-only imports no longer checked (type_imports check → (global))')],
      1,
    ],
  ])('%s', (_name, base, head, expected, code) => {
    const report = policyPr(head, {}, base);
    expect(policyChanges(report)).toEqual(expected);
    // Every failing weakening asks for the owners' agreement, and points at the start of its line.
    for (const change of report.findings.filter((f) => f.rule === 'policy-change' && f.severity === 'error')) {
      expect(change).toMatchObject({ hint: WEAK, ...(change.line !== undefined && { column: 1 }) });
    }
    expect(report.code).toBe(code);
  });

  it('exception removed (with the import it covered): a strengthening', () => {
    const report = policyPr(POLICY.slice(0, POLICY.indexOf('[[exceptions]]')), { 'src/routes/legacy/export.ts': null });
    expect(policyChanges(report)).toEqual([strengthened(undefined, 'exception removed: src/routes/legacy/** → src/database/**')]);
    expect(report.code).toBe(0);
  });

  it('allowed pattern removed from an allow-list: a strengthening', () => {
    // routes/users.ts imports shared: a violation under the stricter policy, but the base is judged by head's rules too.
    const report = policyPr(POLICY.replace('allowed_imports = ["src/auth/client.ts", "src/shared/**"]', 'allowed_imports = ["src/auth/client.ts"]'));
    expect(policyChanges(report)).toEqual([strengthened(8, 'domain routes: "src/shared/**" removed from allowed_imports')]);
    expect(lines(report, ['not-allowed-import'])).toEqual(['not-allowed-import src/routes/users.ts -> src/shared/util.ts [preexisting]']);
    expect(report.code).toBe(0);
  });

  it('settings.unowned raised: a strengthening whose findings are pre-existing', () => {
    const report = policyPr(POLICY.replace('unowned = "warn"', 'unowned = "error"'));
    expect(policyChanges(report)).toEqual([strengthened(2, 'unowned files: "warn" → "error"')]);
    expect(lines(report, ['unowned-file'])).toEqual(['unowned-file src/tools/gen.ts [preexisting]']);
    expect(report.code).toBe(0);
  });

  it('allow-list introduced in a domain with forbidden patterns: a weakening (a more specific allowed pattern wins)', () => {
    const base = POLICY.replace('scope = "src/services/**"\n', 'scope = "src/services/**"\nforbidden_imports = ["src/auth/**"]\n');
    const next = base.replace(
      'forbidden_imports = ["src/auth/**"]\n',
      'forbidden_imports = ["src/auth/**"]\nallowed_imports = ["src/auth/internal/**", "src/database/**"]\n',
    );
    const report = policyPr(next, { 'src/services/peek.ts': "import { secret } from '../auth/internal/secret';\nexport const p = secret;\n" }, base);
    expect(policyChanges(report)).toEqual([
      weakened(
        lineOf(next, 'allowed_imports = ["src/auth/internal/**"'),
        'domain services: allow-list introduced ("src/auth/internal/**", "src/database/**"), which can out-rank its forbidden patterns',
      ),
    ]);
    // The deep import the allow-list now permits is no violation at head: only the policy diff catches it.
    expect(report.findings.filter((f) => f.file === 'src/services/peek.ts')).toEqual([]);
    expect(report.code).toBe(1);
  });

  it('reports several changes of one PR, each on its own line', () => {
    const toml = POLICY.replace('unowned = "warn"', 'unowned = "allow"')
      .replace('"src/auth/internal/**"]', '"src/auth/internal/**", "src/services/**"]')
      .replace('public = ["src/database/index.ts"]', 'public = ["src/database/index.ts", "src/database/client.ts"]');
    const report = policyPr(toml);
    expect(
      policyChanges(report)
        .map((c) => `${c.line} ${c.severity} ${c.message}`)
        .sort(),
    ).toEqual([
      '12 error weakened: domain database: public entry point "src/database/client.ts" added',
      '2 error weakened: unowned files: "warn" → "allow"',
      '7 info strengthened: domain routes: forbidden pattern "src/services/**" added',
    ]);
    expect(report.summary.errors).toBe(2);
    expect(report.code).toBe(1);
  });

  it('--allow-policy-change turns weakenings into warnings (exit 0)', () => {
    // The PR drops a forbidden pattern and uses what it no longer forbids.
    const toml = POLICY.replace('forbidden_imports = ["src/database/**", "src/auth/internal/**"]', 'forbidden_imports = ["src/database/**"]').replace(
      '"src/shared/**"]',
      '"src/shared/**", "src/auth/internal/**"]',
    );
    const head = withChanges(POLICY_FILES, {
      'orchestrator.toml': toml,
      'src/routes/secret.ts': "import { secret } from '../auth/internal/secret';\nexport const s = secret;\n",
    });
    const refused = checkPr(POLICY_FILES, head);
    expect(policyChanges(refused).map((c) => `${c.severity} ${c.message}`)).toEqual([
      'error weakened: domain routes: forbidden pattern "src/auth/internal/**" removed',
      'error weakened: domain routes: "src/auth/internal/**" added to allowed_imports',
    ]);
    expect(refused.code).toBe(1);

    const allowed = checkPr(POLICY_FILES, head, { allowPolicyChange: true });
    expect(policyChanges(allowed).map((c) => `${c.severity} ${c.message}`)).toEqual([
      'warning weakened: domain routes: forbidden pattern "src/auth/internal/**" removed',
      'warning weakened: domain routes: "src/auth/internal/**" added to allowed_imports',
    ]);
    expect(allowed.findings.filter((f) => f.rule === 'policy-change').map((f) => f.hint)).toEqual([
      'allowed with --allow-policy-change',
      'allowed with --allow-policy-change',
    ]);
    // The unowned-file warning of src/tools/gen.ts is pre-existing, so it is not counted.
    expect(allowed.summary).toMatchObject({ errors: 0, warnings: 2, preexisting: 1 });
    expect(allowed.code).toBe(0);
  });

  it("a PR that introduces orchestrator.toml has no policy diff; main's violations are pre-existing", () => {
    const { 'orchestrator.toml': _, ...beforeCnGuard } = POLICY_FILES;
    const report = checkPr(beforeCnGuard, { ...POLICY_FILES, 'orchestrator.toml': POLICY.replace('src/routes/legacy/**', 'src/routes/nothing/**') });
    expect(policyChanges(report)).toEqual([]);
    expect(lines(report)).toEqual([
      'forbidden-import src/routes/legacy/export.ts -> src/database/index.ts [preexisting]',
      // The base is judged by head's rules, so even head's stale exception counts as pre-existing.
      'stale-exception orchestrator.toml [preexisting]',
      'unowned-file src/tools/gen.ts [preexisting]',
    ]);
    expect(report.code).toBe(0);
  });

  it("says so, as a warning, when the base's orchestrator.toml does not load", () => {
    const report = policyPr(POLICY, {}, POLICY.replace('[domains.auth]', '[domains.auth'));
    expect(policyChanges(report)).toEqual([
      {
        severity: 'warning',
        status: 'new',
        file: 'orchestrator.toml',
        message: 'the previous orchestrator.toml does not load, so what this change did to the policy cannot be judged',
      },
    ]);
    expect(report.code).toBe(0);
  });

  // Spec §3 json contract: "Findings that are not about an import edge … leave the edge keys out".
  it('leaves the import-edge keys out of policy-change findings', () => {
    const change = policyPr(POLICY.replace('unowned = "warn"', 'unowned = "allow"')).findings.find((f) => f.rule === 'policy-change')!;
    expect(change).not.toHaveProperty('specifier');
    expect(change).not.toHaveProperty('target');
  });
});

describe('policy changes in staged mode (HEAD against the index)', () => {
  const stagedPolicy = (toml: string, options = {}) => checkStaged(POLICY_FILES, { ...POLICY_FILES, 'orchestrator.toml': toml }, options);
  const WIDENED_AT_5 = 'weakened: scope of domain routes widened: added "src/tools/**" (its agent may change more files)';

  it('fails a staged weakening of orchestrator.toml; --allow-policy-change lets it through', () => {
    const refused = stagedPolicy(WIDENED);
    expect(policyChanges(refused)).toEqual([{ severity: 'error', status: 'new', file: 'orchestrator.toml', line: 5, message: WIDENED_AT_5 }]);
    expect(refused.code).toBe(1);

    const allowed = stagedPolicy(WIDENED, { allowPolicyChange: true });
    expect(policyChanges(allowed)).toEqual([{ severity: 'warning', status: 'new', file: 'orchestrator.toml', line: 5, message: WIDENED_AT_5 }]);
    expect(allowed.code).toBe(0);
  });

  it('reports a staged strengthening as info and passes', () => {
    const report = stagedPolicy(WIDENED.replace('unowned = "warn"', 'unowned = "error"'), { allowPolicyChange: true });
    expect(policyChanges(report).map((c) => `${c.severity} ${c.message}`)).toEqual([
      'info strengthened: unowned files: "warn" → "error"',
      `warning ${WIDENED_AT_5}`,
    ]);
    expect(report.code).toBe(0);
  });
});
