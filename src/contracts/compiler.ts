import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as TypeScript from 'typescript';

let loaded: typeof TypeScript | undefined;

/**
 * The TypeScript compiler, on first use (only TypeScript artifacts need it): cn-guard's own, from
 * the CLI's node_modules, or — in the GitHub Action's bundle, which carries none — the checked
 * project's, from `root`. Undefined when neither is installed.
 */
export function typescriptCompiler(root?: string): typeof TypeScript | undefined {
  if (loaded) return loaded;
  for (const from of [import.meta.url, ...(root === undefined ? [] : [join(root, 'package.json')])]) {
    try {
      loaded = createRequire(from)('typescript') as typeof TypeScript;
      return loaded;
    } catch {
      // Not there: the next place, or none.
    }
  }
  return undefined;
}
