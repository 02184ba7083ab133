import type { Config, Domain, ExceptionRule } from '../config/index.js';
import { finding, type Finding } from '../model/index.js';

/** One change to the policy, in words: a weakening lets more through, a strengthening less. */
export interface PolicyChange {
  weakening: boolean;
  message: string;
  /** Where to look in the new orchestrator.toml (or the old one, for what was removed). */
  keyPath: string;
}

const sources = (patterns: { source: string }[]) => patterns.map((p) => p.source);
const added = (before: string[], after: string[]) => after.filter((x) => !before.includes(x));
const removed = (before: string[], after: string[]) => before.filter((x) => !after.includes(x));
const quoted = (items: string[]) => items.map((i) => `"${i}"`).join(', ');

/** Lists whose meaning flips when they go from empty to non-empty (an allow-list, public entry points). */
function restrictingList(name: string, key: string, before: string[], after: string[], what: { adding: string; removing: string }): PolicyChange[] {
  const plus = added(before, after);
  const minus = removed(before, after);
  if (before.length === 0 && after.length > 0) return [{ weakening: false, keyPath: key, message: `${name}: ${what.adding} introduced (${quoted(after)})` }];
  if (before.length > 0 && after.length === 0) return [{ weakening: true, keyPath: key, message: `${name}: ${what.adding} removed entirely (was ${quoted(before)}): ${what.removing}` }];
  return [
    ...(plus.length ? [{ weakening: true, keyPath: key, message: `${name}: ${quoted(plus)} added to ${key.split('.').pop()}` }] : []),
    ...(minus.length ? [{ weakening: false, keyPath: key, message: `${name}: ${quoted(minus)} removed from ${key.split('.').pop()}` }] : []),
  ];
}

function diffDomain(before: Domain, after: Domain, globalTypeImports: [string, string]): PolicyChange[] {
  const key = (k: string) => `domains.${after.name}.${k}`;
  const name = `domain ${after.name}`;
  const changes: PolicyChange[] = [];
  const scopeAdded = added(sources(before.scope), sources(after.scope));
  const scopeRemoved = removed(sources(before.scope), sources(after.scope));
  const excludesAdded = added(sources(before.scopeExcludes), sources(after.scopeExcludes));
  const excludesRemoved = removed(sources(before.scopeExcludes), sources(after.scopeExcludes));
  if (scopeAdded.length || excludesRemoved.length) {
    changes.push({ weakening: true, keyPath: key('scope'), message: `scope of ${name} widened: ${[...scopeAdded.map((g) => `added "${g}"`), ...excludesRemoved.map((g) => `exclusion "${g}" removed`)].join(', ')}` });
  }
  if (scopeRemoved.length || excludesAdded.length) {
    changes.push({ weakening: false, keyPath: key('scope'), message: `scope of ${name} narrowed: ${[...scopeRemoved.map((g) => `removed "${g}"`), ...excludesAdded.map((g) => `exclusion "${g}" added`)].join(', ')}` });
  }
  if (before.relDir !== after.relDir) {
    changes.push({ weakening: true, keyPath: key('path'), message: `${name} moved from "${before.relDir || '.'}" to "${after.relDir || '.'}"` });
  }
  const forbiddenRemoved = removed(sources(before.forbidden), sources(after.forbidden));
  const forbiddenAdded = added(sources(before.forbidden), sources(after.forbidden));
  if (forbiddenRemoved.length) changes.push({ weakening: true, keyPath: key('forbidden_imports'), message: `${name}: forbidden pattern ${quoted(forbiddenRemoved)} removed` });
  if (forbiddenAdded.length) changes.push({ weakening: false, keyPath: key('forbidden_imports'), message: `${name}: forbidden pattern ${quoted(forbiddenAdded)} added` });
  changes.push(
    ...restrictingList(name, key('allowed_imports'), sources(before.allowed), sources(after.allowed), { adding: 'allow-list', removing: 'everything not forbidden may be imported' }),
    ...restrictingList(name, key('public'), sources(before.public), sources(after.public), { adding: 'public entry points', removing: 'every file may be imported' }),
  );
  const typeBefore = before.typeImports ?? globalTypeImports[0];
  const typeAfter = after.typeImports ?? globalTypeImports[1];
  if (typeBefore !== typeAfter) {
    changes.push({ weakening: typeAfter === 'ignore', keyPath: key('type_imports'), message: `${name}: type-only imports ${typeAfter === 'ignore' ? 'no longer checked' : 'now checked'}` });
  }
  return changes;
}

const exceptionKey = (e: ExceptionRule) => `${e.from.source} → ${e.to.source}`;

