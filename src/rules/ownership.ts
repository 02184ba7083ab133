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
  /** Every domain scope that claims the path, most specific first (for `explain`). */
  claimsOf(path: string): Ownership[];
}

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
  const cache = new Map<string, Ownership | null>();
  return {
    ownerOf(path) {
      // One lookup per call (null: no owner): it runs twice for every import of the repository.
      let owner = cache.get(path);
      if (owner === undefined) {
        const [first, second] = claims(scanned, path);
        owner = first && (!second || second.pattern.specificity < first.pattern.specificity) ? first : null;
        cache.set(path, owner);
      }
      return owner ?? undefined;
    },
    claimsOf: (path) => claims(scanned, path),
  };
}

/**
 * Two domains tied on one file (docs/configuration.md, "Configuration errors"), a configuration error: grouped per pair of
 * patterns, with the `!` exclusion that would settle it.
 */
export function checkTies(config: Config, files: Iterable<string>): ConfigProblem[] {
  const scanned = config.domains.filter((d) => !d.external);
  const ties = new Map<string, { first: Ownership; second: Ownership; files: string[] }>();
  for (const file of files) {
    const [first, second] = claims(scanned, file);
    if (first && second && first.pattern.specificity === second.pattern.specificity) {
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
