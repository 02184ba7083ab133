import type { Config, Domain, ExceptionRule } from '../config/index.js';
import { type Finding, finding } from '../model/index.js';

/** One change to the policy, in words: a weakening may let more through, a strengthening only less. */
export interface PolicyChange {
  weakening: boolean;
  message: string;
  /** Where to look in the new orchestrator.toml; absent for what the change removed. */
  keyPath?: string;
}

type Patterns = { source: string; glob: string }[];

/** Compared by their root-relative form, shown as written: a moved `path` with equivalent globs is no change. */
function patternDiff(before: Patterns, after: Patterns): { added: string[]; removed: string[] } {
  const old = new Set(before.map((p) => p.glob));
  const now = new Set(after.map((p) => p.glob));
  return { added: after.filter((p) => !old.has(p.glob)).map((p) => p.source), removed: before.filter((p) => !now.has(p.glob)).map((p) => p.source) };
}

const quoted = (items: string[]) => items.map((i) => `"${i}"`).join(', ');
const entryPoints = (items: string[]) => (items.length === 1 ? 'public entry point' : 'public entry points');

function diffDomain(before: Domain, after: Domain, globalTypeImports: [string, string]): PolicyChange[] {
  const key = (k: string) => `domains.${after.name}.${k}`;
  const name = `domain ${after.name}`;
  const changes: PolicyChange[] = [];
  // Any scope change is a weakening: widening lets the agent edit more, narrowing lets files out of its rules.
  const scope = patternDiff(before.scope, after.scope);
  const excludes = patternDiff(before.scopeExcludes, after.scopeExcludes);
  const widened = [...scope.added.map((g) => `added "${g}"`), ...excludes.removed.map((g) => `exclusion "${g}" removed`)];
  const narrowed = [...scope.removed.map((g) => `removed "${g}"`), ...excludes.added.map((g) => `exclusion "${g}" added`)];
  if (widened.length)
    changes.push({ weakening: true, keyPath: key('scope'), message: `scope of ${name} widened: ${widened.join(', ')} (its agent may change more files)` });
  if (narrowed.length)
    changes.push({ weakening: true, keyPath: key('scope'), message: `scope of ${name} narrowed: ${narrowed.join(', ')} (those files leave its rules)` });
  const forbidden = patternDiff(before.forbidden, after.forbidden);
  if (forbidden.removed.length)
    changes.push({ weakening: true, keyPath: key('forbidden_imports'), message: `${name}: forbidden pattern ${quoted(forbidden.removed)} removed` });
  if (forbidden.added.length)
    changes.push({ weakening: false, keyPath: key('forbidden_imports'), message: `${name}: forbidden pattern ${quoted(forbidden.added)} added` });
  const allowed = patternDiff(before.allowed, after.allowed);
  if (allowed.added.length) {
    // A new allow-list only restricts, unless an allowed pattern can out-rank a forbidden one.
    const strengthens = before.allowed.length === 0 && after.forbidden.length === 0;
    changes.push({
      weakening: !strengthens,
      keyPath: key('allowed_imports'),
      message:
        before.allowed.length === 0
          ? `${name}: allow-list introduced (${quoted(allowed.added)})${strengthens ? '' : ', which can out-rank its forbidden patterns'}`
          : `${name}: ${quoted(allowed.added)} added to allowed_imports`,
    });
  }
  if (allowed.removed.length) {
    const emptied = after.allowed.length === 0;
    changes.push({
      weakening: emptied,
      keyPath: key('allowed_imports'),
      message: emptied
        ? `${name}: allow-list removed (was ${quoted(allowed.removed)}): everything not forbidden may be imported`
        : `${name}: ${quoted(allowed.removed)} removed from allowed_imports`,
    });
  }
  const entries = patternDiff(before.public, after.public);
  if (entries.added.length) {
    const introduced = before.public.length === 0;
    changes.push({
      weakening: !introduced,
      keyPath: key('public'),
      message: introduced
        ? `${name}: public entry points introduced (${quoted(entries.added)})`
        : `${name}: ${entryPoints(entries.added)} ${quoted(entries.added)} added`,
    });
  }
  if (entries.removed.length) {
    const emptied = after.public.length === 0;
    changes.push({
      weakening: emptied,
      keyPath: key('public'),
      message: emptied
        ? `${name}: public entry points removed (was ${quoted(entries.removed)}): every file may be imported`
        : `${name}: ${entryPoints(entries.removed)} ${quoted(entries.removed)} removed`,
    });
  }
  // Only an explicit per-domain value is this domain's own change (the global one is reported once),
  // and it is judged by its effect: dropping `check` under a global `ignore` stops checking.
  const effective = [before.typeImports ?? globalTypeImports[0], after.typeImports ?? globalTypeImports[1]];
  if ((before.typeImports !== undefined || after.typeImports !== undefined) && before.typeImports !== after.typeImports && effective[0] !== effective[1]) {
    changes.push({
      weakening: effective[1] === 'ignore',
      keyPath: key('type_imports'),
      message: `${name}: type-only imports ${effective[1] === 'ignore' ? 'no longer checked' : 'now checked'} (type_imports ${before.typeImports ?? '(global)'} → ${after.typeImports ?? '(global)'})`,
    });
  }
  return changes;
}

