import { posix } from 'node:path';
import type { Config, Domain } from '../config/index.js';
import type { Pattern } from '../glob/index.js';
import type { ConfigProblem } from '../model/index.js';

export interface Ownership {
  domain: Domain;
  /** The scope pattern that gave the file to its domain. */
  pattern: Pattern;
}

export interface Owners {
  /** The owning domain of a root-relative path, by the most specific scope pattern (docs/configuration.md, "Ownership"). */
  ownerOf(path: string): Ownership | undefined;
  /** The two domains that claim a path with equal specificity (a configuration error), if any. */
  tieOn(path: string): Tie | undefined;
  /** Every domain scope that claims the path, most specific first (for `explain`). */
  claimsOf(path: string): Ownership[];
}

type Tie = readonly [Ownership, Ownership];

function claims(domains: Domain[], path: string): Ownership[] {
  const found: Ownership[] = [];
  for (const domain of domains) {
    let best: Pattern | undefined;
    for (const pattern of domain.scope) {
      if ((!best || pattern.specificity > best.specificity) && pattern.test(path)) best = pattern;
    }
    if (best && !domain.scopeExcludes.some((exclude) => exclude.test(path))) found.push({ domain, pattern: best });
  }
  return found.sort((a, b) => b.pattern.specificity - a.pattern.specificity);
}

export function createOwners(config: Config): Owners {
  const scanned = config.domains.filter((d) => !d.external);
  // One lookup per path (null: no owner): it runs twice for every import of the repository, and
  // the search for ties has already made it for every file by the time the imports are judged.
  const verdicts = new Map<string, Ownership | Tie | null>();
  const verdictOn = (path: string) => {
    let verdict = verdicts.get(path);
    if (verdict === undefined) {
      const [first, second] = claims(scanned, path);
      verdict = !first ? null : second && second.pattern.specificity === first.pattern.specificity ? ([first, second] as const) : first;
      verdicts.set(path, verdict);
    }
    return verdict;
  };
  return {
    ownerOf(path) {
      const verdict = verdictOn(path);
      return verdict === null || Array.isArray(verdict) ? undefined : (verdict as Ownership);
    },
    tieOn(path) {
      const verdict = verdictOn(path);
      return Array.isArray(verdict) ? (verdict as Tie) : undefined;
    },
    claimsOf: (path) => claims(scanned, path),
  };
}

/**
 * Two domains tied on one file (docs/configuration.md, "Configuration errors"), a configuration error: grouped per pair of
 * patterns, with the `!` exclusion that would settle it.
 */
export function checkTies(config: Config, files: Iterable<string>, owners: Owners = createOwners(config)): ConfigProblem[] {
  const ties = new Map<string, { first: Ownership; second: Ownership; files: string[] }>();
  for (const file of files) {
    const [first, second] = owners.tieOn(file) ?? [];
    if (first && second) {
      const key = `${first.pattern.keyPath}\0${second.pattern.keyPath}`;
      const tie = ties.get(key) ?? { first, second, files: [] };
      tie.files.push(file);
      ties.set(key, tie);
    }
  }
  const problems: ConfigProblem[] = [];
  const at = (keyPath: string | undefined) => ({ file: config.displayFile, ...(keyPath && { keyPath, ...config.locate(keyPath) }) });
  for (const { first, second, files: tied } of ties.values()) {
    const example = tied[0]!;
    const others = tied.length > 1 ? ` and ${tied.length - 1} other file${tied.length > 2 ? 's' : ''}` : '';
    // An exclusion of exactly the tied file is always safe; a folder-wide one could orphan its neighbours.
    const exclusion = `!${posix.relative(second.domain.relDir, example)}`;
    const likewise = tied.length > 1 ? ` (and likewise for the other ${tied.length - 1})` : '';
    problems.push({
      ...at(second.pattern.keyPath),
      message: `${example}${others} ${tied.length > 1 ? 'are' : 'is'} claimed by domain ${first.domain.name} ("${first.pattern.source}") and domain ${second.domain.name} ("${second.pattern.source}") with equal specificity`,
      hint: `make one of the two patterns more specific, or settle it with an exclusion: add "${exclusion}" to domains.${second.domain.name}.scope${likewise}`,
    });
  }
  return problems;
}