function diffExceptions(before: ExceptionRule[], after: ExceptionRule[]): PolicyChange[] {
  const old = new Map(before.map((e) => [exceptionKey(e), e]));
  const now = new Map(after.map((e) => [exceptionKey(e), e]));
  const changes: PolicyChange[] = [];
  for (const [label, e] of now) {
    const previous = old.get(label);
    const keyPath = `exceptions[${e.index}]`;
    if (!previous) {
      changes.push({ weakening: true, keyPath, message: `exception added: ${label} (${e.reason}${e.owner ? `; owner ${e.owner}` : ''}${e.expires ? `; expires ${e.expires}` : '; never expires'})` });
    } else if ((previous.expires ?? '9999') < (e.expires ?? '9999')) {
      changes.push({ weakening: true, keyPath, message: `exception ${label} extended: expires ${previous.expires} → ${e.expires ?? 'never'}` });
    } else if ((previous.expires ?? '9999') > (e.expires ?? '9999')) {
      changes.push({ weakening: false, keyPath, message: `exception ${label} shortened: expires ${previous.expires ?? 'never'} → ${e.expires}` });
    }
  }
  for (const [label, e] of old) if (!now.has(label)) changes.push({ weakening: false, keyPath: `exceptions[${e.index}]`, message: `exception removed: ${label}` });
  return changes;
}

const UNOWNED_RANK = { allow: 0, warn: 1, error: 2 } as const;

function diffSettings(before: Config['settings'], after: Config['settings']): PolicyChange[] {
  const changes: PolicyChange[] = [];
  if (before.unowned !== after.unowned) {
    changes.push({ weakening: UNOWNED_RANK[after.unowned] < UNOWNED_RANK[before.unowned], keyPath: 'settings.unowned', message: `unowned files: "${before.unowned}" → "${after.unowned}"` });
  }
  if (before.typeImports !== after.typeImports) {
    changes.push({ weakening: after.typeImports === 'ignore', keyPath: 'settings.type_imports', message: `type-only imports ${after.typeImports === 'ignore' ? 'no longer checked' : 'now checked'} (settings.type_imports = "${after.typeImports}")` });
  }
  const excludeAdded = added(before.exclude, after.exclude);
  const excludeRemoved = removed(before.exclude, after.exclude);
  if (excludeAdded.length) changes.push({ weakening: true, keyPath: 'settings.exclude', message: `files excluded from checking: ${quoted(excludeAdded)}` });
  if (excludeRemoved.length) changes.push({ weakening: false, keyPath: 'settings.exclude', message: `files checked again: exclusion ${quoted(excludeRemoved)} removed` });
  const includeRemoved = removed(before.include, after.include);
  const includeAdded = added(before.include, after.include);
  if (includeRemoved.length) changes.push({ weakening: true, keyPath: 'settings.include', message: `include pattern ${quoted(includeRemoved)} removed` });
  if (includeAdded.length) changes.push({ weakening: false, keyPath: 'settings.include', message: `include pattern ${quoted(includeAdded)} added` });
  return changes;
}

/** Spec §2.3 / issue "policy changes": what changed between two versions of orchestrator.toml, in words. */
export function diffPolicy(before: Config, after: Config): PolicyChange[] {
  const changes = diffSettings(before.settings, after.settings);
  const previous = new Map(before.domains.map((d) => [d.name, d]));
  for (const domain of after.domains) {
    const old = previous.get(domain.name);
    if (old) changes.push(...diffDomain(old, domain, [before.settings.typeImports, after.settings.typeImports]));
    else changes.push({ weakening: false, keyPath: `domains.${domain.name}`, message: `domain ${domain.name} added` });
  }
  for (const domain of before.domains) {
    if (!after.domains.some((d) => d.name === domain.name)) {
      changes.push({ weakening: true, keyPath: `domains.${domain.name}`, message: `domain ${domain.name} removed: its scope and rules no longer apply` });
    }
  }
  return [...changes, ...diffExceptions(before.exceptions, after.exceptions)];
}

/** Policy changes as findings: a weakening fails unless it was allowed (`--allow-policy-change`). */
export function policyFindings(changes: PolicyChange[], after: Config, file: string, allowWeakening: boolean): Finding[] {
  return changes.map((change) => {
    const where = after.locate(change.keyPath);
    return finding({
      rule: 'policy-change',
      severity: change.weakening ? (allowWeakening ? 'warning' : 'error') : 'info',
      message: `${change.weakening ? 'weakened' : 'strengthened'}: ${change.message}`,
      hint: change.weakening
        ? allowWeakening
          ? 'allowed with --allow-policy-change'
          : 'policy changes need the owners\' agreement: rerun with --allow-policy-change once they have approved it'
        : 'a stricter policy; existing code may now have violations',
      file,
      ...(where && { line: where.line, column: where.column }),
      specifier: change.keyPath,
      target: change.message,
    });
  });
}
