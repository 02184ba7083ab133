import * as yaml from 'yaml';

/** yaml.ts for a bundle that carries its dependencies (the GitHub Action): the library is inside it. */
export const yamlLibrary = (): typeof yaml => yaml;
