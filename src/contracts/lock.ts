import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import type { Artifact } from '../config/index.js';
import { canonical } from './canonical.js';
import { type ContractChange, classifyChanges } from './classify/index.js';
import type { ContractProblem, ContractVerdict, Json } from './types.js';

/** Where the reviewed surfaces are kept, relative to the folder holding orchestrator.toml. */
export const LOCK_FILE = '.orchestrator/contracts.lock.json';

export interface LockEntry {
  format: string;
  path: string;
  sha256: string;
  surface?: Json;
}

/** A capability as `cn-guard ship` published it: which issue, at which commit, with which contracts. */
export interface Shipment {
  issue: string;
  commit?: string;
  /** `domain/kind` → SHA-256 of the artifacts tied to the capability, as shipped. */
  artifacts: Record<string, string>;
  shippedAt: string;
}

/** The reviewed state of every published artifact, by `domain/kind`, and the capabilities shipped. */
export interface Lock {
  version: 1;
  artifacts: Record<string, LockEntry>;
  shipments?: Record<string, Shipment>;
}

export const lockKey = (verdict: Pick<ContractVerdict, 'domain' | 'kind'>): string => `${verdict.domain}/${verdict.kind}`;

/**
 * The lock of these (valid) artifacts, as text: keys sorted at every level and two spaces of
 * indentation, so that a review diff of the lock reads as the change of the API itself.
 */
export function renderLock(verdicts: ContractVerdict[], shipments?: Lock['shipments']): string {
  const artifacts: Record<string, LockEntry> = {};
  for (const v of verdicts) {
    if (v.status !== 'valid' || v.hash === undefined) continue;
    artifacts[lockKey(v)] = { format: v.format, path: v.path, sha256: v.hash, ...(v.surface !== undefined && { surface: v.surface }) };
  }
  return writeLock({ version: 1, artifacts, ...(shipments && { shipments }) });
}

/** A lock as text, in the one layout every writer uses. */
export function writeLock(lock: Lock): string {
  const shipments = lock.shipments && Object.keys(lock.shipments).length > 0 ? lock.shipments : undefined;
  return `${JSON.stringify(canonical({ version: 1, artifacts: lock.artifacts, ...(shipments && { shipments }) }), null, 2)}\n`;
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
  } catch {
    // JSON.parse names no position for every error (Node 20: "Unexpected token … is not valid JSON"); jsonc-parser does.
    const errors: ParseError[] = [];
    parse(text, errors, { disallowComments: true, allowTrailingComma: false });
    const offset = errors[0]?.offset ?? 0;
    const before = text.slice(0, offset);
    throw new LockError({
      file: LOCK_FILE,
      line: before.split('\n').length,
      column: offset - before.lastIndexOf('\n'),
      message: `not valid JSON: ${errors[0] ? printParseErrorCode(errors[0].error) : 'unexpected end'}`,
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

/**
 * Whether two readings of an artifact offer its consumers the same. The surfaces decide, not the
 * bytes: a file the artifact references or imports changes the surface without changing the
 * artifact, a comment or the layout changes the bytes only. A `file` artifact has no surface: its
 * hash decides.
 */
export function sameSurface(a: Json | undefined, aHash: string | undefined, b: Json | undefined, bHash: string | undefined): boolean {
  return a !== undefined || b !== undefined ? JSON.stringify(a) === JSON.stringify(b) : aHash === bHash;
}

/** How an artifact stands against the lock: unknown to it, as reviewed, or changed (and how). */
export type LockStanding = { state: 'unlocked' } | { state: 'locked' } | { state: 'changed'; changes: ContractChange[] };

export function standing(verdict: ContractVerdict, artifact: Pick<Artifact, 'format' | 'path' | 'direction'>, lock: Lock | undefined): LockStanding {
  const entry = lock?.artifacts[lockKey(verdict)];
  if (!entry) return { state: 'unlocked' };
  if (sameSurface(entry.surface, entry.sha256, verdict.surface, verdict.hash)) return { state: 'locked' };
  return { state: 'changed', changes: classifyChanges(artifact, entry.surface, verdict.surface) };
}
