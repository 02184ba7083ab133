import { canonical } from './canonical.js';
import type { ContractProblem, ContractVerdict, Json } from './types.js';

/** Where the reviewed surfaces are kept, relative to the folder holding orchestrator.toml. */
export const LOCK_FILE = '.orchestrator/contracts.lock.json';

export interface LockEntry {
  format: string;
  path: string;
  sha256: string;
  surface?: Json;
}

/** The reviewed state of every published artifact, by `domain/kind`. */
export interface Lock {
  version: 1;
  artifacts: Record<string, LockEntry>;
}

export const lockKey = (verdict: Pick<ContractVerdict, 'domain' | 'kind'>): string => `${verdict.domain}/${verdict.kind}`;

/**
 * The lock of these (valid) artifacts, as text: keys sorted at every level and two spaces of
 * indentation, so that a review diff of the lock reads as the change of the API itself.
 */
export function renderLock(verdicts: ContractVerdict[]): string {
  const artifacts: Record<string, LockEntry> = {};
  for (const v of verdicts) {
    if (v.status !== 'valid' || v.hash === undefined) continue;
    artifacts[lockKey(v)] = { format: v.format, path: v.path, sha256: v.hash, ...(v.surface !== undefined && { surface: v.surface }) };
  }
  return `${JSON.stringify(canonical({ version: 1, artifacts }), null, 2)}\n`;
}

/** A lock that cannot be read: where, and why. */
export class LockError extends Error {
  constructor(readonly problem: ContractProblem) {
    super(problem.message);
  }
}

export function parseLock(text: string): Lock {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    throw new LockError({
      file: LOCK_FILE,
      line,
      column: at - before.lastIndexOf('\n'),
      message: `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`,
    });
  }
  const lock = value as Partial<Lock> | null;
  if (lock?.version !== 1 || typeof lock.artifacts !== 'object' || lock.artifacts === null || Array.isArray(lock.artifacts)) {
    throw new LockError({
      file: LOCK_FILE,
      line: 1,
      column: 1,
      message: 'not a contract lock of version 1 ({ "version": 1, "artifacts": { … } }): write it again with cn-guard contracts --update',
    });
  }
  return lock as Lock;
}

/** How an artifact stands against the lock: unknown to it, as reviewed, or changed (and what changed). */
export type LockStanding = { state: 'unlocked' } | { state: 'locked' } | { state: 'changed'; changes: string[] };

export function standing(verdict: ContractVerdict, lock: Lock | undefined): LockStanding {
  const entry = lock?.artifacts[lockKey(verdict)];
  if (!entry) return { state: 'unlocked' };
  if (entry.sha256 === verdict.hash) return { state: 'locked' };
  // A `file` artifact has no surface: its bytes are all there is to compare.
  if (entry.surface === undefined && verdict.surface === undefined) return { state: 'changed', changes: ['its content: changed'] };
  const changes = surfaceChanges(entry.surface ?? null, verdict.surface ?? null);
  // Bytes changed and the surface did not (a comment, a description, the layout): nothing to review.
  return changes.length === 0 ? { state: 'locked' } : { state: 'changed', changes };
}

/**
 * What differs between two surfaces, in words a reviewer can scan: the operations, schemas,
 * exports or files added, removed or changed (by name), or the places inside a schema that changed.
 */
export function surfaceChanges(before: Json, after: Json): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const named = (value: Json, key: string) => (isObject(value) && isObject(value[key]) ? (value[key] as Record<string, Json>) : undefined);
  const changes: string[] = [];
  for (const key of ['operations', 'schemas', 'exports', 'files']) {
    const [old, now] = [named(before, key), named(after, key)];
    if (!old && !now) continue;
    const names = [...new Set([...Object.keys(old ?? {}), ...Object.keys(now ?? {})])].sort();
    for (const name of names) {
      const [a, b] = [old?.[name], now?.[name]];
      if (a === undefined) changes.push(`${key} ${name}: added`);
      else if (b === undefined) changes.push(`${key} ${name}: removed`);
      else if (JSON.stringify(a) !== JSON.stringify(b)) changes.push(`${key} ${name}: changed`);
    }
  }
  const others = new Set([...Object.keys(isObject(before) ? before : {}), ...Object.keys(isObject(after) ? after : {})]);
  for (const key of ['operations', 'schemas', 'exports', 'files']) others.delete(key);
  for (const key of [...others].sort()) {
    const [a, b] = [isObject(before) ? before[key] : undefined, isObject(after) ? after[key] : undefined];
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push(...leafChanges(a ?? null, b ?? null, `/${key}`).slice(0, 10));
  }
  return changes.length > 0 ? changes : ['the surface: changed'];
}

const isObject = (value: Json | undefined): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The JSON pointers at which two values differ (for a schema: its keywords). */
function leafChanges(a: Json, b: Json, at: string): string[] {
  if (isObject(a) && isObject(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort().flatMap((key) => {
      if (!(key in a)) return [`${at}/${key}: added`];
      if (!(key in b)) return [`${at}/${key}: removed`];
      return leafChanges(a[key]!, b[key]!, `${at}/${key}`);
    });
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [`${at}: changed`];
}
