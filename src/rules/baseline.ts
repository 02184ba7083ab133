import { byCodePoint, ConfigError, type Finding, finding, type RuleId, ruleInfo } from '../model/index.js';
import type { PolicyChange } from './policy.js';

/** A known violation, keyed without line numbers so it survives code moving (docs/modes.md, "Baselines"). */
export interface BaselineEntry {
  rule: RuleId;
  file: string;
  target?: string;
}

/** The rules whose violations a baseline may record: findings about code, not about the policy itself. */
const recordable = (f: Finding) => ruleInfo(f.rule).baselinable;

/** The one identity of a baseline entry: rule, importing file, target; no line numbers (docs/modes.md, "Baselines"). */
export const baselineKey = (e: { rule: string; file: string; target?: string }): string => `${e.rule}\0${e.file}\0${e.target ?? ''}`;
const describe = (e: BaselineEntry) => `${e.rule} ${e.file}${e.target ? ` → ${e.target}` : ''}`;

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return byCodePoint(a.file, b.file) || byCodePoint(a.rule, b.rule) || byCodePoint(a.target ?? '', b.target ?? '');
}

export function parseBaseline(text: string, file: string): BaselineEntry[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([{ file, message: `the baseline is not valid JSON: ${(error as Error).message}`, hint: 'regenerate it with `cn-guard baseline`' }]);
  }
  const entries = (document as { entries?: unknown })?.entries;
  const valid =
    Array.isArray(entries) &&
    entries.every((e) => typeof e?.rule === 'string' && typeof e?.file === 'string' && (e.target === undefined || typeof e.target === 'string'));
  if (!valid)
    throw new ConfigError([
      { file, message: 'the baseline must be { "version": 1, "entries": [{ "rule", "file", "target"? }] }', hint: 'regenerate it with `cn-guard baseline`' },
    ]);
  return entries as BaselineEntry[];
}

/** One entry per line, sorted: a reviewer sees exactly which violations were added or removed. */
export function serializeBaseline(entries: BaselineEntry[]): string {
  const unique = new Map(entries.map((e) => [baselineKey(e), { rule: e.rule, file: e.file, ...(e.target !== undefined && { target: e.target }) }]));
  const lines = [...unique.values()].sort(compareEntries).map((e) => `    ${JSON.stringify(e)}`);
  const list = lines.length === 0 ? '[]' : `[\n${lines.join(',\n')}\n  ]`;
  return `{\n  "version": 1,\n  "note": "Known violations recorded by \`cn-guard baseline\`; they are reported but do not fail. Entries only ever go away: \`cn-guard baseline --prune\`.",\n  "entries": ${list}\n}\n`;
}

/** Today's failing violations, as a new baseline. */
export function baselineOf(findings: Finding[]): BaselineEntry[] {
  return findings
    .filter((f) => f.status === 'new' && f.severity === 'error' && recordable(f))
    .map((f) => ({ rule: f.rule, file: f.file, ...(f.target !== undefined && { target: f.target }) }));
}

export interface BaselineResult {
  findings: Finding[];
  /** Entries that matched no finding. Only meaningful after a whole-repository check. */
  stale: BaselineEntry[];
}

/** Findings the baseline knows become `known` (reported, not failing). */
export function applyBaseline(findings: Finding[], entries: BaselineEntry[]): BaselineResult {
  // No baseline, nothing to mark: no key made for each of (at times) 200,000 findings.
  if (entries.length === 0) return { findings, stale: [] };
  const known = new Set(entries.map(baselineKey));
  const matched = new Set<string>();
  const marked = findings.map((f) => {
    const key = baselineKey(f);
    if (!recordable(f) || !known.has(key)) return f;
    // A violation an exception suppresses still exists: its entry is not stale.
    matched.add(key);
    return f.status === 'new' ? { ...f, status: 'known' as const } : f;
  });
  return { findings: marked, stale: entries.filter((e) => !matched.has(baselineKey(e))) };
}

export function staleBaselineFindings(stale: BaselineEntry[], baselineFile: string): Finding[] {
  return stale.map((entry) =>
    finding({
      rule: 'stale-baseline',
      severity: 'warning',
      message: `baseline entry ${describe(entry)} matches no violation any more`,
      hint: 'run `cn-guard baseline --prune` to drop it (the baseline only ever shrinks)',
      file: baselineFile,
      identity: baselineKey(entry),
    }),
  );
}

/** Entries a change adds to the baseline are accepted violations: a weakening of the policy. */
export function diffBaseline(before: BaselineEntry[], after: BaselineEntry[]): PolicyChange[] {
  const old = new Set(before.map(baselineKey));
  const gained = after.filter((e) => !old.has(baselineKey(e)));
  if (gained.length === 0) return [];
  const shown = gained.slice(0, 5).map(describe).join('; ');
  return [
    {
      weakening: true,
      message: `${gained.length} violation${gained.length === 1 ? '' : 's'} added to the baseline (${shown}${gained.length > 5 ? '; …' : ''})`,
    },
  ];
}
