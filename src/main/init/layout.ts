import { posix } from 'node:path';
import { findWorkspacePackages, type RepoView } from '../../graph/index.js';
import { byCodePoint } from '../../model/index.js';
import type { InitReport } from '../../report/index.js';

/**
 * What init reads from the folder layout: which sources are test fixtures or generated code
 * (left out of every check), and which folders become domains.
 */

/**
 * Folders that hold test data or generated code wherever they are: code that is deliberately
 * broken, mirrors real modules (`__mocks__`), or is written by a tool, and that no boundary is
 * about. Each is excluded at any depth, so that new ones are excluded too.
 */
const FIXTURE_FOLDERS = new Map([
  ['fixtures', 'test fixtures'],
  ['__fixtures__', 'test fixtures'],
  ['__mocks__', 'test doubles'],
  ['__snapshots__', 'test snapshots'],
  ['testdata', 'test data'],
  ['test-data', 'test data'],
  ['generated', 'generated code'],
  ['__generated__', 'generated code'],
]);

/**
 * Build output and vendored code. These names are also plain module names (`src/build/`), so
 * they count only directly beside a package.json (or at the root), where tools write their
 * output, and each such folder is excluded by its path.
 */
const OUTPUT_FOLDERS = new Map([
  ['dist', 'build output'],
  ['build', 'build output'],
  ['out', 'build output'],
  ['coverage', 'coverage report'],
  ['.next', 'build output'],
  ['vendor', 'vendored code'],
]);

/** A `settings.exclude` entry, and why it is there. */
export type ExcludedPath = InitReport['excluded'][number];

/** The outermost fixture or output folder a source lies in, as an exclusion. */
function excludingFolder(source: string, isPackageRoot: (dir: string) => boolean): ExcludedPath | undefined {
  const folders = source.split('/').slice(0, -1);
  for (const [i, name] of folders.entries()) {
    const fixture = FIXTURE_FOLDERS.get(name);
    if (fixture) return { pattern: `**/${name}/**`, reason: fixture };
    const output = OUTPUT_FOLDERS.get(name);
    if (output && isPackageRoot(folders.slice(0, i).join('/'))) return { pattern: `${folders.slice(0, i + 1).join('/')}/**`, reason: output };
  }
  return undefined;
}

/** Test fixtures and generated code among the sources, as `settings.exclude` entries: only what exists. */
export function fixturesAndOutput(sources: readonly string[], files: ReadonlySet<string>): ExcludedPath[] {
  const isPackageRoot = (dir: string) => dir === '' || files.has(`${dir}/package.json`);
  const found = new Map<string, ExcludedPath>();
  for (const source of sources) {
    const excluded = excludingFolder(source, isPackageRoot) ?? (source.endsWith('.min.js') ? { pattern: '**/*.min.js', reason: 'minified code' } : undefined);
    if (excluded) found.set(excluded.pattern, excluded);
  }
  return [...found.values()].sort((a, b) => byCodePoint(a.pattern, b.pattern));
}

export interface InferredDomain {
  name: string;
  /** Root-relative folder: the domain's scope is everything in it. */
  dir: string;
  /** A folder of sources the layout left over (top-level `test/`, `tools/`), rather than a package or a layout folder. */
  leftover: boolean;
}

/** Characters a glob would read as syntax: such a folder cannot be named in a scope as it is, so it makes no domain. */
const GLOB_SYNTAX = /[*?[\]{}()!\\]/;

const isUnder = (path: string, dir: string) => path.startsWith(`${dir}/`);

/** Workspace packages, else the folders under src/, else the top-level folders that hold sources. */
function layoutFolders(view: RepoView, sources: readonly string[], excluded: (path: string) => boolean): InferredDomain[] {
  const packages = [...findWorkspacePackages(view)]
    .filter(([, dir]) => dir !== '' && !excluded(`${dir}/package.json`))
    .map(([name, dir]) => ({ name: name.replace(/^@[^/]+\//, ''), dir, leftover: false }));
  if (packages.length > 0) return packages.sort((a, b) => byCodePoint(a.dir, b.dir));
  const underSrc = new Set(sources.filter((s) => s.startsWith('src/') && s.split('/').length > 2).map((s) => s.split('/').slice(0, 2).join('/')));
  const folders = underSrc.size > 0 ? underSrc : new Set(sources.filter((s) => s.includes('/')).map((s) => s.split('/')[0]!));
  return [...folders].sort(byCodePoint).map((dir) => ({ name: posix.basename(dir), dir, leftover: false }));
}

/**
 * Folders of sources outside the layout (top-level `test/`, `tools/`, `scripts/`, a folder among
 * the packages that is none): the outermost folder of each source that holds no layout domain.
 * Sources beside the layout's folders (`src/main.ts`, files at the root) have none.
 */
function leftoverFolders(sources: readonly string[], layoutDirs: readonly string[]): string[] {
  const holdsDomain = (folder: string) => layoutDirs.some((dir) => dir === folder || isUnder(dir, folder));
  const leftovers = new Set<string>();
  for (const source of sources) {
    if (layoutDirs.some((dir) => isUnder(source, dir))) continue;
    const folders = source.split('/').slice(0, -1);
    for (let depth = 1; depth <= folders.length; depth++) {
      const folder = folders.slice(0, depth).join('/');
      if (holdsDomain(folder)) continue;
      leftovers.add(folder);
      break;
    }
  }
  return [...leftovers].sort(byCodePoint);
}

/** Valid TOML bare keys, unique: `@acme/web` → `web`, `.storybook` → `storybook`, a second `utils` → `utils-2`. */
function uniqueNames(domains: InferredDomain[]): InferredDomain[] {
  const seen = new Map<string, number>();
  return domains.map((d) => {
    const name = d.name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'domain';
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return { ...d, name: n === 1 ? name : `${name}-${n}` };
  });
}

/**
 * Every folder that holds sources is claimed: the layout's folders, then each folder the layout
 * leaves over as a domain of its own, so that a first `cn-guard check` reports real findings
 * rather than hundreds of unowned test files.
 */
export function inferDomains(view: RepoView, sources: readonly string[], excluded: (path: string) => boolean): InferredDomain[] {
  const layout = layoutFolders(view, sources, excluded).filter((d) => !GLOB_SYNTAX.test(d.dir));
  const leftovers = leftoverFolders(
    sources,
    layout.map((d) => d.dir),
  )
    .filter((dir) => !GLOB_SYNTAX.test(dir))
    .map((dir) => ({ name: posix.basename(dir), dir, leftover: true }));
  return uniqueNames([...layout, ...leftovers]);
}
