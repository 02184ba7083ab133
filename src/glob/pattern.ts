import micromatch from 'micromatch';
import { posix } from 'node:path';

/**
 * A glob compiled once, anchored to the directory holding orchestrator.toml.
 * `source` is what the user wrote (relative to its domain's path); `glob` is root-relative.
 */
export interface Pattern {
  source: string;
  glob: string;
  /** `Infinity` for an exact path; otherwise the number of literal leading path segments. */
  specificity: number;
  /** Where it was declared in orchestrator.toml, e.g. `domains.api.scope[1]`. */
  keyPath?: string;
  test(path: string): boolean;
}

// dotAll: a file name may hold a newline, CR or U+2028, and must still match (else its imports pass
// unchecked). `flags` is picomatch's regex-flags string; @types/micromatch mistypes it as a boolean.
const GLOB_OPTIONS: micromatch.Options = { dot: true, flags: 's' as unknown as boolean };

/** Root-relative form of a pattern written relative to a domain's directory (`''` = the root). */
export function anchorGlob(relDir: string, pattern: string): string {
  const trimmed = pattern.replace(/^\.\//, '').replace(/^\/+/, '');
  if (relDir === '') return trimmed === '' ? '.' : posix.normalize(trimmed);
  return posix.normalize(posix.join(relDir, trimmed));
}

export function compilePattern(source: string, glob: string, keyPath?: string): Pattern {
  const origin = keyPath === undefined ? {} : { keyPath };
  const scan = micromatch.scan(glob);
  if (!scan.isGlob) {
    return { source, glob, specificity: Infinity, ...origin, test: (path) => path === glob };
  }
  const base = scan.base;
  const specificity = base === '' ? 0 : base.split('/').length;
  const prefix = base === '' ? '' : `${base}/`;
  const matches = micromatch.matcher(glob, GLOB_OPTIONS);
  // The literal prefix rejects most paths without running the regular expression.
  return { source, glob, specificity, ...origin, test: (path) => path.startsWith(prefix) && matches(path) };
}

/** The literal leading folders of a glob (`src/api` of `src/api/**`), or the glob itself when it has no wildcard. */
export function literalBase(glob: string): string {
  const scan = micromatch.scan(glob);
  return scan.isGlob ? scan.base : glob;
}

export function describeSpecificity(p: Pattern): string {
  return p.specificity === Infinity ? 'exact path' : `${p.specificity} literal segment${p.specificity === 1 ? '' : 's'}`;
}

/** One predicate for a list of globs, each compiled once. */
export function anyGlob(globs: string[]): (path: string) => boolean {
  const matchers = globs.map((glob) => micromatch.matcher(glob, GLOB_OPTIONS));
  return (path) => matchers.some((matches) => matches(path));
}

/** Whether a root-relative path leaves the root (`../…`). */
export function escapesRoot(relPath: string): boolean {
  return relPath === '..' || relPath.startsWith('../') || posix.isAbsolute(relPath);
}
