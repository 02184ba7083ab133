import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');

/**
 * The YAML library, loaded from node_modules on first use by the CLI (the pre-commit path never
 * reads a Beads configuration). The GitHub Action's bundle has no node_modules: scripts/build.js puts
 * yaml.bundled.ts in this module's place there.
 */
export const yamlLibrary = (): Yaml => createRequire(import.meta.url)('yaml') as Yaml;
