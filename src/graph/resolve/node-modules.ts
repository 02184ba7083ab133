import { dirname, isAbsolute, join, posix, relative, sep } from 'node:path';
import type { RepoView } from '../host.js';

/** Where Node finds a package from a folder: its absolute real path, or undefined when it is not installed. */
export type InstalledPackages = (fromDir: string, name: string) => string | undefined;

/**
 * Root-relative directory of package `name` as Node would find it from `fromDir`: the first
 * `node_modules/<name>` up the tree. Returns undefined when the package is not installed or
 * lives outside the root.
 */
export function findPackageDir(view: RepoView, fromDir: string, name: string, installed: InstalledPackages = installedPackages(view)): string | undefined {
  const real = installed(fromDir, name);
  if (real === undefined) return undefined;
  const rel = relative(view.root, real).split(sep).join('/');
  return rel.startsWith('..') || isAbsolute(rel) ? undefined : rel;
}

/**
 * The first `node_modules/<name>` up the tree from a folder, its symbolic links followed (workspaces
 * are linked). Remembered per folder and name: the folders of a repository share their ancestors,
 * so a package imported from every folder is looked for once per folder, not once per level of each.
 */
export function installedPackages(view: RepoView): InstalledPackages {
  const found = new Map<string, string | null>();
  const from = (dir: string, name: string): string | undefined => {
    const key = `${dir}\0${name}`;
    let real = found.get(key);
    if (real === undefined) {
      const candidate = join(dir, 'node_modules', name);
      const parent = dirname(dir);
      if (view.isDirectoryAbs(candidate)) real = view.realpathAbs(candidate) ?? null;
      else real = parent === dir ? null : (from(parent, name) ?? null);
      found.set(key, real);
    }
    return real ?? undefined;
  };
  return (fromDir, name) => from(join(view.root, fromDir), name);
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
