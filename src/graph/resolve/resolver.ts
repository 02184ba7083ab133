import { builtinModules } from 'node:module';
import { posix, relative, sep } from 'node:path';
import { escapesRoot } from '../../glob/index.js';
import type { RepoView } from '../host.js';
import { joinRelative, resolveFilePath } from './candidates.js';
import { type Folder, indexFolders, listedFile } from './folders.js';
import { findPackageDir, installedPackages, isWorkspacePath, splitPackageSpecifier } from './node-modules.js';
import { findWorkspacePackages, mapTargets, type PackageManifest, readManifest } from './package-json.js';
import { loadPathMapping, matchPaths, type PathMapping } from './tsconfig.js';

export type ResolvedVia = 'relative' | 'tsconfig-paths' | 'base-url' | 'package-imports' | 'workspace-package';

export type Resolution =
  | { kind: 'file'; path: string; via: ResolvedVia }
  /** A package, a Node built-in, or a path outside the checked root: not subject to the rules (v1). */
  | { kind: 'external'; name: string }
  | { kind: 'unresolved'; reason: string };

export interface Resolver {
  resolve(fromFile: string, specifier: string): Resolution;
}

export interface ResolverOptions {
  /** Root-relative tsconfig for files with no tsconfig.json of their own between them and the root. */
  tsconfig: string;
}

const BUILTINS = new Set(builtinModules);
const TYPE_DECLARATION = /\.d\.([cm]?)ts$/;

const isRelative = (specifier: string) => specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');

/**
 * Resolves import specifiers to repository files the way TypeScript and Node would, with
 * caches keyed by directory: every file of a directory shares its tsconfig and package scope.
 */
