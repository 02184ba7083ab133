import { createRequire } from 'node:module';

/**
 * The YAML parser, which only pnpm workspaces need: the CLI loads it from node_modules on first
 * use, so that every other run skips its start-up. The GitHub Action's bundle has no node_modules:
 * scripts/build.js puts yaml.bundled.ts in this module's place there.
 */
export function parseYaml(text: string): unknown {
  return (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text);
}
