export { parseConfig, readConfig } from './load.js';
export { CONFIG_FILE, type ConfigLocation, locateConfig } from './location.js';
export type { IsDirectory } from './resolve.js';
export { DEFAULT_BASELINE, DEFAULT_BEADS_INBOX } from './schema.js';
export type { Artifact, ArtifactFormat, Config, Direction, Domain, ExceptionRule, Settings, TypeImportsPolicy, UnownedPolicy } from './types.js';
