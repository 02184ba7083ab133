import { posix } from 'node:path';
import type { Config, Domain } from '../config/index.js';
import { literalBase, type Pattern } from '../glob/index.js';
import { type ConfigProblem, closest, type Finding, finding } from '../model/index.js';

type PatternKey = 'scope' | 'forbidden_imports' | 'allowed_imports' | 'public';

/** A pattern of orchestrator.toml that matches no file of the repository: its rule does nothing. */
export interface UnmatchedPattern {
  domain: Domain;
  key: PatternKey;
  pattern: Pattern;
  /** The nearest existing path, written as the pattern would be (relative to the domain's path). */
  suggestion?: string;
}

export interface RepositoryPaths {
  /** The files the configuration governs: scopes must claim some of them. */
  governed: Iterable<string>;
  /** Every file of the repository: import patterns may name any of them (generated, excluded files too). */
  files: ReadonlySet<string>;
  directories: ReadonlySet<string>;
  /** Whether an exact path names a file, listed or not (an ignored, generated file is a real import target). */
  isFile(path: string): boolean;
}

/** The names directly inside a folder ('' = the root), among the known folders and files. */
function childrenOf(dir: string, paths: Iterable<string>): string[] {
  const prefix = dir === '' ? '' : `${dir}/`;
  const names = new Set<string>();
  for (const path of paths) {
    if (path.startsWith(prefix) && !path.includes('/', prefix.length)) names.add(path.slice(prefix.length));
  }
  return [...names];
}

/**
 * The pattern with its first missing path segment replaced by the closest existing name in the
 * same folder (`src/bb/**` → `src/b/**`): one typo, fixed where it is, never a distant path.
 */
function nearestPath(pattern: Pattern, domain: Domain, paths: RepositoryPaths): string | undefined {
  const base = literalBase(pattern.glob);
  if (base === '' || paths.directories.has(base) || paths.files.has(base)) return undefined;
  const segments = base.split('/');
  let existing = 0;
  while (existing < segments.length - 1 && paths.directories.has(segments.slice(0, existing + 1).join('/'))) existing++;
  const parent = segments.slice(0, existing).join('/');
  const missing = segments[existing]!;
  const lastSegment = existing === segments.length - 1;
  const candidates = childrenOf(parent, lastSegment && pattern.specificity === Infinity ? [...paths.directories, ...paths.files] : paths.directories);
  const found = closest(missing, candidates);
  if (found === undefined) return undefined;
  const suggested = [...segments.slice(0, existing), found].join('/') + pattern.glob.slice(segments.slice(0, existing + 1).join('/').length);
  return domain.relDir === '' ? suggested : posix.relative(domain.relDir, suggested);
}

/**
 * Every scope, forbidden, allowed and public pattern of the scanned domains that matches no
 * file. A typo (`src/bb/**`) would otherwise disable its rule without a word.
 */
export function unmatchedPatterns(config: Config, paths: RepositoryPaths): UnmatchedPattern[] {
  const domains = config.domains.filter((d) => !d.external);
  const lists = (d: Domain): [PatternKey, Pattern[]][] => [
    ['scope', d.scope],
    ['forbidden_imports', d.forbidden],
    ['allowed_imports', d.allowed],
    ['public', d.public],
  ];
  const pending = new Map<Pattern, { domain: Domain; key: PatternKey }>();
  for (const domain of domains) for (const [key, patterns] of lists(domain)) for (const pattern of patterns) pending.set(pattern, { domain, key });
  const strike = (candidates: Iterable<string>, keys: PatternKey[]) => {
    const open = [...pending].filter(([, { key }]) => keys.includes(key)).map(([pattern]) => pattern);
    for (const path of candidates) {
      if (open.length === 0) return;
      for (let i = open.length - 1; i >= 0; i--) {
        if (!open[i]!.test(path)) continue;
        pending.delete(open[i]!);
        open.splice(i, 1);
      }
    }
  };
  for (const [pattern, { key }] of pending) {
    if (key !== 'scope' && pattern.specificity === Infinity && paths.isFile(pattern.glob)) pending.delete(pattern);
  }
  strike(paths.governed, ['scope']);
  strike(paths.files, ['forbidden_imports', 'allowed_imports', 'public']);
  return [...pending].map(([pattern, { domain, key }]) => {
    const suggestion = nearestPath(pattern, domain, paths);
    return { domain, key, pattern, ...(suggestion !== undefined && { suggestion }) };
  });
}

function describe({ domain, key, pattern, suggestion }: UnmatchedPattern): { message: string; hint: string } {
  const where = domain.relDir ? ` under ${domain.relDir}` : '';
  const message = `${key === 'scope' ? 'scope glob' : `${key} pattern`} "${pattern.source}" of domain ${domain.name} matches no file${where}`;
  if (suggestion !== undefined) return { message, hint: `did you mean "${suggestion}"?` };
  if (key === 'scope') return { message, hint: 'fix the glob, or remove it if the folder is gone (a rule that matches nothing passes silently)' };
  return { message, hint: 'fix the pattern; if it guards against code that does not exist yet (or any more), keep it: this warning does not fail the run' };
}

/** A scope that claims nothing is a broken configuration (docs/configuration.md, "Configuration errors"): the whole-repository check stops on it. */
export function unmatchedScopeProblems(config: Config, unmatched: UnmatchedPattern[]): ConfigProblem[] {
  return unmatched
    .filter((u) => u.key === 'scope')
    .map((u) => {
      const keyPath = u.pattern.keyPath;
      return { file: config.displayFile, ...describe(u), ...(keyPath && { keyPath, ...config.locate(keyPath) }) };
    });
}

/**
 * As findings: an unmatched import pattern is a warning (a defensive pattern for code that is
 * gone is legitimate, but never silent); an unmatched scope is an error when `scopes` asks for
 * it (a change that deletes a domain's last file), so it fails without hiding the other findings.
 */
export function unmatchedPatternFindings(config: Config, unmatched: UnmatchedPattern[], configFile: string, { scopes }: { scopes: boolean }): Finding[] {
  return unmatched
    .filter((u) => scopes || u.key !== 'scope')
    .map((u) => {
      const where = u.pattern.keyPath === undefined ? undefined : config.locate(u.pattern.keyPath);
      return finding({
        rule: 'unmatched-pattern',
        severity: u.key === 'scope' ? 'error' : 'warning',
        ...describe(u),
        file: configFile,
        ...(where && { line: where.line, column: where.column }),
        domain: u.domain.name,
        identity: `${u.pattern.keyPath ?? u.key}\0${u.pattern.source}`,
      });
    });
}
