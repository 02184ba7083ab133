import type { Finding } from '../model/index.js';

/**
 * PR mode (docs/modes.md, "Pull requests"): findings at head that also exist at the merge base, by fingerprint
 * (no line numbers), are pre-existing; only the others were introduced by the change.
 */
export function compareWithBase(head: Finding[], base: Finding[]): { findings: Finding[]; fixed: number } {
  const atBase = new Set(base.map((f) => f.fingerprint));
  const atHead = new Set(head.map((f) => f.fingerprint));
  const findings = head.map((f) => (f.status === 'new' && atBase.has(f.fingerprint) ? { ...f, status: 'preexisting' as const } : f));
  const fixed = base.filter((f) => f.severity !== 'info' && !atHead.has(f.fingerprint)).length;
  return { findings, fixed };
}
