export { DEFAULT_BASELINE } from './schema.js';
export { CONFIG_FILE, findConfigFile, loadConfig, locateConfig, parseConfig, readConfig, readConfigAt, readConfigFile, type ConfigLocation } from './load.js';
export type { Artifact, ArtifactFormat, Config, Domain, ExceptionRule, Settings, TypeImportsPolicy, UnownedPolicy } from './types.js';
