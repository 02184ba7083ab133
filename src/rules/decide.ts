import type { Domain, Settings } from '../config/index.js';
import type { Pattern } from '../glob/index.js';
import type { Ownership } from './ownership.js';

export type ImportRuleId = 'forbidden-import' | 'not-allowed-import' | 'private-import';

export interface PatternMatch {
  list: 'forbidden_imports' | 'allowed_imports';
  pattern: Pattern;
}

export type DecisionReason =
  | 'unowned-importer'
  | 'type-import-ignored'
  | 'own-scope'
  | 'pattern'
  | 'no-allow-list'
  | 'not-in-allow-list'
  | 'not-an-entry-point';

export interface EdgeDecision {
  allowed: boolean;
  rule?: ImportRuleId;
  reason: DecisionReason;
  /** Every matching pattern of the importer's lists, the deciding one first. */
  matches: PatternMatch[];
  deciding?: PatternMatch;
  /** Set for `private-import`: the domain whose internals were reached. */
  privateTo?: Domain;
}

export interface EdgeFacts {
  from: Ownership | undefined;
  target: string;
  to: Ownership | undefined;
  typeOnly: boolean;
}

/** Most specific first; at equal specificity forbidden first, because forbidden wins ties (docs/configuration.md, "How an import is decided"). */
function byPrecedence(a: PatternMatch, b: PatternMatch): number {
  return b.pattern.specificity - a.pattern.specificity || (a.list === b.list ? 0 : a.list === 'forbidden_imports' ? -1 : 1);
}

export function matchingPatterns(domain: Domain, target: string): PatternMatch[] {
  const matches: PatternMatch[] = [];
  for (const pattern of domain.forbidden) if (pattern.test(target)) matches.push({ list: 'forbidden_imports', pattern });
  for (const pattern of domain.allowed) if (pattern.test(target)) matches.push({ list: 'allowed_imports', pattern });
  return matches.sort(byPrecedence);
}

/** The one stated precedence of docs/configuration.md, "How an import is decided", steps 1–4. Exceptions (step 5) are applied afterwards. */
export function decideEdge(facts: EdgeFacts, settings: Settings): EdgeDecision {
  const importer = facts.from?.domain;
  if (!importer) return { allowed: true, reason: 'unowned-importer', matches: [] };
  if (facts.typeOnly && (importer.typeImports ?? settings.typeImports) === 'ignore') {
    return { allowed: true, reason: 'type-import-ignored', matches: [] };
  }
  const owner = facts.to?.domain;
  if (owner === importer) return { allowed: true, reason: 'own-scope', matches: [] };
  const matches = matchingPatterns(importer, facts.target);
  const deciding = matches[0];
  if (deciding?.list === 'forbidden_imports') {
    return { allowed: false, rule: 'forbidden-import', reason: 'pattern', matches, deciding };
  }
  if (!deciding && importer.allowed.length > 0) {
    return { allowed: false, rule: 'not-allowed-import', reason: 'not-in-allow-list', matches };
  }
  if (owner && owner.public.length > 0 && !owner.public.some((entry) => entry.test(facts.target))) {
    return { allowed: false, rule: 'private-import', reason: 'not-an-entry-point', matches, ...(deciding && { deciding }), privateTo: owner };
  }
  return { allowed: true, reason: deciding ? 'pattern' : 'no-allow-list', matches, ...(deciding && { deciding }) };
}

/** One sentence on why the decision came out as it did, for `explain`. */
export function describeDecision(decision: EdgeDecision, importer: string | undefined): string {
  const deciding = decision.deciding;
  const tiedWithAllowed =
    deciding?.list === 'forbidden_imports' &&
    decision.matches.some((m) => m.list === 'allowed_imports' && m.pattern.specificity === deciding.pattern.specificity);
  switch (decision.reason) {
    case 'unowned-importer':
      return 'the importing file belongs to no domain, so no import rule applies';
    case 'type-import-ignored':
      return 'type-only imports are not checked here (type_imports = "ignore")';
    case 'own-scope':
      return `the target is in ${importer}'s own scope, and a domain may always use itself`;
    case 'pattern':
      return `the most specific matching pattern, ${deciding!.pattern.source} in ${deciding!.list}, ${deciding!.list === 'forbidden_imports' ? 'forbids' : 'allows'} it${tiedWithAllowed ? ' (forbidden wins a tie with an allowed pattern)' : ''}`;
    case 'no-allow-list':
      return `no pattern of ${importer} matches the target and ${importer} has no allow-list`;
    case 'not-in-allow-list':
      return `no pattern of ${importer} matches the target, and ${importer} may import only what allowed_imports lists`;
    case 'not-an-entry-point':
      return `the target is internal to ${decision.privateTo!.name}, which lets other domains import only its public entry points`;
  }
}
