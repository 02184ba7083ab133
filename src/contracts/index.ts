export { MAX_ARTIFACT_BYTES } from './document.js';
export { contractFormat } from './formats/index.js';
export type { ArtifactInput, ContractFiles, ContractFormat, ContractProblem, ContractVerdict } from './types.js';
export { validateContracts } from './validate.js';
