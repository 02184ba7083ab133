import { isAbsolute, join, posix, relative, sep } from 'node:path';
import type { RepoView } from '../host.js';

/**
 * Root-relative directory of package `name` as Node would find it from `fromDir`: the first
 * `node_modules/<name>` up the tree. Returns undefined when the package is not installed or
 * lives outside the root.
 */
export function findPackageDir(view: RepoView, fromDir: string, name: string): string | undefined {
  const real = findInstalledPackage(view, fromDir, name);
  if (real === undefined) return undefined;
  const rel = relative(view.root, real).split(sep).join('/');
  return rel.startsWith('..') || isAbsolute(rel) ? undefined : rel;
}

/** Absolute real path of the installed package (symlinks followed: workspaces are linked). */
export function findInstalledPackage(view: RepoView, fromDir: string, name: string): string | undefined {
  for (let dir = join(view.root, fromDir); ; dir = join(dir, '..')) {
    const candidate = join(dir, 'node_modules', name);
    if (view.isDirectoryAbs(candidate)) return view.realpathAbs(candidate);
    if (join(dir, '..') === dir) return undefined;
  }
}

/** Splits `@scope/name/sub/path` into the package name and the `./sub/path` subpath. */
export function splitPackageSpecifier(specifier: string): { name: string; subpath: string } | undefined {
  const parts = specifier.split('/');
  const nameParts = specifier.startsWith('@') ? 2 : 1;
  if (parts.length < nameParts || parts.slice(0, nameParts).some((p) => p === '')) return undefined;
  const rest = parts.slice(nameParts).join('/');
  return { name: parts.slice(0, nameParts).join('/'), subpath: rest === '' ? '.' : `./${rest}` };
}

/** Whether a real path is a checked-out workspace package rather than an installed dependency. */
export function isWorkspacePath(rel: string | undefined): rel is string {
  return rel !== undefined && !rel.split(posix.sep).includes('node_modules');
}
