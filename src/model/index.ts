export type { BlockedIssue, CapabilityReport, ProjectSummary, ProvidedCapability, UnblockedIssue } from './capabilities.js';
export { byCodePoint } from './compare.js';
export * from './errors.js';
export * from './finding.js';
export { thousands } from './numbers.js';
export { RULE_IDS, RULES, type RuleId, type RuleInfo, type RuleSubject, ruleInfo, rulePage, type Severity } from './rules.js';
export { closest, didYouMean } from './suggest.js';
