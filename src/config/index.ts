export { CONFIG_FILE, findConfigFile, loadConfig, parseConfig, readConfig, readConfigFile } from './load.js';
export type { Artifact, ArtifactFormat, Config, Domain, ExceptionRule, Settings, TypeImportsPolicy, UnownedPolicy } from './types.js';
