import { basename } from 'node:path';
import type { Config, ExceptionRule } from '../config/index.js';
import { type Finding, finding } from '../model/index.js';

/**
 * Step 5 of docs/configuration.md, "How an import is decided": a matching, unexpired `[[exceptions]]` entry suppresses a violation.
 * Tracks which entries were used so that expired and stale ones can be reported.
 */
export interface ExceptionMatch {
  /** The first unexpired entry that matches: it suppresses the violation. */
  suppressing?: ExceptionRule;
  /** The entry to tell the user about: the suppressing one, else the first (expired) match. */
  shown?: ExceptionRule;
  all: ExceptionRule[];
}

export const isExpired = (rule: ExceptionRule, today: string): boolean => rule.expires !== undefined && rule.expires < today;

/** The one exception matcher, shared by `check` and `explain`: entries are tried in file order. */
export function matchException(exceptions: ExceptionRule[], from: string, to: string, today: string): ExceptionMatch {
  const all = exceptions.filter((rule) => rule.from.test(from) && rule.to.test(to));
  const suppressing = all.find((rule) => !isExpired(rule, today));
  const shown = suppressing ?? all[0];
  return { all, ...(suppressing && { suppressing }), ...(shown && { shown }) };
}

/** Counts, per exception (by its position), the violations it matched: stale and expired ones are judged on the totals. */
export class ExceptionLedger {
  private readonly used: number[];

  constructor(
    private readonly exceptions: ExceptionRule[],
    private readonly today: string,
  ) {
    this.used = exceptions.map(() => 0);
  }

  /** The exception that suppresses the violation on this edge, if any; every entry that matches it counts as used. */
  suppressing(from: string, to: string): ExceptionRule | undefined {
    const match = matchException(this.exceptions, from, to, this.today);
    for (const rule of match.all) this.used[rule.index]!++;
    return match.suppressing;
  }

  /** How many violations each exception matched, by position; shares of a graph add theirs up. */
  uses(): number[] {
    return [...this.used];
  }
}

/** `expired-exception` and `stale-exception` findings, pointing at the entries in orchestrator.toml. */
export function exceptionFindings(config: Config, uses: number[], today: string, { stale }: { stale: boolean }): Finding[] {
  const file = basename(config.file);
  return config.exceptions.flatMap((rule) => {
    const covered = uses[rule.index] ?? 0;
    const where = { file, ...(rule.line !== undefined && { line: rule.line, column: 1 }), identity: `${rule.from.source}\0${rule.to.source}` };
    const label = `exception ${rule.from.source} → ${rule.to.source}${rule.owner ? ` (owner ${rule.owner})` : ''}`;
    if (isExpired(rule, today)) {
      // A partial scan (staged mode) cannot tell an unused exception from one whose imports it did not read.
      const unused = covered === 0 && stale;
      const outcome =
        covered > 0
          ? `; the ${covered} import${covered === 1 ? ' it covered fails' : 's it covered fail'} again`
          : unused
            ? '; it matches no violation any more'
            : '';
      return [
        finding({
          rule: 'expired-exception',
          severity: 'warning',
          ...where,
          message: `${label} expired on ${rule.expires}${outcome}`,
          hint: unused ? 'remove the [[exceptions]] entry' : 'fix the imports, or extend `expires` with a reason the owner agrees to',
        }),
      ];
    }
    if (covered === 0 && stale) {
      return [
        finding({
          rule: 'stale-exception',
          severity: 'warning',
          ...where,
          message: `${label} matches no violating import any more`,
          hint: 'remove the [[exceptions]] entry: exceptions only ever shrink',
        }),
      ];
    }
    return [];
  });
}
