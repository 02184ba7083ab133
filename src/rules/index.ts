export { applyBaseline, baselineKey, baselineOf, diffBaseline, parseBaseline, serializeBaseline, staleBaselineFindings, type BaselineEntry } from './baseline.js';
export { compareWithBase } from './compare.js';
export { decideEdge, describeDecision, type EdgeDecision, type ImportRuleId, type PatternMatch } from './decide.js';
export { evaluate, type EvaluationInput } from './evaluate.js';
export { checkTies, createOwners, type Owners, type Ownership } from './ownership.js';
export { matchException, type ExceptionMatch } from './exceptions.js';
export { unmatchedPatternFindings, unmatchedPatterns, unmatchedScopeProblems, type RepositoryPaths, type UnmatchedPattern } from './patterns.js';
export { diffPolicy, policyFindings, type PolicyChange } from './policy.js';
export { domainFromBranch, outOfScopeChanges, type ChangedPath } from './scope.js';
