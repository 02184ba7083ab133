export { DEFAULT_BASELINE } from './schema.js';
export { locateConfig, parseConfig, readConfig, readConfigAt, type ConfigLocation } from './load.js';
export type { Artifact, ArtifactFormat, Config, Domain, ExceptionRule, Settings, TypeImportsPolicy, UnownedPolicy } from './types.js';
