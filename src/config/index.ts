export { DEFAULT_BASELINE } from './schema.js';
export { parseConfig, readConfig } from './load.js';
export { CONFIG_FILE, locateConfig, type ConfigLocation } from './location.js';
export type { IsDirectory } from './resolve.js';
export type { Artifact, ArtifactFormat, Config, Domain, ExceptionRule, Settings, TypeImportsPolicy, UnownedPolicy } from './types.js';
