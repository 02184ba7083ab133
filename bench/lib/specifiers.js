// Builds import specifiers the way people write them in an ESM TypeScript
// repository. Every specifier built here resolves, under TypeScript's
// "bundler" resolution, to exactly the `target` file it was built for; the
// generator's ground truth relies on that.
import { posix } from 'node:path';

/**
 * Relative specifier from `fromDir` to `target`.
 * @param {'js'|'bare'|'dir'|'index-js'|'index-bare'} style 'dir' is only valid for index files
 */
export function relativeSpecifier(fromDir, target, style) {
  let rel = posix.relative(fromDir, moduleBase(target, style));
  if (rel === '') rel = '.';
  else if (rel !== '..' && !rel.startsWith('../')) rel = `./${rel}`;
  return rel + suffix(style);
}

/** tsconfig "paths" specifier: `@core/*` -> `src/core/*`, and the bare `@core` -> its root index. */
export function aliasSpecifier(domain, target, style) {
  const rel = posix.relative(domain.codeRoot, moduleBase(target, style));
  return (rel === '' ? domain.alias : `${domain.alias}/${rel}`) + suffix(style);
}

/** Workspace package specifier; only the entry points in the package's "exports" map exist. */
export function packageSpecifier(domain, target) {
  if (target === domain.folders[0].index) return domain.packageName;
  if (target.folder.rel === 'utils' && target.isIndex) return `${domain.packageName}/utils`;
  throw new Error(`${target.path} is not exported by ${domain.packageName}`);
}

export function isPackageEntry(domain, target) {
  return domain.kind === 'package' && target.isIndex && (target.folder.rel === '' || target.folder.rel === 'utils');
}

/** Picks a specifier style: directory imports only make sense for index files. */
export function pickStyle(target, random) {
  if (target.isIndex) return random.weighted({ dir: 0.45, 'index-js': 0.35, 'index-bare': 0.2 });
  return random.weighted({ js: 0.55, bare: 0.45 });
}

// The path the specifier names, before the extension suffix is added.
function moduleBase(target, style) {
  return style === 'dir' ? target.dir : `${target.dir}/${target.base}`;
}

// ESM TypeScript writes the *output* extension: './x.js' resolves to x.ts or x.tsx.
function suffix(style) {
  return style === 'js' || style === 'index-js' ? '.js' : '';
}
