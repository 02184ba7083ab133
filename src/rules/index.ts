export {
  applyBaseline,
  type BaselineEntry,
  baselineKey,
  baselineOf,
  diffBaseline,
  parseBaseline,
  serializeBaseline,
  staleBaselineFindings,
} from './baseline.js';
export { domainFromBranch } from './branch.js';
export { compareWithBase } from './compare.js';
export { decideEdge, describeDecision, type EdgeDecision, type ImportRuleId, type PatternMatch } from './decide.js';
export { type EvaluationInput, evaluate, evaluateImports, type ImportFindings } from './evaluate.js';
export { type ExceptionMatch, exceptionFindings, matchException } from './exceptions.js';
export { checkTies, createOwners, type Owners, type Ownership } from './ownership.js';
export { type RepositoryPaths, type UnmatchedPattern, unmatchedPatternFindings, unmatchedPatterns, unmatchedScopeProblems } from './patterns.js';
export { diffPolicy, type PolicyChange, policyFindings } from './policy.js';
export { type ChangedPath, outOfScopeChanges } from './scope.js';
