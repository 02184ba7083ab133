import { posix } from 'node:path';
import { anyGlob, globProblem } from '../../glob/index.js';
import type { RepoView } from '../host.js';
import { isRecord, readJsonObject } from './json.js';
import { parseYaml } from './yaml.js';

/**
 * Targets of an `exports` or `imports` map for one subpath, most preferred first.
 * Every condition counts (the map's own key order is the preference, as in Node): cn-guard
 * wants whichever file of the repository the import reaches, not one runtime's choice.
 */
export function mapTargets(map: unknown, subpath: string): string[] | undefined {
  if (map === undefined || map === null) return undefined;
  const table = isRecord(map) && Object.keys(map).some((k) => k.startsWith('.') || k.startsWith('#')) ? map : { '.': map };
  if (Object.hasOwn(table, subpath) && !subpath.includes('*')) return targetsOf(table[subpath], undefined);
  let best: { key: string; prefix: string; star: string } | undefined;
  for (const key of Object.keys(table)) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.length >= key.length - 1 && subpath.startsWith(prefix) && subpath.endsWith(suffix)) {
      if (!best || prefix.length > best.prefix.length || (prefix.length === best.prefix.length && key.length > best.key.length)) {
        best = { key, prefix, star: subpath.slice(prefix.length, subpath.length - suffix.length) };
      }
    }
  }
  return best ? targetsOf(table[best.key], best.star) : undefined;
}

function targetsOf(target: unknown, star: string | undefined): string[] {
  if (typeof target === 'string') return [star === undefined ? target : target.replaceAll('*', star)];
  if (Array.isArray(target)) return target.flatMap((t) => targetsOf(t, star));
  if (isRecord(target)) return Object.values(target).flatMap((t) => targetsOf(t, star));
  return [];
}

export interface PackageManifest {
  dir: string;
  name?: string;
  exports?: unknown;
  imports?: unknown;
  /** `types`, `typings`, `module`, `main`, in that order of preference. */
  entryFields: string[];
}

export function readManifest(view: RepoView, dir: string): PackageManifest | undefined {
  const json = readJsonObject(view, posix.join(dir, 'package.json'));
  if (!json) return undefined;
  return {
    dir,
    ...(typeof json.name === 'string' && { name: json.name }),
    ...(json.exports !== undefined && { exports: json.exports }),
    ...(json.imports !== undefined && { imports: json.imports }),
    entryFields: ['types', 'typings', 'module', 'main'].map((f) => json[f]).filter((v): v is string => typeof v === 'string'),
  };
}

function workspaceGlobs(view: RepoView): string[] {
  const root = readJsonObject(view, 'package.json');
  const declared = root?.workspaces;
  const globs = Array.isArray(declared) ? declared : isRecord(declared) && Array.isArray(declared.packages) ? declared.packages : [];
  const pnpm = view.readText('pnpm-workspace.yaml');
  if (pnpm !== undefined) {
    try {
      const document = parseYaml(pnpm);
      if (isRecord(document) && Array.isArray(document.packages)) globs.push(...document.packages);
    } catch {
      // An unreadable pnpm-workspace.yaml leaves the node_modules links to find the packages.
    }
  }
  // The repository's own globs obey the same limits as the configuration's: one that does not is no workspace.
  return globs.filter((g): g is string => typeof g === 'string' && globProblem(g) === undefined);
}

/**
 * Workspace packages by name, from the root package.json `workspaces` (npm, yarn) and
 * pnpm-workspace.yaml, so they resolve even before `npm install` has linked them.
 */
export function findWorkspacePackages(view: RepoView): Map<string, string> {
  const globs = workspaceGlobs(view);
  const packages = new Map<string, string>();
  if (globs.length === 0) return packages;
  const tidy = (glob: string) => glob.replace(/^\.\//, '').replace(/\/$/, '');
  const included = anyGlob(globs.filter((g) => !g.startsWith('!')).map(tidy));
  const excluded = anyGlob(globs.filter((g) => g.startsWith('!')).map((g) => tidy(g.slice(1))));
  for (const file of view.files) {
    if (!file.endsWith('/package.json') || file.includes('node_modules/')) continue;
    const dir = file.slice(0, -'/package.json'.length);
    if (!included(dir) || excluded(dir)) continue;
    const name = readManifest(view, dir)?.name;
    if (name !== undefined && !packages.has(name)) packages.set(name, dir);
  }
  return packages;
}
