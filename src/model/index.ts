export * from './finding.js';
export * from './errors.js';
export { byCodePoint } from './compare.js';
export { closest, didYouMean } from './suggest.js';
export { RULE_IDS, RULES, ruleInfo, rulePage, type RuleId, type RuleInfo, type RuleSubject, type Severity } from './rules.js';
