import { hash } from 'node:crypto';
import { byCodePoint } from './compare.js';
import type { RuleId, Severity } from './rules.js';

/** new: fails; suppressed: an exception covers it; known: in the baseline; preexisting: already at the PR base. */
export type FindingStatus = 'new' | 'suppressed' | 'known' | 'preexisting';

/**
 * One finding, in the shape of the json format (docs/output.md): a contract other tools build on.
 * Paths are relative to the directory holding orchestrator.toml, with `/` separators.
 * The edge keys (specifier, target, targetDomain, pattern) are present only for import findings.
 */
export interface Finding {
  rule: RuleId;
  severity: Severity;
  status: FindingStatus;
  message: string;
  file: string;
  line?: number;
  column?: number;
  domain?: string;
  specifier?: string;
  target?: string;
  targetDomain?: string;
  pattern?: string;
  typeOnly?: boolean;
  hint?: string;
  exception?: { reason: string; owner?: string; expires?: string };
  fingerprint: string;
}

export type FindingDraft = Omit<Finding, 'fingerprint' | 'status'> & {
  status?: FindingStatus;
  /**
   * What tells this finding from others of its rule and file when it is not about an import
   * edge (a policy change, a baseline entry): it feeds the fingerprint, and is not reported,
   * so that such findings leave the edge keys out (docs/output.md).
   */
  identity?: string;
};

/** Identity without line numbers, so a finding keeps it when code moves (baselines, PR diffs). */
export function fingerprintOf(f: Pick<Finding, 'rule' | 'file' | 'target' | 'specifier'>): string {
  // The one-shot `hash` (no Hash object per call): a finding for each of 200,000 files costs 0.2 s less.
  return hash('sha256', `${f.rule}\0${f.file}\0${f.target ?? ''}\0${f.specifier ?? ''}`, 'hex').slice(0, 16);
}

export function finding({ identity, ...draft }: FindingDraft): Finding {
  const fingerprint = fingerprintOf(identity === undefined ? draft : { rule: draft.rule, file: draft.file, target: identity });
  return { ...draft, status: draft.status ?? 'new', fingerprint };
}

/** Whether a finding makes the run fail at the given threshold. */
export function isFailing(f: Finding, failOn: 'error' | 'warning' | 'never' = 'error'): boolean {
  if (f.status !== 'new' || failOn === 'never') return false;
  return f.severity === 'error' || (failOn === 'warning' && f.severity === 'warning');
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function compareFindings(a: Finding, b: Finding): number {
  return (
    byCodePoint(a.domain ?? '\uffff', b.domain ?? '\uffff') ||
    byCodePoint(a.file, b.file) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    severityRank[a.severity] - severityRank[b.severity] ||
    byCodePoint(a.rule, b.rule)
  );
}
