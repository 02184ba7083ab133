export { type ContractChange, classifyChanges } from './classify/index.js';
export { MAX_ARTIFACT_BYTES } from './document.js';
export { contractFormat } from './formats/index.js';
export { LOCK_FILE, type Lock, LockError, type LockStanding, lockKey, parseLock, renderLock, type Shipment, sameSurface, standing, writeLock } from './lock.js';
export { referencesOf } from './references.js';
export type { ArtifactInput, ContractFiles, ContractFormat, ContractProblem, ContractVerdict, Json, Reading } from './types.js';
export { validateContracts } from './validate.js';