export function createResolver(view: RepoView, options: ResolverOptions): Resolver {
  const cache = new Map<string, Map<string, Resolution>>();
  const fileCache = new Map<string, string | null>();
  const pathCache = new Map<string, Resolution>();
  const aliasCache = new Map<PathMapping, Map<string, { resolution?: Resolution; targets: string[] }>>();
  const mappings = new Map<string, PathMapping>();
  const manifests = new Map<string, PackageManifest | undefined>();
  const nearestManifests = new Map<string, PackageManifest | undefined>();
  let workspaces: Map<string, string> | undefined;
  const installedFrom = installedPackages(view);
  const inPackages = new Map<string, Resolution>();

  // Through its real path: a symbolic link inside one domain's folder must not make another domain's file its own.
  const file = (path: string, via: ResolvedVia): Resolution => {
    const real = view.realPath(path);
    return real === undefined ? { kind: 'external', name: path } : { kind: 'file', path: real, via };
  };
  const unresolved = (reason: string): Resolution => ({ kind: 'unresolved', reason });

  function manifestOf(dir: string): PackageManifest | undefined {
    if (!manifests.has(dir)) manifests.set(dir, readManifest(view, dir));
    return manifests.get(dir);
  }

  function nearestManifest(dir: string): PackageManifest | undefined {
    if (!nearestManifests.has(dir)) {
      const own = view.isFile(posix.join(dir, 'package.json')) ? manifestOf(dir) : undefined;
      nearestManifests.set(dir, own ?? (dir === '' || dir === '.' ? undefined : nearestManifest(parentDir(dir))));
    }
    return nearestManifests.get(dir);
  }

  function mappingFor(dir: string): PathMapping {
    let mapping = mappings.get(dir);
    if (mapping === undefined) {
      const atRoot = dir === '' || dir === '.';
      const own = atRoot ? options.tsconfig : posix.join(dir, 'tsconfig.json');
      if (view.isFile(own)) mapping = loadPathMapping(view, own);
      else mapping = atRoot ? {} : mappingFor(parentDir(dir));
      mappings.set(dir, mapping);
    }
    return mapping;
  }

  /** A file named by a package's `exports`, `main` or `imports`; built output maps back to its source. */
  function packageFile(packageDir: string, target: string): string | undefined {
    const base = posix.normalize(posix.join(packageDir, target));
    if (escapesRoot(posix.relative(packageDir, base))) return undefined;
    const direct = resolveFilePath(view, base);
    if (direct !== undefined) return direct;
    const { outDir, rootDir } = mappingFor(packageDir);
    if (outDir === undefined || !base.startsWith(`${outDir}/`)) return undefined;
    const rest = base.slice(outDir.length + 1).replace(TYPE_DECLARATION, '.$1js');
    for (const sourceDir of [rootDir ?? posix.join(packageDir, 'src'), packageDir]) {
      const source = resolveFilePath(view, posix.join(sourceDir, rest));
      if (source !== undefined) return source;
    }
    return undefined;
  }

  /** A package's own resolution of a subpath: the same from every folder that imports it. */
  function resolveInPackage(packageDir: string, name: string, subpath: string): Resolution {
    const key = `${packageDir}\0${name}\0${subpath}`;
    let resolution = inPackages.get(key);
    if (resolution === undefined) inPackages.set(key, (resolution = resolveInPackageUncached(packageDir, name, subpath)));
    return resolution;
  }

  function resolveInPackageUncached(packageDir: string, name: string, subpath: string): Resolution {
    const manifest = manifestOf(packageDir);
    if (manifest?.exports !== undefined) {
      const targets = mapTargets(manifest.exports, subpath);
      if (!targets || targets.length === 0) return unresolved(`package ${name} does not export "${subpath}" (package.json exports)`);
      for (const target of targets) {
        const found = packageFile(packageDir, target);
        if (found !== undefined) return file(found, 'workspace-package');
      }
      return unresolved(`package.json exports of ${name} map "${subpath}" to ${targets.join(', ')}, which does not exist (not built yet?)`);
    }
    const candidates = subpath === '.' ? [...(manifest?.entryFields ?? []), './index'] : [subpath];
    for (const candidate of candidates) {
      const found = packageFile(packageDir, candidate);
      if (found !== undefined) return file(found, 'workspace-package');
    }
    return unresolved(`no file for "${subpath}" in workspace package ${name} (${packageDir})`);
  }

  function resolveBare(fromDir: string, specifier: string): Resolution {
    const parts = splitPackageSpecifier(specifier);
    if (!parts) return { kind: 'external', name: specifier };
    // A package may import itself by its own name through its `exports` (Node's self-reference).
    const own = nearestManifest(fromDir);
    if (own?.name === parts.name && own.exports !== undefined) return resolveInPackage(own.dir, parts.name, parts.subpath);
    workspaces ??= findWorkspacePackages(view);
    let packageDir = workspaces.get(parts.name);
    if (packageDir === undefined) {
      const installed = findPackageDir(view, fromDir, parts.name, installedFrom);
      if (isWorkspacePath(installed)) packageDir = installed;
    }
    if (packageDir === undefined) return { kind: 'external', name: parts.name };
    return resolveInPackage(packageDir, parts.name, parts.subpath);
  }

  /** An alias that reaches no file may still name an installed package, as TypeScript falls back to node_modules. */
  function isInstalled(fromDir: string, name: string): boolean {
    return installedFrom(fromDir, name) !== undefined;
  }

  function resolvePackageImport(fromDir: string, specifier: string): Resolution {
    const manifest = nearestManifest(fromDir);
    const targets = manifest ? mapTargets(manifest.imports, specifier) : undefined;
    if (!manifest || !targets) return unresolved(`no "imports" entry for ${specifier} in the nearest package.json`);
    for (const target of targets) {
      if (target.startsWith('./')) {
        const found = packageFile(manifest.dir, target);
        if (found !== undefined) return file(found, 'package-imports');
      } else {
        const resolution = resolveBare(fromDir, target);
        if (resolution.kind !== 'unresolved') return resolution;
      }
    }
    return unresolved(`package.json imports map ${specifier} to ${targets.join(', ')}, which does not exist`);
  }

  /** The file at a root-relative path; imports from many directories meet here, so it is memoized. */
  function fileAt(base: string): string | undefined {
    let found = fileCache.get(base);
    if (found === undefined) fileCache.set(base, (found = resolveFilePath(view, base) ?? null));
    return found ?? undefined;
  }

  /**
   * A relative import's resolution, memoized by the root-relative path it names: every file of
   * a folder that imports `../x` shares it, and its real path is looked up once.
   */
  function resolvePath(base: string, specifier: string): Resolution {
    if (escapesRoot(base)) return { kind: 'external', name: specifier };
    let resolution = pathCache.get(base);
    if (resolution === undefined) {
      const found = resolveFilePath(view, base);
      resolution = found !== undefined ? file(found, 'relative') : unresolved(`no file ${base}, ${base}.ts, ${base}/index.ts or similar`);
      pathCache.set(base, resolution);
    }
    return resolution;
  }

  function resolveUncached(fromDir: string, specifier: string): Resolution {
    if (specifier.startsWith('node:')) return { kind: 'external', name: specifier };
    if (specifier.startsWith('/')) return resolvePath(relative(view.root, specifier).split(sep).join('/'), specifier);
    if (specifier.startsWith('#')) return resolvePackageImport(fromDir, specifier);
    const mapping = mappingFor(fromDir);
    const alias = resolveAlias(mapping, specifier);
    if (alias.resolution) return alias.resolution;
    // Like TypeScript, paths and baseUrl come first: a folder may share a built-in's name.
    if (BUILTINS.has(specifier)) return { kind: 'external', name: specifier };
    const bare = resolveBare(fromDir, specifier);
    if (bare.kind === 'external' && alias.targets.length > 0 && !isInstalled(fromDir, bare.name)) {
      return unresolved(`tsconfig paths map ${specifier} to ${alias.targets.join(', ')}, which does not exist`);
    }
    return bare;
  }

  /**
   * `paths` and `baseUrl` depend on the tsconfig, not on the importing folder: most folders share
   * one, so an alias is worked out once per tsconfig, however many folders import it.
   */
  function resolveAlias(mapping: PathMapping, specifier: string): { resolution?: Resolution; targets: string[] } {
    let byMapping = aliasCache.get(mapping);
    if (!byMapping) aliasCache.set(mapping, (byMapping = new Map()));
    let alias = byMapping.get(specifier);
    if (alias === undefined) {
      const targets = matchPaths(mapping, specifier) ?? [];
      let resolution: Resolution | undefined;
      for (const target of targets) {
        const found = fileAt(target);
        if (found !== undefined) {
          resolution = file(found, 'tsconfig-paths');
          break;
        }
      }
      if (!resolution && mapping.baseUrl !== undefined) {
        const found = fileAt(posix.join(mapping.baseUrl, specifier));
        if (found !== undefined) resolution = file(found, 'base-url');
      }
      alias = { ...(resolution && { resolution }), targets };
      byMapping.set(specifier, alias);
    }
    return alias;
  }

  /** A listed file a relative import names, found by walking the listing's folders (a symbolic link is left to `resolvePath`). */
  function listedRelative(from: Folder | undefined, specifier: string): Resolution | undefined {
    const found = from && listedFile(from, specifier);
    return found === undefined || view.links.has(found) ? undefined : { kind: 'file', path: found, via: 'relative' };
  }

  let lastFile: string | undefined;
  let fromDir = '';
  let fromFolder: Folder | undefined;
  let inDir = new Map<string, Resolution>();
  // Indexing the folders costs about what walking them saves on half as many imports as there are
  // files: a pre-commit check of a few files in a large repository never pays for it.
  let folderAt: ((dir: string) => Folder | undefined) | undefined;
  let relativeImports = 0;
  return {
    resolve(fromFile, rawSpecifier) {
      // A file's imports come one after another: its folder and that folder's cache are looked up once.
      if (fromFile !== lastFile) {
        lastFile = fromFile;
        fromDir = parentDir(fromFile);
        fromFolder = folderAt?.(fromDir);
        inDir = cache.get(fromDir) ?? new Map();
        cache.set(fromDir, inDir);
      }
      // Bundler suffixes (`./icon.svg?raw`) name the same file.
      const query = rawSpecifier.indexOf('?');
      const specifier = query < 0 ? rawSpecifier : rawSpecifier.slice(0, query);
      // Relative imports: most name a listed file; the others are memoized by the path they name.
      if (isRelative(specifier)) {
        if (folderAt === undefined && ++relativeImports > view.files.size / 2) {
          folderAt = indexFolders(view.files);
          fromFolder = folderAt(fromDir);
        }
        return listedRelative(fromFolder, specifier) ?? resolvePath(joinRelative(fromDir, specifier), specifier);
      }
      let resolution = inDir.get(specifier);
      if (resolution === undefined) inDir.set(specifier, (resolution = resolveUncached(fromDir, specifier)));
      return resolution;
    },
  };
}

function parentDir(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}
