export { decideEdge, describeDecision, matchingPatterns, type EdgeDecision, type ImportRuleId, type PatternMatch } from './decide.js';
export { evaluate, type EvaluationInput } from './evaluate.js';
export { checkScopes, createOwners, type Owners, type Ownership } from './ownership.js';