const exceptionKey = (e: ExceptionRule) => `${e.from.source} → ${e.to.source}`;

function byPair(exceptions: ExceptionRule[]): Map<string, ExceptionRule[]> {
  const groups = new Map<string, ExceptionRule[]>();
  for (const e of exceptions) groups.set(exceptionKey(e), [...(groups.get(exceptionKey(e)) ?? []), e]);
  return groups;
}

const lifetime = (e: ExceptionRule) => e.expires ?? '9999-12-31';

/**
 * Exceptions are compared per from → to pair. Entries left as they were pair up first; the rest
 * pair longest-lived first, so a duplicate that outlives the original reads as one added exception.
 */
function diffExceptions(before: ExceptionRule[], after: ExceptionRule[]): PolicyChange[] {
  const old = byPair(before);
  const changes: PolicyChange[] = [];
  for (const [label, group] of byPair(after)) {
    const previous = [...(old.get(label) ?? [])];
    const changed = group.filter((e) => {
      const same = previous.findIndex((p) => p.expires === e.expires);
      if (same >= 0) previous.splice(same, 1);
      return same < 0;
    });
    const longestFirst = (a: ExceptionRule, b: ExceptionRule) => (lifetime(a) < lifetime(b) ? 1 : -1);
    previous.sort(longestFirst);
    changed.sort(longestFirst).forEach((e, i) => {
      const was = previous[i];
      const keyPath = `exceptions[${e.index}]`;
      if (!was) {
        changes.push({
          weakening: true,
          keyPath,
          message: `exception added: ${label} (${e.reason}${e.owner ? `; owner ${e.owner}` : ''}${e.expires ? `; expires ${e.expires}` : '; never expires'})`,
        });
      } else if (lifetime(was) < lifetime(e)) {
        changes.push({ weakening: true, keyPath, message: `exception ${label} extended: expires ${was.expires} → ${e.expires ?? 'never'}` });
      } else {
        changes.push({ weakening: false, keyPath, message: `exception ${label} shortened: expires ${was.expires ?? 'never'} → ${e.expires}` });
      }
    });
    for (let i = changed.length; i < previous.length; i++) changes.push({ weakening: false, message: `exception removed: ${label}` });
  }
  for (const [label, group] of old) {
    if (!after.some((e) => exceptionKey(e) === label)) changes.push(...group.map(() => ({ weakening: false, message: `exception removed: ${label}` })));
  }
  return changes;
}

const UNOWNED_RANK = { allow: 0, warn: 1, error: 2 } as const;

