import { posix } from 'node:path';
import micromatch from 'micromatch';
import { Automaton } from './automaton.js';
import { ANY_FOLDER, inSet, type Node, parseGlob } from './parse.js';

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

/**
 * Whether a path matches a glob, as `micromatch.isMatch(path, glob, { dot: true, flags: 's' })`
 * says for a normalised path (see parse.ts for the few differences), in O(glob × path) time
 * whatever the glob. A `*` matches dotfiles, and any character, newline included, can be in a
 * name (else a file named so would pass unchecked).
 */
export function globMatcher(glob: string): (path: string) => boolean {
  return matcherUnder(glob, '');
}

/** `globMatcher` for paths that start with `prefix` (the others do not match), without reading the prefix of each. */
function matcherUnder(glob: string, prefix: string): (path: string) => boolean {
  const { negated, body } = parseGlob(glob);
  // micromatch first compares the path with the glob itself, negated or not; '' never matches.
  if (body === undefined) return (path) => path === glob && path.startsWith(prefix) && path !== '';
  const under = (path: string) => path.startsWith(prefix) && path !== '';
  // `**/x` where x cannot match a `/`: x matches the last segment or nothing (`**/*.ts`).
  if (body[0] === ANY_FOLDER && body.slice(1).every(withinSegment)) {
    const automaton = new Automaton(body.slice(1));
    return (path) => under(path) && (path === glob || negated !== automaton.test(path.slice(path.lastIndexOf('/') + 1)));
  }
  const automaton = new Automaton(body, prefix);
  // Text every match contains: a native search rejects most paths before the automaton reads them.
  const needle = negated ? '' : requiredText(body);
  return (path) => under(path) && (path === glob || (path.includes(needle) && negated !== automaton.test(path)));
}

/** Whether a node never matches a `/`. */
function withinSegment(node: Node): boolean {
  switch (node.kind) {
    case 'text':
      return !node.text.includes('/');
    case 'set':
      return !inSet(node.set, '/'.charCodeAt(0));
    case 'any':
      return false;
    case 'alt':
      return node.alts.every((alt) => alt.every(withinSegment));
    default:
      return true;
  }
}

/** The longest run of text in the glob's top-level sequence. */
function requiredText(body: Node[]): string {
  let longest = '';
  let run = '';
  for (const node of body) {
    run = node.kind === 'text' ? run + node.text : '';
    if (run.length > longest.length) longest = run;
  }
  return longest;
}

/**
 * The engine's limits. Matching costs O(glob × path): 1,024 characters keeps the worst glob
 * against the longest file name (255 characters) at a fraction of a millisecond per path, however
 * many paths a repository has; the automaton is built recursively through nested braces.
 */
const MAX_GLOB_LENGTH = 1024;
const MAX_GLOB_NESTING = 32;

/** Deepest nesting of `{…}` and `(…)`; an unclosed one counts as open to the end. */
function nesting(glob: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') i++;
    else if (c === '{' || c === '(') deepest = Math.max(deepest, ++depth);
    else if ((c === '}' || c === ')') && depth > 0) depth--;
  }
  return deepest;
}

/**
 * Why a glob cannot be used — past the engine's limits, or syntax cn-guard reads differently from
 * micromatch — or undefined. Every glob from orchestrator.toml or the repository (workspaces) is asked.
 */
export function globProblem(glob: string): string | undefined {
  if (glob.length > MAX_GLOB_LENGTH) return `is longer than ${MAX_GLOB_LENGTH.toLocaleString('en')} characters (cn-guard's limit for a glob)`;
  if (nesting(glob) > MAX_GLOB_NESTING) return `nests braces or parentheses more than ${MAX_GLOB_NESTING} deep (cn-guard's limit for a glob)`;
  return parseGlob(glob).problem;
}

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
  // The literal prefix rejects most paths at once, and is not read again for the others.
  return { source, glob, specificity, ...origin, test: matcherUnder(glob, prefix) };
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
  const matchers = globs.map(globMatcher);
  return (path) => matchers.some((matches) => matches(path));
}

/** Whether a root-relative path leaves the root (`../…`). */
export function escapesRoot(relPath: string): boolean {
  return relPath === '..' || relPath.startsWith('../') || posix.isAbsolute(relPath);
}
