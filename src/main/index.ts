export { runCheck, type CheckOptions, type CheckResult, type FailOn } from './check.js';
export { diagramFormats } from '../diagram/index.js';
export { runBaseline, type BaselineOptions, type BaselineOutcome } from './baseline.js';
export { runExplain, type ExplainOptions } from './explain.js';
export { runGraph, type GraphOptions } from './graph.js';
export { runInit, type InitOptions, type InitStep } from './init.js';
export { TOOL } from './version.js';