function diffSettings(before: Config['settings'], after: Config['settings']): PolicyChange[] {
  const changes: PolicyChange[] = [];
  if (before.unowned !== after.unowned) {
    changes.push({
      weakening: UNOWNED_RANK[after.unowned] < UNOWNED_RANK[before.unowned],
      keyPath: 'settings.unowned',
      message: `unowned files: "${before.unowned}" → "${after.unowned}"`,
    });
  }
  if (before.typeImports !== after.typeImports) {
    changes.push({
      weakening: after.typeImports === 'ignore',
      keyPath: 'settings.type_imports',
      message: `type-only imports ${after.typeImports === 'ignore' ? 'no longer checked' : 'now checked'} (settings.type_imports = "${after.typeImports}")`,
    });
  }
  const list = (key: string, b: string[], a: string[], addedWeakens: boolean, what: string) => {
    const plus = a.filter((x) => !b.includes(x));
    const minus = b.filter((x) => !a.includes(x));
    if (plus.length) changes.push({ weakening: addedWeakens, keyPath: key, message: `${what} ${quoted(plus)} added to ${key}` });
    if (minus.length) changes.push({ weakening: !addedWeakens, keyPath: key, message: `${what} ${quoted(minus)} removed from ${key}` });
  };
  list('settings.exclude', before.exclude, after.exclude, true, 'exclusion');
  list('settings.include', before.include, after.include, false, 'include pattern');
  // Settings that decide what is checked at all: any change needs the owners' eyes.
  const moved = (key: string, b: string | undefined, a: string | undefined, what: string) => {
    if (b !== a)
      changes.push({ weakening: true, keyPath: key, message: `${what}: ${b === undefined ? '(none)' : `"${b}"`} → ${a === undefined ? '(none)' : `"${a}"`}` });
  };
  moved('settings.branch_domain', before.branchDomain, after.branchDomain, 'branch_domain (who counts as the acting domain)');
  moved('settings.baseline', before.baseline, after.baseline, 'baseline file');
  moved('settings.tsconfig', before.tsconfig, after.tsconfig, 'tsconfig used for resolution');
  return changes;
}

/** What changed between two versions of orchestrator.toml, in words (docs/modes.md, "Policy changes"). */
export function diffPolicy(before: Config, after: Config): PolicyChange[] {
  const changes = diffSettings(before.settings, after.settings);
  const previous = new Map(before.domains.map((d) => [d.name, d]));
  for (const domain of after.domains) {
    const old = previous.get(domain.name);
    if (old) changes.push(...diffDomain(old, domain, [before.settings.typeImports, after.settings.typeImports]));
    else
      changes.push({
        weakening: true,
        keyPath: `domains.${domain.name}`,
        message: `domain ${domain.name} added (it may take files, and so their rules, from other domains)`,
      });
  }
  for (const domain of before.domains) {
    if (!after.domains.some((d) => d.name === domain.name)) {
      changes.push({ weakening: true, message: `domain ${domain.name} removed: its scope and rules no longer apply` });
    }
  }
  return [...changes, ...diffExceptions(before.exceptions, after.exceptions)];
}

/** Policy changes as findings: a weakening fails unless it was allowed (`--allow-policy-change`). */
export function policyFindings(changes: PolicyChange[], after: Config, file: string, allowWeakening: boolean): Finding[] {
  return changes.map((change) => {
    const where = change.keyPath === undefined ? undefined : after.locate(change.keyPath);
    return finding({
      rule: 'policy-change',
      severity: change.weakening ? (allowWeakening ? 'warning' : 'error') : 'info',
      message: `${change.weakening ? 'weakened' : 'strengthened'}: ${change.message}`,
      hint: change.weakening
        ? allowWeakening
          ? 'allowed with --allow-policy-change'
          : "policy changes need the owners' agreement: rerun with --allow-policy-change once they have approved it"
        : 'a stricter policy; existing code may now have violations',
      file,
      ...(where && { line: where.line, column: where.column }),
      identity: `${change.keyPath ?? ''}\0${change.message}`,
    });
  });
}
