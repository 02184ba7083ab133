export { checkSubject, runCheck, validateCheckOptions, type CheckOptions, type CheckResult, type CheckSettings, type FailOn } from './check.js';
export { memorySubject, type MemoryCheck, type MemoryTree } from './memory.js';
export { runBaseline, type BaselineOptions } from './baseline.js';
export { runExplain, type ExplainOptions } from './explain.js';
export { graphFormats, runGraph, type GraphOptions, type GraphResult } from './graph.js';
export { runInit, type InitOptions } from './init/index.js';
export { TOOL } from './version.js';
export { isGraphTask, serveGraphTask } from '../graph/index.js';
export type { Runtime } from './parallel.js';
