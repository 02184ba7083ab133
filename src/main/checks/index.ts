import { capabilityReferences } from './capabilities.js';
import { contractValidity } from './contracts.js';
import { importRules } from './imports.js';
import { patternUsage } from './patterns.js';
import { policyChanges } from './policy.js';
import { scopeOfChanges } from './scope.js';
import type { ChangeCheck, SnapshotCheck } from './types.js';

/** What is checked of each state of the repository; a new check is one file and one entry here. */
export const snapshotChecks: readonly SnapshotCheck[] = [importRules, patternUsage, contractValidity, capabilityReferences];

/** What is checked of a change (staged and PR mode). */
export const changeChecks: readonly ChangeCheck[] = [scopeOfChanges, policyChanges];

export type { ChangeContext, PreviousState } from './types.js';
