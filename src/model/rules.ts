/**
 * Every rule cn-guard can report, in one table: its default severity, what it is about, whether a
 * baseline may record it, and a one-line summary (SARIF's short description, the README's table).
 * A new check adds its rules here and a page `rules/<id>.md`; everything else reads this table.
 */
export type Severity = 'error' | 'warning' | 'info';

/**
 * What a finding is about, which decides where reports group it:
 * an import edge, a source file, the change being checked, the policy files themselves, or a
 * published artifact (a contract between domains), or a capability one project offers another (Beads).
 */
export type RuleSubject = 'import' | 'file' | 'change' | 'policy' | 'contract' | 'capability';

export interface RuleInfo {
  /** `configured` when a setting decides (`settings.unowned`), `by-change` when the finding does (policy changes). */
  severity: Severity | 'configured' | 'by-change';
  subject: RuleSubject;
  /** Findings about code, which `cn-guard baseline` may record as known; never findings about the policy. */
  baselinable: boolean;
  summary: string;
}

export const RULES = {
  'forbidden-import': {
    severity: 'error',
    subject: 'import',
    baselinable: true,
    summary: "An import the importing domain's most specific matching pattern forbids.",
  },
  'not-allowed-import': {
    severity: 'error',
    subject: 'import',
    baselinable: true,
    summary: 'An import outside the allow-list of a domain that has one.',
  },
  'private-import': {
    severity: 'error',
    subject: 'import',
    baselinable: true,
    summary: 'A deep import into a domain that lets others import only its public entry points.',
  },
  'unresolved-import': {
    severity: 'warning',
    subject: 'import',
    baselinable: false,
    summary: 'A relative path, tsconfig alias, #import or workspace subpath that reaches no file.',
  },
  'parse-error': {
    severity: 'error',
    subject: 'file',
    baselinable: true,
    summary: 'A source file cn-guard cannot read (syntax, binary content); the rest is still checked.',
  },
  'unowned-file': {
    severity: 'configured',
    subject: 'file',
    baselinable: true,
    summary: "A source file that no domain's scope claims.",
  },
  'unmatched-pattern': {
    severity: 'warning',
    subject: 'policy',
    baselinable: false,
    summary: 'A pattern of orchestrator.toml that matches no file of the repository, so its rule does nothing.',
  },
  'expired-exception': {
    severity: 'warning',
    subject: 'policy',
    baselinable: false,
    summary: 'An [[exceptions]] entry past its expires date: its violations fail again.',
  },
  'stale-exception': {
    severity: 'warning',
    subject: 'policy',
    baselinable: false,
    summary: 'An [[exceptions]] entry that matches no violation any more.',
  },
  'out-of-scope-change': {
    severity: 'error',
    subject: 'change',
    baselinable: false,
    summary: "A staged or pull-request change to a path outside the acting domain's scope.",
  },
  'policy-change': {
    severity: 'by-change',
    subject: 'policy',
    baselinable: false,
    summary: 'A change to orchestrator.toml or the baseline, in words: weakenings fail, strengthenings inform.',
  },
  'missing-contract': {
    severity: 'error',
    subject: 'contract',
    baselinable: false,
    summary: 'A published artifact (domains.<name>.artifacts.<kind>) whose file does not exist.',
  },
  'invalid-contract': {
    severity: 'error',
    subject: 'contract',
    baselinable: false,
    summary: 'A published artifact that does not validate as its format: OpenAPI 3, JSON Schema, or TypeScript declarations.',
  },
  'unlocked-contract': {
    severity: 'warning',
    subject: 'contract',
    baselinable: false,
    summary: 'A valid published artifact that the contract lock does not hold: its surface has not been reviewed.',
  },
  'breaking-contract-change': {
    severity: 'error',
    subject: 'contract',
    baselinable: false,
    summary: 'A change to a published artifact that breaks its consumers (named), against the contract lock.',
  },
  'contract-changed': {
    severity: 'warning',
    subject: 'contract',
    baselinable: false,
    summary: 'A change to a published artifact that may break its consumers (warning) or does not (info): record it in the lock.',
  },
  'dangling-external-ref': {
    severity: 'error',
    subject: 'capability',
    baselinable: false,
    summary: 'A Beads external:<project>:<capability> dependency whose project is unknown or exports no such capability.',
  },
  'unreadable-beads': {
    severity: 'warning',
    subject: 'capability',
    baselinable: false,
    summary: 'A Beads project cn-guard cannot read (no folder, no export and no bd, a failing bd, malformed lines): its capabilities count as unshipped.',
  },
  'stale-baseline': {
    severity: 'warning',
    subject: 'policy',
    baselinable: false,
    summary: 'A baseline entry that matches no violation any more.',
  },
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;

export const RULE_IDS = Object.keys(RULES) as RuleId[];

export const ruleInfo = (id: RuleId): RuleInfo => RULES[id];

/** The rule's page, relative to the package (and the repository) root. */
export const rulePage = (id: RuleId): string => `rules/${id}.md`;
