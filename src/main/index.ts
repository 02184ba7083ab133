export { type ActionInputs, type ActionRun, runAction } from './action.js';
export { type ActionFiles, writeActionFiles } from './actions.js';
export { type BaselineOptions, runBaseline } from './baseline.js';
export { type CheckOptions, type CheckResult, type CheckSettings, checkSubject, type FailOn, runCheck, validateCheckOptions } from './check.js';
export { type ContractsOptions, isContractFinding, runContracts } from './contracts.js';
export { type ContractsDiffOptions, runContractsDiff } from './contracts-diff.js';
export { type ExplainOptions, runExplain } from './explain.js';
export { type GraphOptions, type GraphResult, graphFormats, runGraph } from './graph.js';
export { type InitOptions, runInit } from './init/index.js';
export { type MemoryCheck, type MemoryTree, memorySubject } from './memory.js';
export {
  type CheckAnnotation,
  type GitHubContext,
  type GitHubOutcome,
  type GitHubPostOptions,
  gitHubTarget,
  type PostInput,
  type PostTarget,
  type PullRequest,
  postToGitHub,
  readGitHubContext,
  tokenFromEnv,
  type Wait,
} from './post.js';
export { POST_TARGETS, type Published, type PublishPlan, type PublishRequest, planPublishing, publish } from './publish.js';
export { runShip, type ShipOptions } from './ship.js';
export { isImportsThread, type Runtime, serveImportsThread } from './threads.js';
export { TOOL } from './version.js';
