export { runCheck, type CheckOptions, type CheckResult, type FailOn } from './check.js';
export { runExplain, type ExplainOptions } from './explain.js';
export { TOOL } from './version.js';
