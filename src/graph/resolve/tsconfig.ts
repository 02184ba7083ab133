import { posix } from 'node:path';
import type { RepoView } from '../host.js';
import { isRecord, readJsonObject } from './json.js';
import { findPackageDir } from './node-modules.js';

/** The part of a tsconfig that resolution needs, with its directories made root-relative. */
export interface PathMapping {
  /** Directory `baseUrl` points at, if set. */
  baseUrl?: string;
  /** `paths`, with the directory its substitutions are relative to. */
  paths?: { entries: [string, string[]][]; base: string };
  outDir?: string;
  rootDir?: string;
}

const MAX_EXTENDS_DEPTH = 16;

function extendsTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** `extends` names a file (`./base.json`, `../tsconfig`) or a package (`@tsconfig/node20`). */
function locateExtended(view: RepoView, fromDir: string, target: string): string | undefined {
  if (target.startsWith('.') || target.startsWith('/')) {
    const path = posix.normalize(posix.join(fromDir, target));
    if (view.isFile(path)) return path;
    if (view.isFile(`${path}.json`)) return `${path}.json`;
    return undefined;
  }
  const slash = target.startsWith('@') ? target.indexOf('/', target.indexOf('/') + 1) : target.indexOf('/');
  const name = slash < 0 ? target : target.slice(0, slash);
  const subpath = slash < 0 ? 'tsconfig.json' : target.slice(slash + 1);
  const packageDir = findPackageDir(view, fromDir, name);
  if (packageDir === undefined) return undefined;
  const path = posix.join(packageDir, subpath);
  if (view.isFile(path)) return path;
  return view.isFile(`${path}.json`) ? `${path}.json` : undefined;
}

function relativeOption(options: Record<string, unknown>, key: string, dir: string): string | undefined {
  const value = options[key];
  return typeof value === 'string' ? posix.normalize(posix.join(dir, value)) : undefined;
}

/** Reads a tsconfig and everything it extends; later files override earlier ones, as in tsc. */
export function loadPathMapping(view: RepoView, file: string, depth = 0): PathMapping {
  const json = readJsonObject(view, file);
  if (!json || depth > MAX_EXTENDS_DEPTH) return {};
  const dir = posix.dirname(file);
  const mapping: PathMapping = {};
  for (const target of extendsTargets(json.extends)) {
    const parent = locateExtended(view, dir, target);
    if (parent) Object.assign(mapping, loadPathMapping(view, parent, depth + 1));
  }
  const options = isRecord(json.compilerOptions) ? json.compilerOptions : {};
  const baseUrl = relativeOption(options, 'baseUrl', dir);
  if (baseUrl !== undefined) mapping.baseUrl = baseUrl;
  if (isRecord(options.paths)) {
    const entries = Object.entries(options.paths).map(([pattern, targets]): [string, string[]] => [
      pattern,
      Array.isArray(targets) ? targets.filter((t): t is string => typeof t === 'string') : [],
    ]);
    // Without baseUrl, paths are relative to the tsconfig that declares them (TypeScript ≥ 4.1).
    mapping.paths = { entries, base: baseUrl ?? mapping.baseUrl ?? dir };
  } else if (mapping.paths && baseUrl !== undefined) {
    mapping.paths = { ...mapping.paths, base: baseUrl };
  }
  const outDir = relativeOption(options, 'outDir', dir);
  if (outDir !== undefined) mapping.outDir = outDir;
  const rootDir = relativeOption(options, 'rootDir', dir);
  if (rootDir !== undefined) mapping.rootDir = rootDir;
  return mapping;
}

/**
 * The substitutions for a specifier under `paths`, best pattern first: an exact key wins,
 * then the wildcard pattern with the longest prefix (TypeScript's rule).
 */
export function matchPaths(mapping: PathMapping, specifier: string): string[] | undefined {
  if (!mapping.paths) return undefined;
  let best: { prefixLength: number; targets: string[]; star: string } | undefined;
  for (const [pattern, targets] of mapping.paths.entries) {
    const star = pattern.indexOf('*');
    if (star < 0) {
      if (pattern === specifier) return targets.map((t) => posix.join(mapping.paths!.base, t));
      continue;
    }
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix)) {
      if (!best || prefix.length > best.prefixLength) {
        best = { prefixLength: prefix.length, targets, star: specifier.slice(prefix.length, specifier.length - suffix.length) };
      }
    }
  }
  if (!best) return undefined;
  const { targets, star } = best;
  return targets.map((t) => posix.normalize(posix.join(mapping.paths!.base, t.replace('*', star))));
}
